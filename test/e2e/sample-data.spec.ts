import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import type { RunningShell } from './headless-shell.js';
import { callEngine, openAppAt, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * "Explore with sample data" through the real UI against `hirebox serve`: the
 * empty inbox after first run offers it, the sample mail lands in the inbox (a forward
 * marked as a forward), and "Remove sample data" in Settings leaves the workspace as it was
 * — every table of the database counted before and after. While it is loaded, the inbox
 * says so above the list, with "Remove sample data" right there.
 */

/** Rows per table, read from the shell's database by a second (read-only) connection. */
function tableCounts(shell: RunningShell): Record<string, number> {
  const db = new Database(path.join(shell.dataFolder, 'hirebox.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    return Object.fromEntries(tables.map((name) => [name, db.prepare<[], number>(`SELECT count(*) FROM "${name}"`).pluck().get() ?? 0]));
  } finally {
    db.close();
  }
}

test.describe('sample data', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Nordlicht GmbH', domains: ['nordlicht.example'], owner: { name: 'Marie Schulz', email: 'marie.schulz@nordlicht.example' } });
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('loads from the empty inbox, marks the forward, and is removed without a trace', async ({ browser }) => {
    const before = tableCounts(shell);
    const { page, problems } = await openAppAt(browser, shell, '#/inbox', 'en-US');

    // --- The offer beside "Connect a mailbox", right after first run ---
    const offer = page.getByRole('region', { name: 'Explore with sample data' });
    await expect(offer).toBeVisible();
    await offer.getByRole('button', { name: 'Load sample data' }).click();

    // --- The sample conversations in the inbox ---
    const list = page.getByRole('region', { name: 'Conversations' });
    // Newest first: the application that came in this morning.
    await expect(list.getByRole('link', { name: /Bewerbung Product Designer/ })).toBeVisible();
    // Nobody takes a sample mail for a real one: the inbox says what it shows.
    await expect(page.getByRole('region', { name: 'You are exploring sample data' }).getByRole('button', { name: 'Remove sample data' })).toBeVisible();
    await snapshot(page, 'sample-data-inbox-en');
    // The forward (to an interviewer, not to the candidate) is further down, marked as a forward (R6).
    await list.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const forward = list.getByRole('link', { name: /WG: Bewerbung als Senior Backend Engineer/ });
    await expect(forward).toBeVisible();
    await expect(forward.locator('[data-reason="forward"]')).toHaveText('Forwarded; candidate not a recipient');
    await forward.click();
    const reading = page.getByRole('article', { name: 'WG: Bewerbung als Senior Backend Engineer' });
    await expect(reading.getByText('Forwarded; candidate not a recipient')).toBeVisible();
    await expect(reading.getByText('---------- Weitergeleitete Nachricht ----------')).toBeVisible();


    // Status and counts agree with what the screen shows.
    const status = callEngine<{ loaded: boolean; candidates: number; messages: number; offered: boolean }>(shell, 'sample:status', {});
    expect(status).toMatchObject({ loaded: true, offered: false, candidates: 10 });
    expect(status.messages).toBeGreaterThanOrEqual(30);
    // The archived job's candidate kept the mail stored while the job was open.
    const loaded = tableCounts(shell);
    expect(loaded['jobs']).toBe(4);
    expect(loaded['attachments']).toBeGreaterThanOrEqual(3);
    expect(loaded['mailboxes']).toBe(1);

    // --- Remove sample data in Settings › Workspace ---
    await page.goto(`${shell.url.replace(/#.*$/, '')}#/settings/workspace`);
    const loadedCard = page.getByRole('region', { name: 'Explore with sample data' });
    await expect(loadedCard.getByRole('heading', { name: 'Sample data is loaded' })).toBeVisible();
    await snapshot(page, 'sample-data-settings-en');
    await loadedCard.getByRole('button', { name: 'Remove sample data' }).click();
    // The offer stands again (no mailbox is connected), and the workspace is as before.
    await expect(loadedCard.getByRole('button', { name: 'Load sample data' })).toBeVisible();
    expect(tableCounts(shell)).toEqual(before);

    await page.goto(`${shell.url.replace(/#.*$/, '')}#/inbox`);
    await expect(page.getByRole('heading', { name: 'Your candidate mail will show up here' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('is offered in German too, unclipped at 1280×720 and 1920×1080', async ({ browser }) => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      const { page } = await openAppAt(browser, shell, '#/inbox', 'de-DE', viewport);
      const offer = page.getByRole('region', { name: 'Mit Beispieldaten ausprobieren' });
      const button = offer.getByRole('button', { name: 'Beispieldaten laden' });
      await expect(button).toBeVisible();
      // The button's words fit inside it, and the card inside its column.
      expect(await button.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      const card = await offer.boundingBox();
      expect(card!.x + card!.width).toBeLessThanOrEqual(viewport.width);
      await snapshot(page, `sample-data-inbox-de-${viewport.width}`);
      await page.goto(`${shell.url.replace(/#.*$/, '')}#/settings/workspace`);
      await expect(page.getByRole('region', { name: 'Mit Beispieldaten ausprobieren' }).getByRole('button', { name: 'Beispieldaten laden' })).toBeVisible();
      await snapshot(page, `sample-data-settings-de-${viewport.width}`);
      await page.context().close();
    }
  });

  test('the inbox says it shows sample data, in both languages, and removes it from there', async ({ browser }) => {
    const before = tableCounts(shell);
    callEngine(shell, 'sample:load', {});
    for (const [locale, title, remove] of [
      ['en-US', 'You are exploring sample data', 'Remove sample data'],
      ['de-DE', 'Du erkundest gerade Beispieldaten', 'Beispieldaten entfernen'],
    ] as const) {
      for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
        const { page } = await openAppAt(browser, shell, '#/inbox', locale, viewport);
        const banner = page.getByRole('region', { name: title });
        const button = banner.getByRole('button', { name: remove });
        await expect(button).toBeVisible();
        // The sample conversations are listed below it.
        await expect(page.getByRole('region', { name: locale === 'en-US' ? 'Conversations' : 'Verläufe' }).getByRole('link').first()).toBeVisible();
        // The words fit in the button, and the banner in the list pane.
        expect(await button.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        const pane = await page.locator('.inbox-list-pane').boundingBox();
        const box = await banner.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(pane!.x + pane!.width);
        await snapshot(page, `sample-data-banner-${locale.slice(0, 2)}-${viewport.width}`);
        await page.context().close();
      }
    }

    const { page, problems } = await openAppAt(browser, shell, '#/inbox', 'de-DE');
    await page.getByRole('region', { name: 'Du erkundest gerade Beispieldaten' }).getByRole('button', { name: 'Beispieldaten entfernen' }).click();
    // The banner goes with the sample data; the empty inbox offers it again.
    await expect(page.getByRole('heading', { name: 'Hier erscheinen die E-Mails mit deinen Kandidat*innen' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Du erkundest gerade Beispieldaten' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Mit Beispieldaten ausprobieren' })).toBeVisible();
    expect(tableCounts(shell)).toEqual(before);
    expect(problems).toEqual([]);
  });
});
