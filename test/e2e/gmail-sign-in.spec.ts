import { expect, test } from '@playwright/test';
import { startGmailApi, type GmailApiServer } from '../support/gmail-api/index.js';
import { buildMessage } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, openConnectForm, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Connecting Gmail in the real UI (issue 17): a gmail.com address typed into "Connect a
 * mailbox" leads to "Sign in with Google" instead of an app password; the page shows the
 * sign-in address (a browser window cannot open the system browser), a second page opens it
 * like the person's browser — the Gmail stand-in signs in and redirects to Hirebox's
 * loopback listener — and the first page shows the connected mailbox and the candidate's
 * mail. Without a configured OAuth client the form says how to set one up, with no button
 * that cannot work, and the app-password route stays open.
 */

const greta = { name: 'Greta Gmail', address: 'greta.hirebox@gmail.com' };

function googleEnvironment(server: GmailApiServer): Record<string, string> {
  return {
    HIREBOX_GOOGLE_CLIENT_ID: server.clientId,
    HIREBOX_GOOGLE_CLIENT_SECRET: 'desktop-client-secret',
    HIREBOX_GOOGLE_ENDPOINTS: JSON.stringify({ ...server.oauth, rootUrl: server.rootUrl }),
  };
}

function setUpWorkspace(shell: RunningShell): void {
  callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: greta.name, email: greta.address } });
  const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Data Engineer' }).id;
  callEngine(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] });
}

