import { expect, test } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, openConnectForm, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * A shared inbox in the real UI (issue 21, R13) against a real Dovecot: the admin connects
 * careers@ as a shared inbox and picks who uses it; the row says "Shared" and its "People"
 * panel lists them; taking a colleague off the list saves and the engine answers the new list.
 */

const careers = { address: 'careers@hirebox.test', password: 'careers-password' };

test.describe('a shared inbox', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let rita: { id: string };

  test.beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: careers.address, password: careers.password }] });
    smtp = await startSmtpServer(dovecot);
    writeMaildirMessages(dovecot, careers.address, 'INBOX', [
      { raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: careers.address, subject: 'Application for the backend role', date: new Date(Date.now() - 3_600_000), messageId: 'careers-anna@example.org', body: 'Here is my CV.' }), internalDate: new Date(Date.now() - 3_600_000) },
    ]);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Olivia Owner', email: 'olivia@hirebox.test' } });
    rita = callEngine<{ id: string }>(shell, 'users:create', { name: 'Rita Recruiter', email: 'rita@hirebox.test', role: 'recruiter' });
    callEngine(shell, 'users:create', { name: 'Otto Other', email: 'otto@hirebox.test', role: 'recruiter' });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Backend Engineer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('the admin connects careers@ as a shared inbox, picks who uses it, and changes the list later', async ({ browser }) => {
    test.slow();
    const { page, problems } = await openConnectForm(browser, shell, 'en-US', { width: 1280, height: 1400 });
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByRole('radio', { name: 'Another provider (IMAP and SMTP)' }).check();
    await form.getByLabel('Mail address').fill(careers.address);
    await form.getByLabel('Display name (optional)').fill('Hirebox Careers');
    await form.getByLabel('Password', { exact: true }).fill(careers.password);
    const incoming = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
    const outgoing = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await incoming.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await incoming.getByRole('textbox', { name: 'Port' }).fill(String(dovecot.imapPort));
    await incoming.getByRole('combobox', { name: 'Security' }).selectOption('none');
    await outgoing.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await outgoing.getByRole('textbox', { name: 'Port' }).fill(String(smtp.port));
    await outgoing.getByRole('combobox', { name: 'Security' }).selectOption('none');
    await form.getByRole('checkbox', { name: /This is a shared inbox/ }).check();
    const people = form.getByRole('group', { name: 'Who uses it' });
    await expect(people.getByRole('checkbox', { name: /Olivia Owner \(you\)/ })).toBeChecked();
    await expect(people.getByRole('checkbox', { name: /Olivia Owner \(you\)/ })).toBeDisabled();
    await people.getByRole('checkbox', { name: /Rita Recruiter/ }).check();
    await snapshot(page, 'shared-inbox-connect');
    await form.getByRole('button', { name: 'Connect mailbox' }).click();

    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: careers.address });
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 30_000 });
    await expect(row).toContainText('Shared');
    await expect(row).toContainText('Hirebox Careers');
    await row.getByRole('button', { name: 'People' }).click();
    const list = row.getByRole('group', { name: 'Who uses it' });
    await expect(list.getByRole('checkbox', { name: /Rita Recruiter/ })).toBeChecked();
    await expect(list.getByRole('checkbox', { name: /Otto Other/ })).not.toBeChecked();
    await expect(row.getByRole('button', { name: 'Save list' })).toBeDisabled();
    await list.getByRole('checkbox', { name: /Rita Recruiter/ }).uncheck();
    await list.getByRole('checkbox', { name: /Otto Other/ }).check();
    await row.getByRole('button', { name: 'Save list' }).click();
    await expect(row.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await snapshot(page, 'shared-inbox-people');
    const mailboxId = callEngine<{ items: { id: string }[] }>(shell, 'mailboxes:list', {}).items[0]!.id;
    const members = callEngine<{ members: { userId: string; name: string }[] }>(shell, 'mailboxes:members', { mailboxId }).members.map((member) => member.name);
    expect(members).toEqual(['Olivia Owner', 'Otto Other']);
    expect(members).not.toContain(rita.id);

    // Its mail is in the admin's inbox like any other.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await expect(page.getByRole('region', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Application for the backend role' })).toBeVisible({ timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
