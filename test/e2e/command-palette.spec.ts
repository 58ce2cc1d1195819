import { expect, test, type Page } from '@playwright/test';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * The command palette (Ctrl/⌘ K) in the real UI, keyboard only: a candidate by name, an
 * action, "write mail" to a candidate, the shortcuts overlay; German and English.
 */

test.describe('command palette', () => {
  let shell: RunningShell;
  let annaId: string;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: 'alice@hirebox.test' } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] }).id;
    callEngine(shell, 'candidates:create', { name: 'Jörg Groß', addresses: ['joerg@example.org'], applications: [{ jobId }] });
    callEngine(shell, 'jobs:create', { title: 'Backend Engineer' });
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  async function openApp(page: Page): Promise<void> {
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  const palette = (page: Page) => page.getByRole('dialog', { name: /Command palette|Befehlspalette/ });
  const field = (page: Page) => palette(page).getByRole('combobox');
  const activeOption = (page: Page) => palette(page).getByRole('option', { selected: true });

  test('goes to a candidate by name and runs actions, keyboard only', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await openApp(page);

    await page.keyboard.press('Control+k');
    await expect(palette(page)).toBeVisible();
    await expect(field(page)).toBeFocused();
    await expect(activeOption(page)).toHaveText(/Go to Inbox/);
    await snapshot(page, 'palette-en-1280-empty');

    // A candidate by part of the last name, found through the engine (candidates:list).
    await page.keyboard.type('apf');
    await expect(activeOption(page)).toContainText('Anna Apfel');
    await expect(field(page)).toHaveAttribute('aria-activedescendant', /.+/);
    await snapshot(page, 'palette-en-1280-candidate');
    await page.keyboard.press('Enter');
    await expect(palette(page)).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Apfel' })).toBeVisible();
    expect(page.url()).toContain(`#/candidates/${annaId}`);

    // Accents do not matter; arrows move, and wrap at the top.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('jorg');
    await expect(activeOption(page)).toContainText('Jörg Groß');
    await page.keyboard.press('Escape');
    await expect(palette(page)).toBeHidden();

    // An action: add a candidate opens the form on the candidates page.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('add cand');
    await expect(activeOption(page)).toHaveText(/Add candidate/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'New candidate' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'New candidate' })).toBeHidden();

    // Moving with the arrows; the shortcuts overlay lists the palette's own key.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('shortcuts');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(activeOption(page)).toHaveText(/Show keyboard shortcuts/);
    await page.keyboard.press('Enter');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay).toBeVisible();
    await expect(overlay.getByText('Ctrl/⌘ K')).toBeVisible();
    await expect(overlay.getByText('Open the command palette')).toBeVisible();
    await page.keyboard.press('Escape');

    // A job by name; nothing found says so, and offers to search mail for the words.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('backend');
    await expect(activeOption(page)).toContainText('Backend Engineer');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Backend Engineer' })).toBeVisible();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('zzqx');
    await expect(palette(page).getByRole('option')).toHaveText([/Search mail for “zzqx”/]);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('searchbox', { name: /search/i })).toHaveValue('zzqx');
    await context.close();
  });

  test('writes mail to a candidate picked by name', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await openApp(page);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('write');
    await expect(activeOption(page)).toHaveText(/Write mail/);
    await page.keyboard.press('Enter');
    await expect(field(page)).toHaveAttribute('placeholder', /Write to which candidate/);
    await expect(field(page)).toHaveValue('');
    await page.keyboard.type('anna');
    await expect(activeOption(page)).toContainText('Write to Anna Apfel');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Apfel' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Subject' })).toBeVisible();
    await context.close();
  });

  test('speaks German, finds English words too, and looks right at both sizes', async ({ browser }) => {
    for (const [language, locale] of [['de', 'de-DE'], ['en', 'en-US']] as const) {
      for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
        const context = await browser.newContext({ locale, viewport });
        const page = await context.newPage();
        await openApp(page);
        await page.keyboard.press(language === 'de' ? 'Meta+k' : 'Control+k');
        await expect(palette(page)).toBeVisible();
        await page.keyboard.type(language === 'de' ? 'inbox' : 'posteingang');
        await expect(activeOption(page)).toHaveText(language === 'de' ? /Zum Posteingang/ : /Go to Inbox/);
        await page.keyboard.press('Control+a');
        await page.keyboard.type('e');
        await snapshot(page, `palette-${language}-${viewport.width}`);
        await page.keyboard.press('Escape');
        await context.close();
      }
    }
  });
});
