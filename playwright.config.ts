import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (`apt-get install -y chromium`) drives the real
 * renderer against the headless shell, which runs the real engine on a fresh data folder.
 * `npx playwright install` cannot download browsers here (RECIPES.md), hence the fixed path.
 * Build first (`npm run build`): the tests run `bin/hirebox.js`, which serves `dist/`.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
