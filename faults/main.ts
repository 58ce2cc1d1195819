import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { stopsInBackground } from './harness.js';
import { faultKinds } from './kinds.js';
import { formatTable, runKind, type KindTally } from './runner.js';

/**
 * `npm run faults [-- --runs N] [--seed S] [--kind NAME]... [--verbose]`: the fault matrix
 * (issue 9); `--verbose` prints what every run drew and saw, not only the failing ones.
 * Every kind runs N seeded runs (default 20); the base seed is printed first, and every
 * failing run prints its own seed with the command that replays it. Ends with the table;
 * exit code 1 when any invariant broke or a run did not finish.
 */
function log(line: string): void {
  process.stderr.write(`[faults] ${line}\n`);
}

// Stopped by Ctrl+C or a kill: exit normally, so every Dovecot of a run in progress is
// stopped and its folder removed (startDovecot's exit hook) instead of outliving the runner.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, seed: { type: 'string' }, kind: { type: 'string', multiple: true }, verbose: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs <= 0) {
  log(`--runs takes a positive whole number, not ${JSON.stringify(values.runs)}`);
  process.exit(2);
}
const seed = values.seed === undefined ? randomInt(0, 2 ** 32) : Number(values.seed);
if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
  log(`--seed takes a whole number from 0 to ${2 ** 32 - 1}, not ${JSON.stringify(values.seed)}`);
  process.exit(2);
}
const names = values.kind ?? faultKinds.map((kind) => kind.name);
const unknown = names.filter((name) => !faultKinds.some((kind) => kind.name === name));
if (unknown.length > 0) {
  log(`Unknown fault kind ${unknown.join(', ')}; there are: ${faultKinds.map((kind) => kind.name).join(', ')}`);
  process.exit(2);
}

process.stdout.write(`seed ${seed} (replay all: npm run faults -- --seed ${seed} --runs ${runs})\n`);
const started = Date.now();
const tallies: KindTally[] = [];
for (const name of names) {
  const kind = faultKinds.find((known) => known.name === name)!;
  log(`${kind.name}: ${kind.description}`);
  tallies.push(await runKind(kind, seed, runs, log, values.verbose));
}
await stopsInBackground();
process.stdout.write(`\n${formatTable(tallies)}\n\nseed ${seed}, ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
const failed = tallies.filter((tally) => tally.failedSeeds.length > 0);
for (const tally of failed) {
  process.stdout.write(`${tally.kind}: failing seeds ${tally.failedSeeds.join(', ')} (replay one: npm run faults -- --kind ${tally.kind} --seed ${tally.failedSeeds[0]} --runs 1)\n`);
}
process.exit(failed.length > 0 ? 1 : 0);
