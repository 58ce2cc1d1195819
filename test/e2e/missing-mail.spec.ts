import { expect, test } from '@playwright/test';
import { buildMessage } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot } from './headless-shell.js';
import { alice, hoursAgo, startMailboxWorld, type MailboxWorld } from './mailbox-fixture.js';

/**
 * "A mail is missing?" on the candidate profile: a mail Anna sent that the user filed in
 * Archive is found with its reason, and scanning that folder brings it onto the profile.
 */


test.describe('a mail is missing?', () => {
  let world: MailboxWorld;
  let shell: RunningShell;
  let annaId: string;

  test.beforeAll(async () => {
    world = await startMailboxWorld({
      mail: {
        INBOX: [{ internalDate: hoursAgo(3), raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'Hello from Anna', date: hoursAgo(3), body: 'Hi' }) }],
        Archive: [{ internalDate: hoursAgo(2), raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'My portfolio, filed away', date: hoursAgo(2), body: 'See attached.' }) }],
      },
    });
    ({ shell, annaId } = world);
  });

  test.afterAll(async () => {
    await world?.stop();
  });

  test('a mail in Archive: "in a folder that is not scanned", and scanning the folder brings it in', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${annaId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    const conversations = page.getByRole('list', { name: 'Conversations' });
    await expect(conversations.getByText('Hello from Anna')).toBeVisible();
    await expect(conversations.getByText('My portfolio, filed away')).toHaveCount(0);

    const card = page.getByRole('region', { name: 'A mail is missing?' });
    await card.getByRole('button', { name: 'Look for missing mail' }).click();
    await expect(card).toContainText('1 mail with these addresses is not on this profile', { timeout: 15_000 });
    const hit = card.getByRole('article', { name: 'My portfolio, filed away' });
    await expect(hit).toContainText('From anna@example.org, in Archive');
    await expect(hit).toContainText('In a folder that is not scanned: “Archive”.');
    await snapshot(page, '95-missing-mail');

    await hit.getByRole('button', { name: 'Scan “Archive” too' }).click();
    await expect(card).toContainText('Nothing is missing', { timeout: 20_000 });
    await expect(conversations.getByText('My portfolio, filed away')).toBeVisible({ timeout: 10_000 });
    await snapshot(page, '96-missing-mail-fixed');

    // Settings say so too: Archive is scanned now.
    expect(callEngine<{ path: string; scanned: boolean }[]>(shell, 'mailboxes:folders', { mailboxId: callEngine<{ items: { id: string }[] }>(shell, 'mailboxes:list', {}).items[0]!.id }).find((folder) => folder.path === 'Archive')?.scanned).toBe(true);
    await context.close();
  });

  test('reads in German at 1920×1080', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${annaId}`);
    const card = page.getByRole('region', { name: 'Fehlt eine E-Mail?' });
    await card.getByRole('button', { name: 'Nach fehlenden E-Mails suchen' }).click();
    await expect(card).toContainText('Es fehlt nichts', { timeout: 15_000 });
    await snapshot(page, '97-missing-mail-de');
    await context.close();
  });
});
