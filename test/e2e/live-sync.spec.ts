import { expect, test } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * IMAP sync II (issue 7) in the real UI: mail delivered while the app is open shows up in
 * the inbox without "Sync now"; a mailbox is paused and resumed from Settings; older mail of
 * a candidate is fetched from her profile. Setup goes through `hirebox call`.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };

test.describe('live sync', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let annaId: string;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    // Connecting tests SMTP too (issue 6).
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId }] }).id;
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      { internalDate: threeDaysAgo, raw: buildMessage({ from: 'anna@example.org', to: alice.address, subject: 'My portfolio, three days ago', date: threeDaysAgo, body: 'Hi' }) },
    ]);
    await callEngineAsync(shell, 'mailboxes:connect', {
      address: alice.address,
      userName: alice.address,
      password: alice.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('new mail appears in the open inbox by itself; pause and resume; older mail on request', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

    await deliverByLmtp(dovecot, {
      from: 'anna@example.org',
      to: [alice.address],
      raw: buildMessage({ from: 'Anna Adler <anna@example.org>', to: alice.address, subject: 'Arrived while you looked', date: new Date(), body: 'Hello!' }),
    });
    await expect(page.getByText('Arrived while you looked').first()).toBeVisible({ timeout: 15_000 });
    await snapshot(page, '70-live-mail');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Alice Adams' });
    await expect(row.locator('.status')).toHaveText('Up to date');
    await row.getByRole('button', { name: /^Pause/ }).click();
    await expect(row.locator('.status')).toHaveText('Paused');
    await row.getByRole('button', { name: /^Resume/ }).click();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 15_000 });

    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${annaId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    const offer = page.getByRole('group', { name: 'Older mail on the server' });
    await expect(offer).toContainText('1 older mail with Anna Adler is on the server — fetch it?', { timeout: 15_000 });
    await offer.getByRole('button', { name: 'Fetch it' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Done: 1 older mail added.' })).toBeVisible({ timeout: 15_000 });
    await snapshot(page, '71-candidate-backfill');
    await context.close();
  });

  test('unarchiving a job offers the mail of the archived time, and fetches it when accepted', async ({ browser }) => {
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Paused Role' });
    callEngine(shell, 'candidates:create', { name: 'Bea Berg', addresses: ['bea@example.org'], applications: [{ jobId: job.id }] });
    callEngine(shell, 'jobs:archive', { jobId: job.id });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/jobs/${job.id}`);
    await page.getByRole('button', { name: 'Unarchive', exact: true }).click();
    await page.getByRole('button', { name: 'Unarchive job' }).click();
    const offer = page.getByRole('group', { name: 'Mail from the archived time' });
    await expect(offer).toContainText('from the 1 day this job was archived');
    await offer.getByRole('button', { name: 'Fetch it now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Done: 0 older mails added.' })).toBeVisible({ timeout: 15_000 });
    await context.close();
  });
});
