// Reads the runners' JSON reports and prints `N passed, N failed` as the last line.
// A missing report or a run without tests counts as a failure.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const reports = {
  vitest: 'reports/vitest.json',
  playwright: 'reports/playwright.json',
};

export function summarize() {
  let passed = 0;
  let failed = 0;
  const problems = [];
  for (const [runner, file] of Object.entries(reports)) {
    let report;
    try {
      report = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      problems.push(`${runner}: report ${file} is missing or unreadable`);
      continue;
    }
    const counts = runner === 'vitest' ? vitestCounts(report) : playwrightCounts(report);
    if (counts.passed + counts.failed === 0) problems.push(`${runner}: no test ran`);
    passed += counts.passed;
    failed += counts.failed;
  }
  for (const problem of problems) process.stdout.write(`${problem}\n`);
  // Each problem counts as one failure, so the line never reads clean when something is off.
  failed += problems.length;
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return { ok: failed === 0, passed, failed };
}

function vitestCounts(report) {
  // A file that fails to load has no test results; count it as failed.
  const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
  return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + brokenFiles };
}

function playwrightCounts(report) {
  const stats = report.stats ?? {};
  const errors = (report.errors ?? []).length;
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + errors };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(summarize().ok ? 0 : 1);
}
