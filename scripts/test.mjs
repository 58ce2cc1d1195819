// The one test command (`npm test`): type-checks every TypeScript project, builds the
// app, runs the unit and integration tests (Vitest, including the layer check) and the
// end-to-end tests (Playwright in Debian's Chromium against the headless shell).
// Every step runs even when an earlier one failed, so one run shows all failures.
// The last line is `N passed, N failed`, read from the runners' JSON reports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { summarize } from './summarize-reports.mjs';

const steps = [
  ['type-check engine and headless shell', 'npx', ['tsc', '-p', 'tsconfig.node.json']],
  ['type-check desktop shell', 'npx', ['tsc', '-p', 'tsconfig.electron.json']],
  ['type-check renderer', 'npx', ['tsc', '-p', 'tsconfig.renderer.json']],
  ['build', 'node', ['scripts/build.mjs']],
  ['unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']],
  ['end-to-end tests', 'npx', ['playwright', 'test']],
];

const stepTimeoutMs = 20 * 60_000;

fs.rmSync('reports', { recursive: true, force: true });
fs.mkdirSync('reports', { recursive: true });
const failedSteps = [];
for (const [name, command, args] of steps) {
  process.stdout.write(`\n=== ${name}\n`);
  // A hung runner must fail its step, not use up CI's time.
  const { status, error } = spawnSync(command, args, { stdio: 'inherit', timeout: stepTimeoutMs, killSignal: 'SIGKILL' });
  if (error) process.stdout.write(`${name}: ${error.code === 'ETIMEDOUT' ? `stopped after ${stepTimeoutMs / 60_000} minutes` : error.message}\n`);
  if (status !== 0) failedSteps.push(name);
}
if (failedSteps.length > 0) process.stdout.write(`\nFailed steps: ${failedSteps.join(', ')}\n`);
const summary = summarize();
process.exit(failedSteps.length > 0 || !summary.ok ? 1 : 0);
