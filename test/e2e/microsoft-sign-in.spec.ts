import { expect, test } from '@playwright/test';
import { startGraphApi, type GraphApiServer } from '../support/graph-api/index.js';
import { buildMessage } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, openConnectForm, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Connecting Microsoft 365 / Outlook.com in the real UI (issue 18): an outlook.com address
 * typed into "Connect a mailbox" leads to "Sign in with Microsoft" (Outlook.com takes no
 * passwords); the page shows the sign-in address, a second page opens it like the person's
 * browser — the local Entra ID signs in and redirects to Hirebox's loopback listener — and
 * the first page shows the connected mailbox and the candidate's mail from Graph. Without a
 * configured Entra app the form says how to set one up, with no button that cannot work.
 */

const mara = { name: 'Mara Outlook', address: 'mara.hirebox@outlook.com' };

function microsoftEnvironment(server: GraphApiServer): Record<string, string> {
  return {
    HIREBOX_MICROSOFT_CLIENT_ID: server.clientId,
    HIREBOX_MICROSOFT_TENANT: 'consumers',
    HIREBOX_MICROSOFT_ENDPOINTS: JSON.stringify({ authorityHost: server.msal.authorityHost, authorityUrl: server.graphUrl.replace(/v1\.0\/$/u, ''), graphUrl: server.graphUrl }),
  };
}

function setUpWorkspace(shell: RunningShell): void {
  callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: mara.name, email: mara.address } });
  const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Data Engineer' }).id;
  callEngine(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] });
}

/** The local Entra ID and Graph with Mara's mailbox holding Anna's application, and a shell configured for it. */
async function startWithMicrosoft(): Promise<{ server: GraphApiServer; shell: RunningShell }> {
  const server = await startGraphApi();
  server.addAccount(mara.address, mara.name);
  const hourAgo = new Date(Date.now() - 3_600_000);
  server.deliver(mara.address, buildMessage({ from: 'Anna Apfel <anna@example.org>', to: mara.address, subject: 'My application as Data Engineer', date: hourAgo, messageId: 'application@example.org', body: 'Dear Mara, here is my application.' }), { folder: 'inbox', receivedAt: hourAgo });
  const shell = await startHeadlessShell({ env: microsoftEnvironment(server) });
  setUpWorkspace(shell);
  return { server, shell };
}

