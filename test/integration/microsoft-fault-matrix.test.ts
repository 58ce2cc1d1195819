import { describe, expect, it } from 'vitest';
import { microsoftFaultKinds } from '../../faults/microsoft-faults.js';
import { runOnce } from '../../faults/runner.js';

// The fault matrix's Microsoft rows with fixed seeds, through the same code as `npm run faults
// -- --kind microsoft-...` (docs/testing.md "Fault matrix"): the local Entra ID + Graph fail as Microsoft
// documents it, and every run checks that every candidate mail is linked exactly once,
// nothing else is stored and nothing was sent twice; a failure prints the replay command.

const seeds = [1, 2];

describe('the fault matrix with fixed seeds: Microsoft 365', () => {
  for (const kind of microsoftFaultKinds) {
    it(`${kind.name} (seeds ${seeds.join(', ')}): nothing lost, duplicated, stored without a candidate or sent twice`, async () => {
      for (const seed of seeds) {
        const lines: string[] = [];
        const { result, unfinished } = await runOnce(kind, seed, (line) => lines.push(line));
        const replay = `npm run faults -- --kind ${kind.name} --seed ${seed} --runs 1`;
        expect({ seed, unfinished, lost: result.lost, duplicated: result.duplicated, unexpected: result.unexpected, doubleSends: result.doubleSends, details: result.details, replay }, [...lines, replay].join('\n')).toEqual({
          seed,
          unfinished: false,
          lost: 0,
          duplicated: 0,
          unexpected: 0,
          doubleSends: 0,
          details: [],
          replay,
        });
      }
    }, 120_000);
  }
});
