import { describe, expect, it } from 'vitest';
import { runOnce } from '../../faults/runner.js';
import type { FaultKind } from '../../faults/types.js';

/**
 * The fault matrix's fixed-seed rows for some kinds, through the same code as `npm run
 * faults` (docs/testing.md "Fault matrix"): every run must link every candidate mail exactly
 * once, store nothing else and send nothing twice; a failure prints its replay command.
 */
export function describeFixedSeedFaults(title: string, kinds: readonly FaultKind[], seeds: readonly number[] = [1, 2]): void {
  describe(title, () => {
    for (const kind of kinds) {
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
}