test.describe('connecting Outlook.com with Microsoft sign-in', () => {
  let server: GraphApiServer;
  let shell: RunningShell;

  test.beforeAll(async () => {
    ({ server, shell } = await startWithMicrosoft());
  });

  test.afterAll(async () => {
    await shell?.stop();
    await server?.close();
  });

  test('German: an outlook.com address leads to “Mit Microsoft anmelden”, and cancelling leaves nothing connected', async ({ browser }) => {
    const { page, problems } = await openConnectForm(browser, shell, 'de-DE', { width: 1920, height: 1080 });
    const form = page.getByRole('form', { name: 'Postfach verbinden' });
    await form.getByLabel('E-Mail-Adresse').fill(mara.address);
    await expect(form).toContainText(`${mara.address} ist eine Microsoft-Adresse: Verbinde sie mit der Microsoft-Anmeldung.`);
    await expect(form.getByRole('radio', { name: 'Microsoft 365 oder Outlook.com' })).toBeChecked();
    await expect(form.getByLabel('Passwort', { exact: true })).toHaveCount(0);
    await snapshot(page, '96-microsoft-step-de');
    await form.getByRole('button', { name: 'Mit Microsoft anmelden' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Wartet auf deine Anmeldung…' })).toBeVisible();
    await expect(form.getByLabel('Adresse der Microsoft-Anmeldung')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/consumers\/oauth2\/v2\.0\/authorize\?/);
    await form.getByRole('button', { name: 'Abbrechen' }).first().click();
    await expect(form.getByRole('button', { name: 'Mit Microsoft anmelden' })).toBeVisible();
    // The password route says why it cannot work for Outlook.com, and leads back.
    await form.getByRole('radio', { name: 'Anderer Anbieter (IMAP und SMTP)' }).check();
    await expect(form).toContainText('Outlook.com- und Hotmail-Konten nehmen seit September 2024 keine Passwörter mehr an.');
    await expect(form.getByRole('button', { name: 'Postfach verbinden' })).toBeDisabled();
    await form.getByRole('button', { name: 'Mit Microsoft anmelden' }).click();
    await expect(form.getByRole('radio', { name: 'Microsoft 365 oder Outlook.com' })).toBeChecked();
    expect(callEngine<{ items: unknown[] }>(shell, 'mailboxes:list', {}).items).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('the browser signs in; the mailbox and the candidate’s mail show up; the connection test passes', async ({ browser }) => {
    test.slow();
    const { page, problems } = await openConnectForm(browser, shell, 'en-US');
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Mail address').fill(mara.address);
    await expect(form.getByRole('radio', { name: 'Microsoft 365 or Outlook.com' })).toBeChecked();
    await snapshot(page, '97-microsoft-step');
    await form.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    const addressField = form.getByLabel('Microsoft sign-in address');
    await expect(addressField).toHaveValue(/^http:\/\//);
    const authorizationUrl = await addressField.inputValue();
    expect(new URL(authorizationUrl).searchParams.get('login_hint')).toBe(mara.address);
    await expect(form.getByRole('link', { name: 'Open Microsoft sign-in' })).toHaveAttribute('href', authorizationUrl);
    await snapshot(page, '98-microsoft-waiting');

    // The person's browser: Microsoft's page signs in and sends it back to Hirebox's loopback listener.
    const browserPage = await page.context().newPage();
    await browserPage.goto(authorizationUrl);
    await expect(browserPage).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/.*code=/);
    await browserPage.close();

    await expect(page.getByRole('status').filter({ hasText: `${mara.address} is connected.` })).toBeVisible({ timeout: 20_000 });
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: mara.address });
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
    await snapshot(page, '99-microsoft-connected');

    await expect(page.getByRole('status').filter({ hasText: 'Hirebox now fetches the newest 100 mails of Inbox and Sent Items' })).toBeVisible();
    await row.getByRole('button', { name: 'Connection' }).click();
    await row.getByRole('button', { name: /^Test connection/ }).click();
    await expect(row.getByRole('list', { name: 'Microsoft 365 / Outlook.com' })).toContainText('Folders Inbox and Sent Items');
    await expect(row).toContainText('Signed in with Microsoft; Microsoft Graph answers and the folders Inbox and Sent Items are there.');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    const threads = page.getByRole('region', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Anna Apfel' });
    await expect(threads.filter({ hasText: 'My application as Data Engineer' })).toBeVisible({ timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

test.describe('disconnecting a Microsoft mailbox', () => {
  let server: GraphApiServer;
  let shell: RunningShell;

  test.beforeAll(async () => {
    ({ server, shell } = await startWithMicrosoft());
  });

  test.afterAll(async () => {
    await shell?.stop();
    await server?.close();
  });

  test('Disconnect… says what happens, stops the mailbox, and the candidate’s mail stays', async ({ browser }) => {
    test.slow();
    const { page, problems } = await openConnectForm(browser, shell, 'en-US', { width: 1920, height: 1080 });
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Mail address').fill(mara.address);
    await form.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    const authorizationUrl = await form.getByLabel('Microsoft sign-in address').inputValue();
    const browserPage = await page.context().newPage();
    await browserPage.goto(authorizationUrl);
    await browserPage.close();
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: mara.address });
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });

    await row.getByRole('button', { name: 'Connection' }).click();
    await row.getByRole('button', { name: `Disconnect… ${mara.address}` }).click();
    const dialog = page.getByRole('dialog', { name: `Disconnect ${mara.address}?` });
    await expect(dialog).toContainText('Hirebox’s access at Microsoft is withdrawn and the saved sign-in deleted.');
    await expect(dialog).toContainText('The candidate mail already in Hirebox stays on the candidates’ profiles.');
    await snapshot(page, '9b-microsoft-disconnect');
    // Cancel has the focus: Enter does not disconnect.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row.locator('.status')).toHaveText('Disconnected');
    await expect(row).toContainText('its candidate mail stays on the profiles');
    await snapshot(page, '9c-microsoft-unlinked');
    await expect(row.getByRole('button', { name: /^Sync now/ })).toHaveCount(0);
    const mailbox = callEngine<{ items: { id: string; unlinkedAt: string | null }[] }>(shell, 'mailboxes:list', {}).items[0]!;
    expect(mailbox.unlinkedAt).not.toBeNull();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await expect(page.getByRole('region', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'My application as Data Engineer' })).toBeVisible();

    // "Connect again" opens the form with the address, on the Microsoft route; signing in links the same mailbox.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Mailboxes' }).click();
    await row.getByRole('button', { name: `Connect again ${mara.address}` }).click();
    const again = page.getByRole('form', { name: 'Connect a mailbox' });
    await expect(again.getByLabel('Mail address')).toHaveValue(mara.address);
    await expect(again.getByRole('radio', { name: 'Microsoft 365 or Outlook.com' })).toBeChecked();
    await again.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    const secondUrl = await again.getByLabel('Microsoft sign-in address').inputValue();
    const secondBrowser = await page.context().newPage();
    await secondBrowser.goto(secondUrl);
    await secondBrowser.close();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
    expect(callEngine<{ items: { id: string; unlinkedAt: string | null }[] }>(shell, 'mailboxes:list', {}).items).toEqual([expect.objectContaining({ id: mailbox.id, unlinkedAt: null })]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

test.describe('Outlook.com without a configured Entra app', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    setUpWorkspace(shell);
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('the form says how to set Microsoft sign-in up and offers no dead button', async ({ browser }) => {
    const { page, problems } = await openConnectForm(browser, shell, 'en-US');
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Mail address').fill(mara.address);
    await expect(form.getByRole('radio', { name: 'Microsoft 365 or Outlook.com' })).toBeChecked();
    await expect(form).toContainText('Microsoft sign-in is not set up for this Hirebox.');
    await expect(form).toContainText('HIREBOX_MICROSOFT_CLIENT_ID');
    await expect(form.getByRole('button', { name: 'Sign in with Microsoft' })).toHaveCount(0);
    await snapshot(page, '9a-microsoft-not-configured');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
