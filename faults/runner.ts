import type { FaultKind, FaultRunResult } from './types.js';
import { seededRandom } from './types.js';

/** One kind's line of the table. */
export interface KindTally {
  kind: string;
  runs: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  doubleSends: number;
  /** Runs that threw or did not finish in time (the engine never got back to up-to-date). */
  unfinished: number;
  /** Seeds of the runs that broke an invariant or did not finish. */
  failedSeeds: number[];
}

/**
 * The seed of run `index` of `kind` under `base`: run 0 uses the base seed itself, so that
 * `--kind K --seed S --runs 1` replays exactly the run that printed S; later runs mix the
 * kind's name and the index in (FNV-1a), so kinds and runs draw apart.
 */
export function runSeed(base: number, kind: string, index: number): number {
  if (index === 0) return base >>> 0;
  let hash = 0x811c9dc5;
  for (const char of `${base}:${kind}:${index}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

export function broken(result: FaultRunResult): boolean {
  return result.lost + result.duplicated + result.unexpected + result.doubleSends > 0;
}

/** Runs one seeded run of a kind; a throw becomes an unfinished run with its message. */
export async function runOnce(kind: FaultKind, seed: number, log: (line: string) => void = () => {}): Promise<{ result: FaultRunResult; unfinished: boolean }> {
  try {
    const result = await kind.run({ seed, random: seededRandom(seed), log });
    return { result, unfinished: false };
  } catch (error) {
    return { result: { lost: 0, duplicated: 0, unexpected: 0, doubleSends: 0, details: [`did not finish: ${error instanceof Error ? error.message : String(error)}`] }, unfinished: true };
  }
}

/** Runs `runs` seeded runs of a kind, one after the other, and tallies them. */
export async function runKind(kind: FaultKind, base: number, runs: number, report: (line: string) => void, verbose = false): Promise<KindTally> {
  const tally: KindTally = { kind: kind.name, runs: 0, lost: 0, duplicated: 0, unexpected: 0, doubleSends: 0, unfinished: 0, failedSeeds: [] };
  for (let index = 0; index < runs; index++) {
    const seed = runSeed(base, kind.name, index);
    const lines: string[] = [];
    const started = Date.now();
    const { result, unfinished } = await runOnce(kind, seed, (line) => lines.push(line));
    tally.runs += 1;
    tally.lost += result.lost;
    tally.duplicated += result.duplicated;
    tally.unexpected += result.unexpected;
    tally.doubleSends += result.doubleSends;
    if (unfinished) tally.unfinished += 1;
    const failed = unfinished || broken(result);
    if (failed) {
      tally.failedSeeds.push(seed);
      report(`${kind.name} run ${index + 1}/${runs} seed ${seed}: FAILED`);
      for (const line of [...lines, ...result.details.slice(0, 20)]) report(`    ${line}`);
      report(`    replay: npm run faults -- --kind ${kind.name} --seed ${seed} --runs 1`);
    } else {
      report(`${kind.name} run ${index + 1}/${runs} seed ${seed}: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (verbose) for (const line of lines) report(`    ${line}`);
    }
  }
  return tally;
}

/** The table: fault, runs, lost, duplicated, double sends, unexpected, unfinished. */
export function formatTable(tallies: readonly KindTally[]): string {
  const header = ['fault', 'runs', 'lost', 'duplicated', 'double sends', 'unexpected', 'unfinished'];
  const rows = tallies.map((tally) => [tally.kind, tally.runs, tally.lost, tally.duplicated, tally.doubleSends, tally.unexpected, tally.unfinished].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}
