import { expect, test } from '@playwright/test';
import type { Browser, Locator, Page } from '@playwright/test';
import type { Dovecot, SmtpServer, TestCa } from '../support/mail-servers/index.js';
import { createTestCa, startDovecot, startSmtpServer } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * The connection test in "Connect a mailbox" (R11, issue 6) against a real Dovecot: a wrong
 * password fails at the sign-in step, with the steps before it passed, the step after it
 * untested and what to do next in words (GMX's hint about switching IMAP on), in English and
 * German; a self-signed server shows its certificate's fingerprint and is trusted only after
 * the user confirms exactly that certificate, and then connects; when the server later shows
 * another certificate, the mailbox's own connection test says so, and the new one is trusted
 * the same way. The three tests run in order and share the servers.
 */

let shell: RunningShell;
let dovecot: Dovecot;
let selfSigned: Dovecot;
let smtp: SmtpServer;
let ca: TestCa;

test.beforeAll(async () => {
  ca = createTestCa();
  [dovecot, selfSigned] = await Promise.all([startDovecot(), startDovecot({ tls: ca.selfSigned('127.0.0.1') })]);
  smtp = await startSmtpServer(dovecot);
  shell = await startHeadlessShell();
  callEngine(shell, 'setup:create', {
    workspaceName: 'Hirebox Test GmbH',
    domains: ['hirebox.test'],
    owner: { name: 'Alice Adams', email: 'alice@hirebox.test' },
  });
});

test.afterAll(async () => {
  await shell?.stop();
  await smtp?.close();
  await Promise.all([dovecot?.stop(), selfSigned?.stop()]);
  ca?.remove();
});

async function openConnectForm(browser: Browser, locale: string, inbox: string, connectLink: string, formName: string): Promise<{ page: Page; form: Locator; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: inbox })).toBeVisible();
  await page.getByRole('link', { name: connectLink }).first().click();
  const form = page.getByRole('form', { name: formName });
  await expect(form).toBeVisible();
  return { page, form, problems };
}

/** Fills one server's fields (after the address filled in its provider's). */
async function server(form: Locator, group: string, values: { host: string; port: number; security: string }, labels = { server: 'Server', port: 'Port', security: 'Security' }): Promise<void> {
  const fieldset = form.getByRole('group', { name: group });
  await fieldset.getByRole('combobox', { name: labels.security }).selectOption(values.security);
  await fieldset.getByRole('textbox', { name: labels.server }).fill(values.host);
  await fieldset.getByRole('textbox', { name: labels.port }).fill(String(values.port));
}

