import { microsoftFaultKinds } from '../../faults/microsoft-faults.js';
import { describeFixedSeedFaults } from '../support/fault-matrix.js';

// The fault matrix's Microsoft rows with fixed seeds, through the same code as `npm run faults
// -- --kind microsoft-...` (docs/testing.md "Fault matrix"): the local Entra ID + Graph fail as Microsoft
// documents it, and every run checks that every candidate mail is linked exactly once,
// nothing else is stored and nothing was sent twice; a failure prints the replay command.

describeFixedSeedFaults('the fault matrix with fixed seeds: Microsoft 365', microsoftFaultKinds);
