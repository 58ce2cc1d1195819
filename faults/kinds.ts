import { backfillWhileMailArrives } from './backfill-live.js';
import { gmailFaultKinds } from './gmail-faults.js';
import { killFaultKinds } from './kill-faults.js';
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
  backfillWhileMailArrives,
  ...storeFaultKinds,
  ...gmailFaultKinds,
  ...microsoftFaultKinds,
];
