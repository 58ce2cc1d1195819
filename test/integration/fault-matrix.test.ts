import { afterAll, describe, expect, it } from 'vitest';
import { imapRun, stopsInBackground } from '../../faults/harness.js';
import { networkFaultKinds } from '../../faults/network-faults.js';
import { sendFaultKinds } from '../../faults/send-faults.js';
import { seededRandom } from '../../faults/types.js';
import { describeFixedSeedFaults } from '../support/fault-matrix.js';

// The fault matrix's fixed-seed subset (issue 9): each server and network fault kind runs
// for two fixed seeds through the same code as `npm run faults` (docs/testing.md "Fault
// matrix"). Every run checks that every candidate mail on the server is linked exactly
// once, nothing else is stored and nothing was sent twice; a failure prints the replay
// command. The full matrix (20 seeded runs a kind) is `npm run faults`.

afterAll(() => stopsInBackground(), 30_000);

describeFixedSeedFaults('the fault matrix with fixed seeds', [...networkFaultKinds, ...sendFaultKinds]);

describe('the fault matrix’s checks', () => {
  it('see a candidate mail that was never stored and a stored mail that should not be', async () => {
    const seed = 3;
    const result = await imapRun({ seed, random: seededRandom(seed), log: () => {} }, { size: { min: 30, max: 40 } }, async (run) => {
      await run.scanned();
      // No fault; the world is made to lie instead: one candidate mail the server never had,
      // and one stored candidate mail declared as mail without a candidate.
      run.drawn.world.candidateMail.push({ messageId: `<never-delivered.s${seed}@faults.example>`, candidateAddress: run.drawn.candidates[0]!.address });
      run.drawn.world.otherMail.push(run.drawn.world.candidateMail.shift()!);
    });
    expect(result).toMatchObject({ lost: 1, duplicated: 0, unexpected: 1, doubleSends: 0 });
    expect(result.details).toEqual([expect.stringMatching(/^not linked: <never-delivered/u), expect.stringMatching(/^stored without a candidate: /u)]);
  }, 60_000);
});
