// `npm run bench [-- <suite>...] [--messages N]`: builds the headless shell, bundles the
// benchmarks (bench/*.ts) and runs them. JSON on stdout, progress on stderr. Big fixtures
// are cached in ~/.cache/hirebox-bench (HIREBOX_BENCH_CACHE moves it), never in the repo.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

// The ui suite drives the real renderer build, so it is built too when ui runs (as with no suite named).
const named = process.argv.slice(2).filter((argument, index, all) => !argument.startsWith('--') && !(all[index - 1] ?? '').match(/^--(messages|candidates|arrivals|rounds|skip)$/));
const parts = named.length === 0 || named.includes('ui') ? ['shells', 'renderer'] : ['shells'];
for (const part of parts) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', part], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// In this checkout's dist/ (not the shared node_modules), so two checkouts never overwrite each other's bundle.
const outfile = path.resolve('dist/bench/main.mjs');
await build({ entryPoints: ['bench/main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
