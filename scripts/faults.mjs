// `npm run faults [-- --runs N] [--seed S] [--kind NAME]...`: bundles the fault matrix
// (faults/*.ts) and runs it; see docs/testing.md "Fault matrix". The table goes to stdout,
// progress and failing seeds to stderr. The kill-* kinds start the built headless shell
// (`bin/hirebox.js serve`), so the shells are built first, as for the benchmarks.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const built = spawnSync(process.execPath, ['scripts/build.mjs', 'shells'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const outfile = path.resolve('dist/faults/main.mjs');
await build({ entryPoints: ['faults/main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