test('a wrong password fails at the sign-in step, with the provider’s hint, in English and German', async ({ browser }) => {
  const { page, form, problems } = await openConnectForm(browser, 'en-US', 'Inbox', 'Connect a mailbox', 'Connect a mailbox');
  // A GMX address whose servers are, for this test, the local Dovecot and smtp-server.
  await form.getByRole('textbox', { name: 'Mail address' }).fill('alice@gmx.de');
  await expect(form.getByText('Settings for GMX filled in.')).toBeVisible();
  await server(form, 'Incoming mail (IMAP)', { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' });
  await server(form, 'Outgoing mail (SMTP)', { host: '127.0.0.1', port: smtp.port, security: 'none' });
  await form.getByRole('textbox', { name: 'User name' }).fill('alice@hirebox.test');
  const password = form.getByLabel('Password', { exact: true });
  await password.fill('wrong-password');
  await form.getByRole('button', { name: 'Test connection' }).click();

  const report = form.getByRole('alert');
  await expect(report).toContainText('Hirebox cannot connect yet. The failed step says what to do.');
  const imapSteps = report.getByRole('list', { name: 'Incoming mail (IMAP)' }).getByRole('listitem');
  await expect(imapSteps).toHaveText([
    /^Finding the server\s*OK$/,
    /^Reaching the server\s*OK$/,
    /^Server features\s*OK$/,
    /^Sign-in\s*Failed\s*The server refused the user name or password\.\s*Switch on IMAP in your GMX settings first/,
  ]);
  const smtpSteps = report.getByRole('list', { name: 'Outgoing mail (SMTP)' }).getByRole('listitem');
  await expect(smtpSteps.last()).toContainText('Sign-in');
  await expect(smtpSteps.last()).toContainText('The server refused the user name or password.');
  // The refused password is gone; the field says why and has the focus.
  await expect(password).toHaveValue('');
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/Enter the password again/);
  expect(callEngine<{ items: unknown[] }>(shell, 'mailboxes:list', {}).items).toEqual([]);
  await snapshot(page, '60-connection-test-wrong-password');
  expect(problems).toEqual([]);

  // German: the same step in German words.
  const german = await openConnectForm(browser, 'de-DE', 'Posteingang', 'Postfach verbinden', 'Postfach verbinden');
  await german.form.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('alice@gmx.de');
  await expect(german.form.getByText('Einstellungen für GMX eingetragen.')).toBeVisible();
  const labels = { server: 'Server', port: 'Port', security: 'Verschlüsselung' };
  await server(german.form, 'Posteingangsserver (IMAP)', { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' }, labels);
  await server(german.form, 'Postausgangsserver (SMTP)', { host: '127.0.0.1', port: smtp.port, security: 'none' }, labels);
  await german.form.getByRole('textbox', { name: 'Benutzername' }).fill('alice@hirebox.test');
  await german.form.getByLabel('Passwort', { exact: true }).fill('falsches-passwort');
  await german.form.getByRole('button', { name: 'Verbindung testen' }).click();
  const germanSteps = german.form.getByRole('alert').getByRole('list', { name: 'Posteingangsserver (IMAP)' }).getByRole('listitem');
  await expect(germanSteps.last()).toContainText('Anmeldung');
  await expect(germanSteps.last()).toContainText('Fehlgeschlagen');
  await expect(germanSteps.last()).toContainText('Der Server hat den Benutzernamen oder das Passwort abgelehnt.');
  expect(german.problems).toEqual([]);
});

test('a self-signed server: its fingerprint is shown, trusted only once confirmed, then it connects', async ({ browser }) => {
  const { page, form, problems } = await openConnectForm(browser, 'en-US', 'Inbox', 'Connect a mailbox', 'Connect a mailbox');
  await form.getByRole('textbox', { name: 'Mail address' }).fill('alice@hirebox.test');
  await server(form, 'Incoming mail (IMAP)', { host: '127.0.0.1', port: selfSigned.imapsPort!, security: 'tls' });
  await server(form, 'Outgoing mail (SMTP)', { host: '127.0.0.1', port: smtp.port, security: 'none' });
  await form.getByLabel('Password', { exact: true }).fill('alice-password');
  await form.getByRole('button', { name: 'Connect mailbox' }).click();

  const report = form.getByRole('alert');
  const tlsStep = report.getByRole('list', { name: 'Incoming mail (IMAP)' }).getByRole('listitem').filter({ hasText: 'Secure connection' });
  await expect(tlsStep).toContainText('Failed');
  await expect(tlsStep).toContainText('not from an authority this computer trusts');
  const certificate = tlsStep.getByRole('group', { name: `Certificate of 127.0.0.1, port ${selfSigned.imapsPort}` });
  await expect(certificate).toContainText(/SHA-256 fingerprint\s*([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  await expect(certificate).toContainText('CN=127.0.0.1');
  const trust = certificate.getByRole('button', { name: 'Trust this certificate and test again' });
  // Nothing is trusted until the user confirms exactly this certificate.
  await expect(trust).toBeDisabled();
  await snapshot(page, '61-connection-test-untrusted-certificate');
  await certificate.getByRole('checkbox', { name: /I compared the fingerprint and trust exactly this certificate/ }).check();
  await trust.click();

  await expect(form.getByText('Both servers answered and accepted the sign-in. You can connect the mailbox.')).toBeVisible();
  await expect(form.getByText(`You trust this certificate for 127.0.0.1, port ${selfSigned.imapsPort}.`, { exact: false })).toBeVisible();
  await form.getByRole('button', { name: 'Connect mailbox' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'alice@hirebox.test is connected.' })).toBeVisible({ timeout: 20_000 });
  const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Alice Adams' });
  await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
  expect(problems).toEqual([]);
});

test('a connected mailbox whose certificate changed: the test says so, and the new one can be trusted once compared', async ({ browser }) => {
  // Follows the test above: alice's mailbox trusts the first self-signed certificate.
  await selfSigned.useCertificate(ca.selfSigned('127.0.0.1'));
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  await page.goto(shell.url);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
  const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Alice Adams' });
  await row.getByRole('button', { name: 'Connection', exact: true }).click();
  await row.getByRole('button', { name: /^Test connection/ }).click();
  const tlsStep = row.getByRole('alert').getByRole('list', { name: 'Incoming mail (IMAP)' }).getByRole('listitem').filter({ hasText: 'Secure connection' });
  await expect(tlsStep).toContainText('The server shows another certificate than the one you trusted.');
  await expect(tlsStep).toContainText('Someone may be intercepting the connection.');
  await snapshot(page, '62-connection-test-certificate-changed');
  const certificate = tlsStep.getByRole('group', { name: `Certificate of 127.0.0.1, port ${selfSigned.imapsPort}` });
  await certificate.getByRole('checkbox', { name: /I compared the fingerprint/ }).check();
  await certificate.getByRole('button', { name: 'Trust this certificate and test again' }).click();
  await expect(row.getByText('Both servers answered and accepted the sign-in.', { exact: false })).toBeVisible();
  await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
  await context.close();
});
