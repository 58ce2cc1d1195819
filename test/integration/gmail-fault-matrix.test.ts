import { gmailFaultKinds } from '../../faults/gmail-faults.js';
import { describeFixedSeedFaults } from '../support/fault-matrix.js';

// The fault matrix's Gmail rows with fixed seeds, through the same code as `npm run faults
// -- --kind gmail-...` (docs/testing.md "Fault matrix"): the local Gmail API fails as Google
// documents it, and every run checks that every candidate mail is linked exactly once,
// nothing else is stored and nothing was sent twice; a failure prints the replay command.

describeFixedSeedFaults('the fault matrix with fixed seeds: Gmail', gmailFaultKinds);
