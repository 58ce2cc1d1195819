import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { changePassword } from '../support/mail-servers/dovecot-faults.js';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * A password changed elsewhere, repaired in the real UI against a real Dovecot: the mailbox
 * shows "sign-in needed" with a field for the new password right in its row; a mistyped one
 * is tested and refused with nothing saved; the right one resumes sync where it stopped —
 * the mail that arrived meanwhile shows up once, nothing is fetched twice — and the reply
 * written during the outage goes out exactly once. Setup goes through `hirebox call`.
 */

const rita = { address: 'rita@hirebox.test', password: 'rita-password', newPassword: 'rita-changed-password' };

interface ThreadSummary {
  subject: string;
  messageCount: number;
}

test.describe('repairing a mailbox', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let mailboxId: string;
  let annaId: string;

  test.beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: rita.address, password: rita.password }] });
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Rita Recruiter', email: rita.address } });
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId }] }).id;
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    writeMaildirMessages(dovecot, rita.address, 'INBOX', [
      { internalDate: twoHoursAgo, raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: rita.address, subject: 'My application', date: twoHoursAgo, body: 'Dear Rita, here is my application.' }) },
    ]);
    mailboxId = (
      await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
        address: rita.address,
        userName: rita.address,
        password: rita.password,
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      })
    ).id;
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  async function openMailboxes(page: Page): Promise<void> {
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/settings/mailboxes`);
    await expect(page.getByRole('heading', { level: 2, name: /^(Mailboxes|Postfächer)$/ })).toBeVisible();
  }

  test('a changed password: sign-in needed, the new one typed in the row, sync resumes, the waiting reply goes once', async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await openMailboxes(page);
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Rita Recruiter' });
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 15_000 });

    // Changed elsewhere (webmail, the IT desk): the open session ends, the next login is refused.
    changePassword(dovecot, rita.address, rita.newPassword);
    await dovecot.doveadm(['kick', rita.address]);
    await expect(row.locator('.status')).toHaveText('Sign-in needed: the password was rejected', { timeout: 20_000 });
    const form = row.getByRole('form', { name: 'Sign in again' });
    await expect(form).toBeVisible();
    await expect(form).toContainText(`The server no longer accepts the saved password for ${rita.address}`);

    // Life goes on meanwhile: Anna writes again, and Rita answers her first mail.
    await deliverByLmtp(dovecot, {
      from: 'anna@example.org',
      to: [rita.address],
      raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: rita.address, subject: 'One more question', date: new Date(), body: 'Is the role remote?' }),
    });
    const waiting = callEngine<{ id: string }>(shell, 'outbox:send', { mailboxId, candidateId: annaId, to: ['anna@example.org'], subject: 'Your application', body: 'Dear Anna, thank you!' });
    await snapshot(page, '80-sign-in-needed');

    // A typo: tested, refused in words, nothing saved, the field is empty and focused again.
    const passwordField = form.getByLabel('Current password');
    await passwordField.fill('rita-changed-pasword');
    await form.getByRole('button', { name: /^Test and resume sync/ }).click();
    await expect(form.getByRole('alert').first()).toContainText('Nothing was saved');
    const incoming = form.getByRole('list', { name: 'Incoming mail (IMAP)' });
    await expect(incoming.getByRole('listitem').filter({ hasText: 'Sign-in' })).toContainText('Failed');
    await expect(passwordField).toHaveValue('');
    await expect(passwordField).toBeFocused();
    await expect(row.locator('.status')).toHaveText('Sign-in needed: the password was rejected');
    expect(smtp.dataTransactions).toHaveLength(0);
    await snapshot(page, '81-sign-in-refused');

    await passwordField.fill(rita.newPassword);
    await form.getByRole('button', { name: /^Test and resume sync/ }).click();
    const done = row.getByRole('status').filter({ hasText: 'Signed in again. Sync resumes where it stopped.' });
    await expect(done).toBeVisible({ timeout: 15_000 });
    await expect(done.getByRole('button', { name: 'Done' })).toBeFocused();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 15_000 });
    await snapshot(page, '82-signed-in-again');
    await done.getByRole('button', { name: 'Done' }).click();
    await expect(done).toBeHidden();

    // The reply that waited goes out once; the mail of the outage is there, once; nothing doubled.
    const stateOfWaiting = () => callEngine<{ items: { id: string; state: { state: string } }[] }>(shell, 'outbox:list', { limit: 50 }).items.find((item) => item.id === waiting.id)?.state.state;
    await expect.poll(stateOfWaiting, { timeout: 15_000 }).toBe('filed');
    expect(smtp.dataTransactions).toHaveLength(1);
    const threads = callEngine<{ items: ThreadSummary[] }>(shell, 'inbox:list', { limit: 50 }).items;
    expect(threads.filter((thread) => thread.subject === 'One more question').map((thread) => thread.messageCount)).toEqual([1]);
    for (const subject of ['My application', 'Your application']) expect(threads.filter((thread) => thread.subject === subject).map((thread) => thread.messageCount), subject).toEqual([1]);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await expect(page.getByText('One more question').first()).toBeVisible();
    await context.close();
  });

  test('Anmeldung und Server jederzeit ändern: geprüft vor dem Speichern, ein Fehlschlag speichert nichts (German, 1920×1080)', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await openMailboxes(page);
    const row = page.getByRole('list', { name: 'Verbundene Postfächer' }).getByRole('listitem', { name: 'Rita Recruiter' });
    await row.getByRole('button', { name: 'Verbindung', exact: true }).click();
    await row.getByRole('button', { name: /^Anmeldung oder Server ändern/ }).click();
    const form = row.getByRole('form', { name: 'Anmeldung und Server' });
    // Filled from what is stored — never the password.
    await expect(form.getByLabel('Benutzername')).toHaveValue(rita.address);
    await expect(form.getByLabel('Benutzername')).toBeFocused();
    await expect(form.getByLabel('Neues Passwort')).toHaveValue('');
    const incoming = form.getByRole('group', { name: 'Posteingangsserver (IMAP)' });
    await expect(incoming.getByLabel('Port')).toHaveValue(String(dovecot.imapPort));

    // A port where nothing listens: tested, refused, nothing saved.
    await incoming.getByLabel('Port').fill('1');
    await form.getByRole('button', { name: /^Prüfen und speichern/ }).click();
    await expect(form.getByRole('alert').first()).toContainText('Nichts wurde gespeichert');
    await snapshot(page, '83-servers-refused-de');
    const stored = callEngine<{ imap: { port: number } }>(shell, 'mailboxes:connection', { mailboxId });
    expect(stored.imap.port).toBe(dovecot.imapPort);

    // Back to the right port: tested, saved; the mailbox stays up to date.
    await incoming.getByLabel('Port').fill(String(dovecot.imapPort));
    await form.getByRole('button', { name: /^Prüfen und speichern/ }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible({ timeout: 15_000 });
    await expect(row.locator('.status')).toHaveText('Auf dem neuesten Stand', { timeout: 15_000 });
    await snapshot(page, '84-servers-saved-de');
    await context.close();
  });
});
