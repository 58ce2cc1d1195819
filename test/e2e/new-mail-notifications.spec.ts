import { expect, test, type Page } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Notifications of new candidate mail in the browser (the headless shell): mail delivered
 * into Dovecot while the app is open shows a toast with sender and subject only; a click
 * opens the conversation; with "Off" in Settings › Notifications no toast appears.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };

test.describe('new mail notifications', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId }] });
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

  async function deliver(subject: string, body: string): Promise<void> {
    await deliverByLmtp(dovecot, {
      from: 'anna@example.org',
      to: [alice.address],
      raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: alice.address, subject, date: new Date(), body }),
    });
  }

  const toasts = (page: Page) => page.getByRole('region', { name: /New mail|Neue E-Mail/ }).locator('.toast');

  test('a toast of new mail opens its conversation; with "Off" none appears', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    // Settle on the candidates page, so the toast (not the inbox list) is what brings the mail.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();

    await deliver('My portfolio', 'The body stays out of notifications');
    const toast = toasts(page).first();
    await expect(toast).toBeVisible({ timeout: 20_000 });
    await expect(toast).toContainText('New mail from Anna Apfel');
    await expect(toast).toContainText('My portfolio');
    await expect(toast).not.toContainText('The body stays out');
    await snapshot(page, 'notification-en-1280');
    await toast.getByRole('button', { name: /New mail from Anna Apfel/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'My portfolio' })).toBeVisible();
    await expect(toasts(page)).toHaveCount(0);

    // Settings › Notifications: "Off", kept by the engine.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Notifications' }).click();
    await expect(page.getByRole('radio', { name: /All candidate mail/ })).toBeChecked();
    await snapshot(page, 'notification-settings-en-1280');
    await page.getByRole('radio', { name: /^Off/ }).check();
    await expect.poll(() => callEngine<{ newMailNotifications: string }>(shell, 'preferences:get', {}).newMailNotifications).toBe('off');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await deliver('Second mail while off', 'Quiet please');
    // The mail arrives (the list shows it) and no toast comes with it.
    await expect(page.getByText('Second mail while off').first()).toBeVisible({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await expect(toasts(page)).toHaveCount(0);
    callEngine(shell, 'preferences:update', { newMailNotifications: 'all' });
    await context.close();
  });

  test('looks right in German and English at both sizes', async ({ browser }) => {
    let count = 0;
    for (const [language, locale] of [['de', 'de-DE'], ['en', 'en-US']] as const) {
      for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
        const context = await browser.newContext({ locale, viewport });
        const page = await context.newPage();
        await page.goto(shell.url);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        count += 1;
        await deliver(`Nachricht ${count}: Rückfrage zum Vorstellungsgespräch am Donnerstag und den Unterlagen`, 'body');
        await expect(toasts(page).first()).toContainText(language === 'de' ? 'Neue E-Mail von Anna Apfel' : 'New mail from Anna Apfel', { timeout: 20_000 });
        await snapshot(page, `notification-${language}-${viewport.width}`);
        await page.goto(`${shell.url.replace(/#token=.*/, '')}#/settings/notifications`);
        await expect(page.getByRole('radio', { name: language === 'de' ? /Nur meine Stellen/ : /Only my jobs/ })).toBeVisible();
        await snapshot(page, `notification-settings-${language}-${viewport.width}`);
        await context.close();
      }
    }
  });
});
