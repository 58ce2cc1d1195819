import { killDuringLiveSync } from './kill-live.js';
import { killDuringScan } from './kill-scan.js';
import { killDuringSend } from './kill-send.js';
import type { FaultKind } from './types.js';

/**
 * The fault kinds that kill the engine (issue 9): `hirebox serve` runs in a process of its
 * own, gets SIGKILL at a point drawn from the run's seed, and is started again on the data
 * folder it left — during the first scan, during live sync, and while the outbox sends.
 */
export const killFaultKinds: FaultKind[] = [killDuringScan, killDuringLiveSync, killDuringSend];
