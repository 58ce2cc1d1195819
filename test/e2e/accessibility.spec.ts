import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Locale, ScreensWorkspace } from './screens-fixture.js';
import { openApp, showScreen, startScreensWorkspace } from './screens-fixture.js';

/**
 * axe-core on every screen with data, in English and German, plus the first run and an
 * open dialog: no serious or critical violation (contrast, names, roles, labels, …).
 */

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${where}: ${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

test.describe('accessibility', () => {
  let workspace: ScreensWorkspace;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    workspace = await startScreensWorkspace();
  });

  test.afterAll(async () => {
    await workspace?.stop();
  });

  for (const locale of ['en-US', 'de-DE'] as const satisfies readonly Locale[]) {
    test(`no serious violations on any screen in ${locale}`, async ({ browser }) => {
      const page = await openApp(browser, workspace.shell, locale, { width: 1280, height: 720 });
      const report: string[] = [];
      for (const screen of workspace.screens) {
        await showScreen(page, workspace.shell, screen, locale);
        report.push(...(await seriousViolations(page, screen.name)));
      }
      // A dialog: "New candidate" on the candidates page.
      await showScreen(page, workspace.shell, workspace.screens.find((screen) => screen.name === 'candidates')!, locale);
      await page.getByRole('button', { name: locale === 'en-US' ? /New candidate/ : /Neue\*r Kandidat\*in/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      report.push(...(await seriousViolations(page, 'new-candidate-dialog')));
      await page.keyboard.press('Escape');

      const firstRun = await openApp(browser, workspace.firstRunShell, locale, { width: 1280, height: 720 });
      report.push(...(await seriousViolations(firstRun, 'first-run')));
      expect(report).toEqual([]);
      await page.context().close();
      await firstRun.context().close();
    });
  }
});
