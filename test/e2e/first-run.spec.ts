import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import fs from 'node:fs';
import type { RunningShell } from './headless-shell.js';
import { callEngine, startHeadlessShell } from './headless-shell.js';

/**
 * First run through the real UI against the headless shell on a fresh data folder:
 * set up the workspace (with one wrong answer first), find the way to connecting a
 * mailbox, and switch the language — which must survive a reload, since the preference
 * lives in the engine.
 */

const screensFolder = 'test-results/screens';

async function snapshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screensFolder, { recursive: true });
  await page.screenshot({ path: `${screensFolder}/${name}.png`, fullPage: true });
}

/**
 * Opens the printed address in a fresh browser context with the given system language.
 * `problems` collects what the page logs as errors (CSP refusals, React errors); the
 * tests expect none.
 */
async function openApp(browser: Browser, shell: RunningShell, locale: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(shell.url);
  return { page, problems };
}

test.describe('first run in English', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('set up, find mailbox connection, switch to German and keep it after reload', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, 'en-US');

    // --- First run ---
    await expect(page.getByRole('heading', { level: 1, name: 'Set up Hirebox' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // The key leaves the address bar once read (it must not end up in bookmarks).
    await expect(page).not.toHaveURL(/token=/);
    await expect(page.getByText('This installation belongs to you')).toBeVisible();

    const companyName = page.getByRole('textbox', { name: 'Company name' });
    const domains = page.getByRole('textbox', { name: 'Own mail domains' });
    const ownerName = page.getByRole('textbox', { name: 'Your name' });
    const workAddress = page.getByRole('textbox', { name: 'Work address' });

    // Every field wrong at once: every error shows at once, focus on the first.
    await domains.fill('acme.com, acme');
    await workAddress.fill('ada-at-acme');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect(companyName).toHaveAccessibleDescription(/Enter your company’s name/);
    await expect(domains).toHaveAccessibleDescription(/“acme” is not a mail domain/);
    await expect(ownerName).toHaveAccessibleDescription(/Enter your name/);
    await expect(workAddress).toHaveAccessibleDescription(/Enter a work address like name@acme\.com/);
    for (const field of [companyName, domains, ownerName, workAddress]) await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(companyName).toBeFocused();
    await snapshot(page, '01a-first-run-all-errors');

    // A work address outside the company's domains: a warning first, then it is allowed.
    await companyName.fill('Acme GmbH');
    await domains.fill('acme.com, acme.de');
    await ownerName.fill('Ada Lovelace');
    await workAddress.fill('ada@gmail.com');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect(page.getByRole('alert')).toContainText('“ada@gmail.com” is not in your company’s domains (acme.com, acme.de)');
    await expect(workAddress).toBeFocused();
    await expect(page.getByRole('heading', { level: 1, name: 'Set up Hirebox' })).toBeVisible();
    await snapshot(page, '01b-first-run-outside-domains');

    await workAddress.fill('not-an-address');
    await page.getByRole('button', { name: 'Create workspace' }).click();

    // The engine refuses the address (invalid-input, field owner.email); the words appear
    // beside that field, the field is marked and takes focus.
    await expect(workAddress).toHaveAttribute('aria-invalid', 'true');
    await expect(workAddress).toHaveAccessibleDescription(/Enter a work address like name@acme\.com/);
    await expect(workAddress).toBeFocused();
    for (const other of [companyName, domains, ownerName]) await expect(other).not.toHaveAttribute('aria-invalid');
    await snapshot(page, '01-first-run-field-error');

    // Correcting the field clears its error; submitting again goes through.
    await workAddress.fill('ada@acme.com');
    await expect(workAddress).not.toHaveAttribute('aria-invalid');
    await workAddress.press('Enter');

    // --- Empty inbox, pointing to a mailbox ---
    const mainNavigation = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeFocused();
    await expect(page).toHaveTitle('Inbox – Hirebox');
    await expect(mainNavigation.getByRole('link', { name: 'Inbox' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name: 'Your candidate mail will show up here' })).toBeVisible();
    await expect(page.getByText('straight from your own mailbox')).toBeVisible();
    await snapshot(page, '02-inbox-empty');

    await page.getByRole('link', { name: 'Connect a mailbox' }).click();

    // --- Settings › Mailboxes ---
    await expect(page).toHaveURL(/#\/settings\/mailboxes$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
    await expect(mainNavigation.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    const settingsNavigation = page.getByRole('navigation', { name: 'Settings sections' });
    await expect(settingsNavigation.getByRole('link', { name: 'Mailboxes' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: 'Mailboxes' })).toBeVisible();
    await expect(page.getByText('No mailbox connected yet.')).toBeVisible();
    await expect(page.getByText('IMAP, Gmail or Microsoft 365')).toBeVisible();
    await snapshot(page, '03-settings-mailboxes');

    // The workspace as the engine stored it: the domains line became two domains.
    await settingsNavigation.getByRole('link', { name: 'Workspace' }).click();
    const domainList = page.getByRole('definition').getByRole('listitem');
    await expect(domainList).toHaveText(['acme.com', 'acme.de']);
    await expect(page.getByText('Acme GmbH').first()).toBeVisible();
    await snapshot(page, '04-settings-workspace');

    // The work address can change after first run, with the same checks and warning.
    await page.getByRole('button', { name: 'Change work address' }).click();
    const newAddress = page.getByRole('textbox', { name: 'Your work address' });
    await expect(newAddress).toHaveValue('ada@acme.com');
    await newAddress.fill('ada@');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(newAddress).toHaveAccessibleDescription(/Enter a work address like name@acme\.com/);
    await newAddress.fill('ada@gmail.com');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByRole('alert')).toContainText('“ada@gmail.com” is not in your company’s domains (acme.com, acme.de)');
    await snapshot(page, '04b-settings-work-address-warning');
    await newAddress.fill('ada.lovelace@acme.de');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(newAddress).toBeHidden();
    await expect(page.getByRole('definition').filter({ hasText: 'Ada Lovelace · ada.lovelace@acme.de' })).toBeVisible();
    expect(callEngine<{ user: { email: string } }>(shell, 'session:get', {}).user.email).toBe('ada.lovelace@acme.de');

    // --- Language ---
    await settingsNavigation.getByRole('link', { name: 'Language' }).click();
    await expect(page.getByRole('radio', { name: /System language/ })).toBeChecked();
    await snapshot(page, '05-settings-language-en');
    await page.getByRole('radio', { name: 'Deutsch' }).check();

    const navigationDe = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Sprache' })).toBeVisible();
    await expect(navigationDe.getByRole('link', { name: 'Posteingang' })).toBeVisible();
    await expect(navigationDe.getByRole('link', { name: 'Kandidat*innen' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await snapshot(page, '06-settings-language-de');

    // --- Reload: still German, since the engine keeps the preference ---
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Deutsch' })).toBeChecked();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    // The other pages in German, each driven once.
    await navigationDe.getByRole('link', { name: 'Posteingang' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Posteingang' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Hier erscheinen die E-Mails mit deinen Kandidat*innen' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Postfach verbinden' })).toBeVisible();
    await snapshot(page, '07-inbox-empty-de');

    await navigationDe.getByRole('link', { name: 'Kandidat*innen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kandidat*innen' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Noch keine Kandidat*innen' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Kandidat*innen suchen' }).fill('Grace');
    await expect(page.getByRole('heading', { name: 'Kein Treffer für „Grace“' })).toBeVisible();
    await snapshot(page, '08-candidates-search-de');

    await navigationDe.getByRole('link', { name: 'Stellen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Stellen' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Keine offenen Stellen' })).toBeVisible();
    await page.getByRole('radio', { name: 'Archiviert' }).check();
    await expect(page.getByRole('heading', { name: 'Keine archivierten Stellen' })).toBeVisible();
    await snapshot(page, '09-jobs-archived-de');

    expect(problems).toEqual([]);
  });

  test('an address with a wrong key shows that the link has expired', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(shell.url.replace(/#token=.*/, '#token=not-the-right-key'));
    await expect(page.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible();
    await expect(page.getByText('Open the address Hirebox printed')).toBeVisible();
    await snapshot(page, '10-link-expired');
    await context.close();
  });
});

test.describe('first run in German', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('a German system sees first run in German, errors included', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, 'de-DE');

    await expect(page.getByRole('heading', { level: 1, name: 'Hirebox einrichten' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByText('Diese Installation gehört dir')).toBeVisible();

    // Sending the empty form: the engine names the first field at fault, in German words.
    await page.getByRole('button', { name: 'Workspace anlegen' }).click();
    const companyName = page.getByRole('textbox', { name: 'Name des Unternehmens' });
    await expect(companyName).toHaveAttribute('aria-invalid', 'true');
    await expect(companyName).toHaveAccessibleDescription('Gib den Namen deines Unternehmens ein.');
    await expect(companyName).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Berufliche E-Mail-Adresse' })).toBeVisible();
    await snapshot(page, '11-first-run-de');

    expect(problems).toEqual([]);
  });
});