test.describe('connecting Gmail with Google sign-in', () => {
  let server: GmailApiServer;
  let shell: RunningShell;

  test.beforeAll(async () => {
    server = await startGmailApi();
    server.addAccount(greta.address);
    const hourAgo = new Date(Date.now() - 3_600_000);
    server.deliver(greta.address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: greta.address, subject: 'My application as Data Engineer', date: hourAgo, messageId: 'application@example.org', body: 'Dear Greta, here is my application.' }), { internalDate: hourAgo });
    shell = await startHeadlessShell({ env: googleEnvironment(server) });
    setUpWorkspace(shell);
  });

  test.afterAll(async () => {
    await shell?.stop();
    await server?.close();
  });

  test('Postfach verbinden: Gmail-Adresse führt zur Google-Anmeldung, Warten und Abbrechen (German)', async ({ browser }) => {
    const { page, problems } = await openConnectForm(browser, shell, 'de-DE');
    const form = page.getByRole('form', { name: 'Postfach verbinden' });
    await form.getByLabel('E-Mail-Adresse').fill(greta.address);
    await expect(form).toContainText(`${greta.address} ist eine Gmail-Adresse`);
    await expect(form.getByRole('radio', { name: 'Google (Gmail oder Google Workspace)' })).toBeChecked();
    await expect(form.getByLabel('Passwort', { exact: true })).toHaveCount(0);
    const signIn = form.getByRole('button', { name: 'Mit Google anmelden' });
    await expect(signIn).toBeVisible();
    await form.getByRole('button', { name: /^(Cancel|Abbrechen)$/ }).last().scrollIntoViewIfNeeded();
    await snapshot(page, '90-gmail-google-step-de');

    await signIn.click();
    await expect(form.getByRole('status').filter({ hasText: 'Wartet auf deine Anmeldung…' })).toBeVisible();
    await expect(form.getByLabel('Adresse der Google-Anmeldung')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/.*redirect_uri=/);
    await form.getByRole('button', { name: /^(Cancel|Abbrechen)$/ }).last().scrollIntoViewIfNeeded();
    await snapshot(page, '91-gmail-waiting-de');
    // One way out while waiting: the sign-in's own "Abbrechen"; the route cannot change meanwhile.
    await expect(form.getByRole('button', { name: 'Abbrechen' })).toHaveCount(1);
    await expect(form.getByRole('radio', { name: 'Anderer Anbieter (IMAP und SMTP)' })).toBeDisabled();

    // Cancelled: back at the button, nothing connected.
    await form.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(signIn).toBeVisible();
    // The app-password route stays open for the same address.
    await form.getByRole('button', { name: 'Stattdessen ein App-Passwort verwenden' }).click();
    await expect(form.getByRole('radio', { name: 'Anderer Anbieter (IMAP und SMTP)' })).toBeChecked();
    await expect(form.getByLabel('Passwort', { exact: true })).toBeVisible();
    await expect(form.getByLabel('E-Mail-Adresse')).toHaveValue(greta.address);
    expect(callEngine<{ items: unknown[] }>(shell, 'mailboxes:list', {}).items).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('a gmail.com address leads to Sign in with Google; the browser signs in; the mailbox and the candidate’s mail show up', async ({ browser }) => {
    test.slow();
    const { page, problems } = await openConnectForm(browser, shell, 'en-US');
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Mail address').fill(greta.address);
    await expect(form).toContainText(`${greta.address} is a Gmail address: connect it with Google sign-in.`);
    await expect(form.getByRole('radio', { name: 'Google (Gmail or Google Workspace)' })).toBeChecked();
    await expect(form.getByLabel('Password', { exact: true })).toHaveCount(0);
    await form.getByRole('button', { name: /^(Cancel|Abbrechen)$/ }).last().scrollIntoViewIfNeeded();
    await snapshot(page, '92-gmail-google-step');

    await form.getByRole('button', { name: 'Sign in with Google' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Waiting for you to sign in…' })).toBeVisible();
    const addressField = form.getByLabel('Google sign-in address');
    await expect(addressField).toHaveValue(/^http:\/\//);
    const authorizationUrl = await addressField.inputValue();
    expect(new URL(authorizationUrl).searchParams.get('login_hint')).toBe(greta.address);
    await expect(form.getByRole('link', { name: 'Open Google sign-in' })).toHaveAttribute('href', authorizationUrl);
    await form.getByRole('button', { name: /^(Cancel|Abbrechen)$/ }).last().scrollIntoViewIfNeeded();
    await snapshot(page, '93-gmail-waiting');

    // The person's browser: Google's page signs in and sends it back to Hirebox's loopback listener.
    const browserPage = await page.context().newPage();
    await browserPage.goto(authorizationUrl);
    await expect(browserPage).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/.*code=/);
    await browserPage.close();

    await expect(page.getByRole('status').filter({ hasText: `${greta.address} is connected.` })).toBeVisible({ timeout: 20_000 });
    await expect(form).toHaveCount(0);
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: greta.address });
    await expect(row).toBeVisible();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
    await snapshot(page, '94-gmail-connected');

    // Mail arriving after the connect comes in with "Sync now".
    server.deliver(greta.address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: greta.address, subject: 'One more question', date: new Date(), messageId: 'question@example.org', body: 'Is the role remote?' }));
    await row.getByRole('button', { name: /^Sync now/ }).click();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });

    // Anna's mails, delivered at the stand-in before and after the connect, are in the inbox with her name, once each.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    const threads = page.getByRole('region', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Anna Apfel' });
    await expect(threads.filter({ hasText: 'My application as Data Engineer' })).toBeVisible({ timeout: 20_000 });
    await expect(threads.filter({ hasText: 'One more question' })).toBeVisible({ timeout: 20_000 });
    await expect(threads).toHaveCount(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

test.describe('Gmail without a configured OAuth client', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    setUpWorkspace(shell);
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('the form says how to set Google sign-in up, offers no dead button, and keeps the app-password route', async ({ browser }) => {
    const { page, problems } = await openConnectForm(browser, shell, 'en-US');
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Mail address').fill(greta.address);
    await expect(form.getByRole('radio', { name: 'Google (Gmail or Google Workspace)' })).toBeChecked();
    await expect(form).toContainText('Google sign-in is not set up for this Hirebox.');
    await expect(form).toContainText('HIREBOX_GOOGLE_CLIENT_ID');
    await expect(form).toContainText('oauth-clients.json');
    await expect(form.getByRole('button', { name: 'Sign in with Google' })).toHaveCount(0);
    await form.getByRole('button', { name: /^(Cancel|Abbrechen)$/ }).last().scrollIntoViewIfNeeded();
    await snapshot(page, '95-gmail-not-configured');
    await form.getByRole('button', { name: 'Use an app password instead' }).click();
    await expect(form.getByLabel('Password', { exact: true })).toBeVisible();
    await expect(form.getByRole('group', { name: 'Incoming mail (IMAP)' }).getByLabel('Server')).toHaveValue('imap.gmail.com');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
