import { backfillWhileMailArrives } from './backfill-live.js';
import { diskFull } from './disk-full.js';
import { gmailFaultKinds } from './gmail-faults.js';
import { killFaultKinds } from './kill-faults.js';
import { killDuringMigration } from './kill-migration.js';
import { longThread } from './long-thread.js';
import { microsoftFaultKinds } from './microsoft-faults.js';
import { networkFaultKinds } from './network-faults.js';
import { sendFaultKinds } from './send-faults.js';
import { storeFaultKinds } from './store-faults.js';
import type { FaultKind } from './types.js';

/** Every fault kind `npm run faults` knows, in table order. */
export const faultKinds: FaultKind[] = [
  ...networkFaultKinds,
  ...sendFaultKinds,
  ...killFaultKinds,
  // Not among killFaultKinds: engine-kill.test.ts runs those with fixed seeds; one run of this takes ~30 s.
  killDuringMigration,
  backfillWhileMailArrives,
  ...storeFaultKinds,
  diskFull,
  longThread,
  ...gmailFaultKinds,
  ...microsoftFaultKinds,
];
