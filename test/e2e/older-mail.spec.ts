import { expect, test, type Page } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Older mail, offered (R10): right after a mailbox is connected and its first sync is done,
 * Hirebox counts on the server the candidates' mail the first window left out and offers it;
 * one click fetches it and it shows on the profile. A candidate added later gets the same
 * offer on their profile.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
const mail = (subject: string, from: string, date: Date) => ({ internalDate: date, raw: buildMessage({ from, to: alice.address, subject, date, body: subject }) });

test.describe('older mail, offered', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let annaId: string;
  let jobId: string;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    callEngine(shell, 'users:create', { name: 'Bob Berger', email: 'bob@hirebox.test', role: 'recruiter' });
    jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    annaId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] }).id;
    callEngine(shell, 'candidates:create', { name: 'Carl Caro', addresses: ['carl@example.org'], applications: [{ jobId }] });
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      mail('Anna, this morning', 'Anna Apfel <anna@example.org>', new Date(Date.now() - 2 * 60 * 60 * 1000)),
      mail('My application, with CV', 'Anna Apfel <anna@example.org>', daysAgo(3)),
      mail('My portfolio', 'Anna Apfel <anna@example.org>', daysAgo(12)),
      mail('Question about the role', 'Carl Caro <carl@example.org>', daysAgo(5)),
      // Not theirs: a colleague's own mail whose name carries Anna's address, and a look-alike address.
      mail('Between colleagues', '"anna@example.org (fwd)" <bob@hirebox.test>', daysAgo(4)),
      mail('Someone else', 'hanna@example.org', daysAgo(4)),
      // Mail for a candidate added later, and for two imported ones.
      mail('Dora asks about the job', 'Dora Dorn <dora@example.org>', daysAgo(6)),
      mail('Eva sends references', 'Eva Eich <eva@example.org>', daysAgo(8)),
      mail('Eva follows up', 'Eva Eich <eva@example.org>', daysAgo(2)),
      mail('Finn introduces himself', 'Finn Falk <finn@example.org>', daysAgo(9)),
    ]);
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('after connecting, older mail is offered with the right count; one click fetches it onto the profile', async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/settings/mailboxes`);
    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    await connect(page);
    await expect(page.getByRole('status').filter({ hasText: `${alice.address} is connected.` })).toBeVisible({ timeout: 20_000 });

    const offer = page.getByRole('group', { name: 'Older mail on the server' });
    await expect(offer).toContainText(`3 mails with your candidates from before you connected ${alice.address} are on the server — fetch them?`, { timeout: 20_000 });
    const counts = offer.getByRole('list', { name: 'Candidates with older mail' });
    await expect(counts.getByRole('listitem')).toHaveText(['Anna Apfel 2 mails', 'Carl Caro 1 mail']);
    await snapshot(page, '120-older-mail-after-connect');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await snapshot(page, '120b-older-mail-after-connect-1920');

    // The offer stays for this session when the user looks elsewhere and comes back.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
    await expect(offer).toContainText('3 mails with your candidates', { timeout: 10_000 });

    // Nothing came in before the click.
    expect(callEngine<{ items: unknown[] }>(shell, 'inbox:list', { candidateId: annaId, limit: 50 }).items).toHaveLength(1);
    await offer.getByRole('button', { name: 'Fetch them' }).click();
    await expect(offer.getByRole('status').filter({ hasText: 'Done: 3 older mails added.' })).toBeVisible({ timeout: 20_000 });
    await expect(offer.getByRole('button', { name: 'Fetch them' })).toHaveCount(0);
    await snapshot(page, '121-older-mail-fetched');

    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${annaId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Apfel' })).toBeVisible();
    const conversations = page.getByRole('list', { name: 'Conversations' });
    await expect(conversations.getByRole('link', { name: /My application, with CV/ })).toBeVisible();
    await expect(conversations.getByRole('link', { name: /My portfolio/ })).toBeVisible();
    await expect(conversations.getByRole('link', { name: /Between colleagues/ })).toHaveCount(0);
    // Everything is here now: the profile offers nothing.
    await expect(page.getByRole('group', { name: 'Older mail on the server' })).toHaveCount(0);
    await context.close();
  });

  test('a candidate added later: their older mail is offered on the profile, in German', async ({ browser }) => {
    const doraId = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Dora Dorn', addresses: ['dora@example.org'], applications: [{ jobId }] }).id;
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${doraId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Dora Dorn' })).toBeVisible();
    const offer = page.getByRole('group', { name: 'Ältere E-Mails auf dem Server' });
    await expect(offer).toContainText('1 ältere E-Mail mit Dora Dorn liegt auf dem Server – abrufen?', { timeout: 20_000 });
    await snapshot(page, '122-older-mail-profile-de');
    await page.setViewportSize({ width: 1280, height: 720 });
    await snapshot(page, '122b-older-mail-profile-de-1280');
    await offer.getByRole('button', { name: 'Abrufen' }).click();
    await expect(offer.getByRole('status').filter({ hasText: 'Fertig: 1 ältere E-Mail hinzugefügt.' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Unterhaltungen' }).getByRole('link', { name: /Dora asks about the job/ })).toBeVisible({ timeout: 10_000 });
    await snapshot(page, '123-older-mail-profile-fetched-de');
    await context.close();
  });

  test('importing candidates: the result counts their older mail, one click fetches it', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import candidates from CSV' });
    const csv = ['name,email,job', 'Eva Eich,eva@example.org,Product Designer', 'Finn Falk,finn@example.org,Product Designer', 'Gina Gold,gina@example.org,Product Designer'].join('\n');
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'applicants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Import' }).click();
    const offer = dialog.getByRole('group', { name: 'Older mail on the server' });
    await expect(offer).toContainText('3 older mails with the imported candidates are on the server — fetch them?', { timeout: 20_000 });
    await expect(offer.getByRole('list', { name: 'Candidates with older mail' }).getByRole('listitem')).toHaveText(['Eva Eich 2 mails', 'Finn Falk 1 mail']);
    await snapshot(page, '124-older-mail-import');
    await offer.getByRole('button', { name: 'Fetch them' }).click();
    await expect(offer.getByRole('status').filter({ hasText: 'Done: 3 older mails added.' })).toBeVisible({ timeout: 20_000 });
    await context.close();
  });

  /** The plain form: Dovecot on loopback without TLS. */
  async function connect(page: Page): Promise<void> {
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    const incoming = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
    const outgoing = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await form.getByRole('textbox', { name: 'Mail address' }).fill(alice.address);
    await incoming.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await incoming.getByRole('combobox', { name: 'Security' }).selectOption('none');
    await incoming.getByRole('textbox', { name: 'Port' }).fill(String(dovecot.imapPort));
    await outgoing.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await outgoing.getByRole('combobox', { name: 'Security' }).selectOption('none');
    await outgoing.getByRole('textbox', { name: 'Port' }).fill(String(smtp.port));
    await form.getByLabel('Password', { exact: true }).fill(alice.password);
    await form.getByRole('button', { name: 'Connect mailbox' }).click();
  }
});
