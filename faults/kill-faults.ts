import type { FaultKind } from './types.js';

/** SIGKILL-the-engine fault kinds (issue 9); the kill branch fills this in. */
export const killFaultKinds: FaultKind[] = [];
