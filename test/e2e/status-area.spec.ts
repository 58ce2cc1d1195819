import { expect, test } from '@playwright/test';
import type { Dovecot, SmtpServer, TcpProxy } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, startTcpProxy, writeMaildirMessages } from '../support/mail-servers/index.js';
import { changePassword, startAgain, stopServer } from '../support/mail-servers/dovecot-faults.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * The status area at the foot of the rail (R14), seen from the inbox rather than Settings:
 * a first sync with its counts, up to date, the mail server stopped (the plain reason and
 * "Retry now"), started again and retried; the unread count in the window title; the
 * sign-in banner above the page, whose button opens the repair form.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password', newPassword: 'alice-changed-password' };
const candidateMails = 250;

test.describe('status everywhere', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  // Between the engine and Dovecot: holding it freezes the first sync halfway, so the test
  // sees "syncing" however fast the machine is.
  let imap: TcpProxy;
  let shell: RunningShell;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    imap = await startTcpProxy(dovecot.imapPort);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId }] });
    // Enough candidate mail that the first sync takes a moment: each body is fetched (R2).
    const now = Date.now();
    writeMaildirMessages(
      dovecot,
      alice.address,
      'INBOX',
      Array.from({ length: candidateMails }, (_, index) => {
        const date = new Date(now - (candidateMails - index) * 60_000);
        return { internalDate: date, raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: `Question number ${index + 1}`, date, body: `Question ${index + 1}: ${'Some text. '.repeat(200)}` }) };
      }),
    );
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await imap?.close();
    await dovecot?.stop();
  });

  test('syncing → up to date → server unreachable → up to date, from the inbox', async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Mailbox status' })).toHaveCount(0);

    // A third of the candidate mail's bytes, then the link holds until the test lets it go.
    const halfway = imap.whenForwarded(candidateMails * 800).then(() => imap.setFault({ kind: 'hold' }));
    const connected = callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
      address: alice.address,
      userName: alice.address,
      password: alice.password,
      imap: { host: '127.0.0.1', port: imap.port, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
    const area = page.getByRole('region', { name: 'Mailbox status' });
    const line = area.getByRole('listitem').filter({ hasText: alice.address });
    await expect(line).toContainText(/Syncing (recent mail|message contents)/, { timeout: 15_000 });
    await expect(line.getByRole('progressbar', { name: `Sync progress of ${alice.address}` })).toBeVisible();
    await snapshot(page, '90-status-syncing');
    await halfway;
    imap.setFault({ kind: 'pass' });
    await connected;
    await expect(line).toContainText('Up to date', { timeout: 30_000 });
    await expect(line.getByRole('progressbar')).toHaveCount(0);
    await expect(page).toHaveTitle(`(${candidateMails}) Inbox – Hirebox`, { timeout: 10_000 });

    // The server goes away: the reason in plain words, what Hirebox does, and a button.
    // Stopped, and nothing answers on its port (the proxy is gone as well): refused.
    await stopServer(dovecot);
    await imap.goOffline();
    await expect(line).toContainText('Mail server unreachable: it refuses connections', { timeout: 30_000 });
    await expect(line).toContainText('Hirebox keeps trying.');
    await snapshot(page, '91-status-unreachable');
    await startAgain(dovecot);
    await imap.goOnline();
    await line.getByRole('button', { name: `Retry now ${alice.address}` }).click();
    await expect(line).toContainText('Up to date', { timeout: 30_000 });
    await expect(line.getByRole('button', { name: /^Retry now/ })).toHaveCount(0);

    // Reading a conversation takes one off the title's count.
    await page.getByRole('link', { name: /Question number 250/ }).first().click();
    await expect(page).toHaveTitle(`(${candidateMails - 1}) Inbox – Hirebox`, { timeout: 10_000 });
    await context.close();
  });

  test('a refused password shows a banner on every page; its button opens the repair form', async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Stellen' }).click();
    const line = page.getByRole('region', { name: 'Status der Postfächer' }).getByRole('listitem').filter({ hasText: alice.address });
    await expect(line).toContainText('Auf dem neuesten Stand', { timeout: 15_000 });

    changePassword(dovecot, alice.address, alice.newPassword);
    await dovecot.doveadm(['kick', alice.address]);
    const banner = page.getByRole('alert').filter({ hasText: alice.address });
    await expect(banner).toContainText('Anmeldung nötig', { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Stellen' })).toBeVisible();
    await snapshot(page, '92-sign-in-banner-de');
    await banner.getByRole('button', { name: 'Neues Passwort eingeben' }).click();
    const dialog = page.getByRole('dialog', { name: `Neu anmelden: ${alice.address}` });
    const password = dialog.getByLabel('Aktuelles Passwort');
    await expect(password).toBeFocused();
    await password.fill(alice.newPassword);
    await dialog.getByRole('button', { name: /^Prüfen und weiter synchronisieren/ }).click();
    await dialog.getByRole('button', { name: 'Fertig' }).click();
    await expect(dialog).toBeHidden();
    await expect(banner).toBeHidden({ timeout: 15_000 });
    await expect(line).toContainText('Auf dem neuesten Stand', { timeout: 30_000 });
    await context.close();
  });
});
