import { expect, test } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * "A mail is missing?" on the candidate profile: a mail Anna sent that the user filed in
 * Archive is found with its reason, and scanning that folder brings it onto the profile.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);

test.describe('a mail is missing?', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let annaId: string;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId }] }).id;
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      { internalDate: hoursAgo(3), raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'Hello from Anna', date: hoursAgo(3), body: 'Hi' }) },
    ]);
    writeMaildirMessages(dovecot, alice.address, 'Archive', [
      { internalDate: hoursAgo(2), raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'My portfolio, filed away', date: hoursAgo(2), body: 'See attached.' }) },
    ]);
    const mailbox = await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
      address: alice.address,
      userName: alice.address,
      password: alice.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
    await callEngineAsync(shell, 'mailboxes:sync-now', { mailboxId: mailbox.id });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
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
