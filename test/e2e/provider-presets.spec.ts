import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Provider settings (R11 beyond): typing an address in "Connect a mailbox" fills in a
 * well-known provider's servers with the fact users trip over (GMX: switch IMAP on first),
 * in English and German; Outlook.com addresses are sent to the Microsoft sign-in, and the
 * form cannot be sent for them.
 */

let shell: RunningShell;

test.beforeAll(async () => {
  shell = await startHeadlessShell();
  callEngine(shell, 'setup:create', {
    workspaceName: 'Hirebox Test GmbH',
    domains: ['hirebox.test'],
    owner: { name: 'Alice Adams', email: 'alice@hirebox.test' },
  });
});

test.afterAll(async () => {
  await shell?.stop();
});

async function openConnectForm(browser: Browser, locale: string, inbox: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1240 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: inbox })).toBeVisible();
  return { page, problems };
}

test('GMX: the address fills in its servers and says to switch IMAP on first; Outlook goes to the Microsoft sign-in', async ({ browser }) => {
  const { page, problems } = await openConnectForm(browser, 'en-US', 'Inbox');
  await page.getByRole('link', { name: 'Connect a mailbox' }).first().click();
  const form = page.getByRole('form', { name: 'Connect a mailbox' });
  await expect(form).toBeVisible();
  const incoming = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
  const outgoing = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
  const address = form.getByRole('textbox', { name: 'Mail address' });

  await address.fill('anna.test@gmx.de');
  await expect(form.getByText('Settings for GMX filled in.')).toBeVisible();
  await expect(form.getByText('Switch on IMAP in your GMX settings first: E-Mail › Einstellungen › POP3 & IMAP.', { exact: false })).toBeVisible();
  await expect(incoming.getByRole('textbox', { name: 'Server' })).toHaveValue('imap.gmx.net');
  await expect(incoming.getByRole('textbox', { name: 'Port' })).toHaveValue('993');
  await expect(incoming.getByRole('combobox', { name: 'Security' })).toHaveValue('tls');
  await expect(outgoing.getByRole('textbox', { name: 'Server' })).toHaveValue('mail.gmx.net');
  await expect(outgoing.getByRole('textbox', { name: 'Port' })).toHaveValue('587');
  await expect(outgoing.getByRole('combobox', { name: 'Security' })).toHaveValue('starttls');
  await expect(form.getByRole('textbox', { name: 'User name' })).toHaveValue('anna.test@gmx.de');
  await expect(form.getByRole('button', { name: 'Connect mailbox' })).toBeEnabled();
  await snapshot(page, 'provider-gmx-filled-in');

  // A server name the user typed stays when another provider's address follows.
  await incoming.getByRole('textbox', { name: 'Server' }).fill('imap.example.net');
  await address.fill('anna.test@web.de');
  await expect(form.getByText('Settings for WEB.DE filled in.')).toBeVisible();
  await expect(outgoing.getByRole('textbox', { name: 'Server' })).toHaveValue('smtp.web.de');
  await expect(incoming.getByRole('textbox', { name: 'Server' })).toHaveValue('imap.example.net');

  // Outlook.com takes no passwords: the form moves to the Microsoft route by itself, and the IMAP route says why it cannot work.
  await address.fill('anna.test@outlook.com');
  await expect(form.getByRole('radio', { name: 'Microsoft 365 or Outlook.com' })).toBeChecked();
  await expect(form.getByText('anna.test@outlook.com is a Microsoft address: connect it with Microsoft sign-in.')).toBeVisible();
  await form.getByRole('radio', { name: 'Another provider (IMAP and SMTP)' }).check();
  await expect(form.getByText('They connect through the Microsoft sign-in', { exact: false })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Connect mailbox' })).toBeDisabled();
  await snapshot(page, 'provider-outlook-microsoft-sign-in');
  expect(problems).toEqual([]);
});

test('German: the GMX hint in German', async ({ browser }) => {
  const { page, problems } = await openConnectForm(browser, 'de-DE', 'Posteingang');
  await page.getByRole('link', { name: 'Postfach verbinden' }).first().click();
  const form = page.getByRole('form', { name: 'Postfach verbinden' });
  await form.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('anna.test@gmx.net');
  await expect(form.getByText('Einstellungen für GMX eingetragen.')).toBeVisible();
  await expect(form.getByText('Schalte zuerst IMAP in deinen GMX-Einstellungen ein', { exact: false })).toBeVisible();
  await expect(form.getByRole('group', { name: 'Posteingangsserver (IMAP)' }).getByRole('textbox', { name: 'Servername' })).toHaveValue('imap.gmx.net');
  await snapshot(page, 'provider-gmx-de');
  expect(problems).toEqual([]);
});
