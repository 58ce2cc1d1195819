import { expect, test } from '@playwright/test';
import { buildMessage } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot } from './headless-shell.js';
import { alice, hoursAgo, startMailboxWorld, type MailboxWorld } from './mailbox-fixture.js';

/**
 * Search in the real UI: `/` puts the cursor in the search field, results come as you type
 * with the matched letters marked, a word that appears only in an attachment's name finds
 * its mail, and it still does once the mail servers are gone (R15).
 */


function withAttachment(fileName: string): string {
  const boundary = 'e2e-search';
  return [
    'From: Anna Adler <anna@example.org>',
    `To: Alice Adams <${alice.address}>`,
    'Subject: Meine Unterlagen',
    `Date: ${hoursAgo(2).toUTCString()}`,
    'Message-ID: <e2e-search-docs@test>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Guten Tag, anbei wie besprochen meine Zeugnisse.',
    `--${boundary}`,
    `Content-Type: application/pdf; name="${fileName}"`,
    `Content-Disposition: attachment; filename="${fileName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4').toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

test.describe('search', () => {
  let world: MailboxWorld;
  let shell: RunningShell;

  test.beforeAll(async () => {
    world = await startMailboxWorld({
      mail: {
        INBOX: [
          { internalDate: hoursAgo(3), raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'Frage zum Termin', date: hoursAgo(3), body: 'Passt Ihnen Montag?' }) },
          { internalDate: hoursAgo(2), raw: withAttachment('Arbeitsprobe_Quarkbrot-2026.pdf') },
        ],
      },
    });
    shell = world.shell;
  });

  test.afterAll(async () => {
    await world?.stop();
  });

  test('finds a word that is only in an attachment name, as you type, also with the servers gone', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

    await page.keyboard.press('/');
    const field = page.getByRole('searchbox', { name: 'Search mail' });
    await expect(field).toBeFocused();
    await page.keyboard.type('quarkb');
    await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
    await expect(field).toBeFocused();
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('article');
    await expect(hit).toHaveCount(1);
    await expect(hit.getByRole('link', { name: 'Meine Unterlagen' })).toBeVisible();
    // Only the letters typed are marked, in the attachment's name.
    await expect(hit.locator('mark')).toHaveText(['Quarkb']);
    await expect(hit.getByRole('list', { name: 'Attachments' })).toHaveText('Arbeitsprobe_Quarkbrot-2026.pdf');
    await snapshot(page, '80-search-attachment-name');

    // A date range that ends before the mail came finds nothing; clearing it finds it again.
    const yesterday = hoursAgo(48);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    await page.getByLabel('To', { exact: true }).fill(day);
    await expect(page.getByRole('heading', { name: 'No mail matches' })).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(hit).toHaveCount(1);

    // Opening a result opens its conversation.
    await hit.getByRole('link', { name: 'Meine Unterlagen' }).click();
    await expect(page.getByText('anbei wie besprochen meine Zeugnisse').first()).toBeVisible();

    // The mail servers go away; search reads only what is stored on this computer.
    await world.stopServers();
    await page.reload();
    await expect(field).toBeVisible();
    await expect(page.getByText('anbei wie besprochen meine Zeugnisse').first()).toBeVisible();
    await page.keyboard.press('/');
    await expect(field).toBeFocused();
    await page.keyboard.type('Quarkbrot');
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark')).toHaveText(['Quarkbrot']);
    await field.fill('anna termin');
    await expect(hit).toHaveCount(1);
    await expect(hit.getByRole('link', { name: 'Frage zum Termin' })).toBeVisible();
    await context.close();
  });

  test('reads in German at 1920×1080', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('searchbox', { name: 'E-Mails durchsuchen' }).fill('zeugnisse');
    const hit = page.getByRole('list', { name: 'Suchergebnisse' }).getByRole('article');
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark')).toHaveText(['Zeugnisse']);
    await expect(page.getByRole('status').filter({ hasText: '1 E-Mail' })).toBeVisible();
    await snapshot(page, '81-search-de');
    await context.close();
  });

  test('writes dates in the UI language, not the browser’s', async ({ browser }) => {
    // German chosen in Settings on an English system: Chromium would draw its date field as mm/dd/yyyy.
    callEngine(shell, 'preferences:update', { language: 'de' });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('searchbox', { name: 'E-Mails durchsuchen' }).fill('zeugnisse');
    const hit = page.getByRole('list', { name: 'Suchergebnisse' }).getByRole('article');
    await expect(hit).toHaveCount(1);
    const since = page.getByLabel('Von', { exact: true });
    const until = page.getByLabel('Bis', { exact: true });
    await expect(since).toHaveAttribute('placeholder', 'TT.MM.JJJJ');

    // A day typed the German way, without leading zeros, filters; it reads back as dd.mm.yyyy.
    const yesterday = hoursAgo(48);
    await until.fill(`${yesterday.getDate()}.${yesterday.getMonth() + 1}.${yesterday.getFullYear()}`);
    await expect(page.getByRole('heading', { name: 'Keine passende E-Mail' })).toBeVisible();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await expect(hit).toHaveCount(1);
    await expect(until).toHaveValue('');
    await since.fill(`${String(yesterday.getDate()).padStart(2, '0')}.${String(yesterday.getMonth() + 1).padStart(2, '0')}.${yesterday.getFullYear()}`);
    await since.blur();
    await expect(since).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
    await expect(since).not.toHaveAttribute('aria-invalid', 'true');
    await expect(hit).toHaveCount(1);
    // What cannot be a day is marked, and changes nothing.
    await until.fill('31.02.2026');
    await until.blur();
    await expect(until).toHaveAttribute('aria-invalid', 'true');
    await expect(hit).toHaveCount(1);
    await expect(page.getByRole('button', { name: '„Bis“ im Kalender wählen' })).toBeVisible();
    await snapshot(page, '82-search-dates-de-on-english-system');
    await context.close();
    callEngine(shell, 'preferences:update', { language: 'system' });
  });
});
