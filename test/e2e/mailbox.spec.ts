import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Dovecot } from '../support/mail-servers/index.js';
import type { SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { startHeadlessShell } from './headless-shell.js';

/**
 * Connecting a mailbox through the real UI against a real Dovecot (R11 plain form, R9
 * folders, R14 status, R8): the inbox's "Connect a mailbox" lands on the form; a plain
 * connection to another computer is refused at the security choice; a wrong password is
 * refused in words and saves nothing; the right one connects, the first sync reaches "Up
 * to date" live, the folders show INBOX and Sent scanned and why, another folder can be
 * added, and the candidate's mail shows up in the inbox with her name. Setup that is not
 * under test goes through `hirebox call`.
 */

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const screensFolder = 'test-results/screens';
const alice = { address: 'alice@hirebox.test', password: 'alice-password' };

async function snapshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screensFolder, { recursive: true });
  await page.screenshot({ path: `${screensFolder}/${name}.png`, fullPage: true });
}

/** One channel through `hirebox call` against the running shell; throws unless it succeeds. */
function callEngine<T = unknown>(shell: RunningShell, channel: string, input: unknown): T {
  const run = spawnSync(process.execPath, ['bin/hirebox.js', 'call', channel, JSON.stringify(input), '--data', shell.dataFolder], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  const result = JSON.parse(run.stdout) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function openApp(browser: Browser, shell: RunningShell, locale = 'en-US', inbox = 'Inbox'): Promise<{ page: Page; problems: string[] }> {
  // Tall enough that a screenshot shows the whole form (the page scrolls inside the frame).
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

/** A loopback port in front of Dovecot that holds new connections back while `delayMs` > 0. */
interface SlowProxy {
  port: number;
  /** How long a new connection waits before it is passed on. */
  delayMs: number;
  close(): Promise<void>;
}

/** Lets a test make the check of a connect take a moment, so its progress can be seen. */
async function startSlowProxy(target: number): Promise<SlowProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = net.connect({ host: '127.0.0.1', port: target });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    }, proxy.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: SlowProxy = {
    port: (server.address() as net.AddressInfo).port,
    delayMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

test.describe('mailbox', () => {
  let dovecot: Dovecot;
  let shell: RunningShell;
  let slowImap: SlowProxy;
  let smtp: SmtpServer;

  test.beforeAll(async () => {
    dovecot = await startDovecot();
    // Connecting tests SMTP too (issue 6).
    smtp = await startSmtpServer(dovecot);
    slowImap = await startSlowProxy(dovecot.imapPort);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', {
      workspaceName: 'Hirebox Test GmbH',
      domains: ['hirebox.test'],
      owner: { name: 'Alice Adams', email: alice.address },
    });
    const jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId }] });
    // One mail from Anna, two hours old: inside the initial window of 24 hours (R10).
    const sentAt = new Date(Date.now() - 2 * 60 * 60 * 1000);
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      {
        raw: buildMessage({
          from: { name: 'Anna Adler', address: 'anna@example.org' },
          to: { name: 'Alice Adams', address: alice.address },
          subject: 'My application as Product Designer',
          date: sentAt,
          body: 'Dear Alice,\n\nplease find my portfolio below. I look forward to hearing from you.\n\nAnna',
        }),
        internalDate: sentAt,
      },
    ]);
  });

  test.afterAll(async () => {
    await shell?.stop();
    await slowImap?.close();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('connect: refused choices and password in words, then sync, folders and the candidate’s mail', async ({ browser }) => {
    // A long flow against a real server, with three `hirebox call`s on the way.
    test.slow();
    const { page, problems } = await openApp(browser, shell);

    // --- The inbox's empty state leads to the form ---
    await expect(page.getByRole('heading', { name: 'Your candidate mail will show up here' })).toBeVisible();
    await page.getByRole('link', { name: 'Connect a mailbox' }).click();
    await expect(page).toHaveURL(/#\/settings\/mailboxes$/);
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await expect(form).toBeVisible();
    await snapshot(page, '39-connect-form-from-inbox');
    const incoming = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
    const outgoing = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    const address = form.getByRole('textbox', { name: 'Mail address' });
    const userName = form.getByRole('textbox', { name: 'User name' });
    const password = form.getByLabel('Password', { exact: true });
    const imapPort = incoming.getByRole('textbox', { name: 'Port' });
    const imapSecurity = incoming.getByRole('combobox', { name: 'Security' });
    const smtpPort = outgoing.getByRole('textbox', { name: 'Port' });

    // Defaults: IMAP 993 with TLS, SMTP 587 with STARTTLS; the user name follows the address.
    await expect(imapPort).toHaveValue('993');
    await expect(imapSecurity).toHaveValue('tls');
    await expect(smtpPort).toHaveValue('587');
    await expect(outgoing.getByRole('combobox', { name: 'Security' })).toHaveValue('starttls');
    await address.fill(alice.address);
    await expect(userName).toHaveValue(alice.address);
    await expect(password).toHaveAttribute('type', 'password');

    // --- No encryption to another computer: refused at the security choice ---
    await outgoing.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await incoming.getByRole('textbox', { name: 'Server' }).fill('mail.example.com');
    await imapSecurity.selectOption('none');
    await expect(imapPort).toHaveValue('143');
    await expect(imapSecurity).toHaveAccessibleDescription(/only for a mail server on this computer/);
    await password.fill('wrong-password');
    await form.getByRole('button', { name: 'Connect mailbox' }).click();
    await expect(imapSecurity).toHaveAttribute('aria-invalid', 'true');
    await expect(imapSecurity).toHaveAccessibleDescription(/Hirebox connects only to a server on this computer/);
    await expect(imapSecurity).toBeFocused();
    // The password went with that attempt and is gone from the form.
    await expect(password).toHaveValue('');
    await snapshot(page, '40-connect-security-refused');

    // --- The right servers, a wrong password: refused in words, nothing saved ---
    await incoming.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await expect(imapSecurity).not.toHaveAttribute('aria-invalid');
    await imapPort.fill(String(slowImap.port));
    await outgoing.getByRole('combobox', { name: 'Security' }).selectOption('none');
    await smtpPort.fill(String(smtp.port));
    await password.fill('wrong-password');
    await password.press('Enter');
    const refusal = form.getByRole('alert');
    await expect(refusal).toContainText('The server refused the user name or password.');
    await expect(password).toBeFocused();
    await expect(password).toHaveValue('');
    await expect(password).toHaveAccessibleDescription(/Enter the password again/);
    await expect(page.getByText('No mailbox connected yet.')).toBeVisible();
    expect(callEngine<{ items: unknown[] }>(shell, 'mailboxes:list', {}).items).toEqual([]);
    await snapshot(page, '41-connect-wrong-password');

    // --- The right password: connected, synced live to "Up to date" ---
    await password.fill(alice.password);
    slowImap.delayMs = 1_500;
    const submit = form.getByRole('button', { name: /Connect mailbox|Checking/ });
    await submit.click();
    // The check takes a moment (the server here greets late): progress, and no second submit.
    await expect(form.getByRole('status')).toHaveText('Checking the connection…');
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveText('Checking…');
    await snapshot(page, '41b-connect-checking');
    slowImap.delayMs = 0;
    await expect(page.getByRole('status').filter({ hasText: `${alice.address} is connected.` })).toBeFocused({ timeout: 20_000 });
    await expect(form).toHaveCount(0);
    const mailboxes = page.getByRole('list', { name: 'Connected mailboxes' });
    const row = mailboxes.getByRole('listitem', { name: 'Alice Adams' });
    await expect(row).toContainText(alice.address);
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(row).toContainText(/Last synced/);
    await snapshot(page, '42-mailbox-connected');

    // --- Folders: INBOX and Sent scanned, and why; another one can be added ---
    const foldersButton = row.getByRole('button', { name: 'Folders' });
    await expect(foldersButton).toHaveAttribute('aria-expanded', 'false');
    await foldersButton.click();
    await expect(foldersButton).toHaveAttribute('aria-expanded', 'true');
    const folders = row.getByRole('list', { name: `Folders of ${alice.address}` });
    const inbox = folders.getByRole('checkbox', { name: 'INBOX', exact: true });
    const sent = folders.getByRole('checkbox', { name: 'Sent', exact: true });
    const archive = folders.getByRole('checkbox', { name: 'Archive', exact: true });
    await expect(inbox).toBeChecked();
    await expect(inbox).toHaveAccessibleDescription(/always scanned/);
    await expect(sent).toBeChecked();
    await expect(sent).toHaveAccessibleDescription('Sent mail · marked as Sent by the server');
    await expect(archive).not.toBeChecked();
    await archive.check();
    await expect(archive).toBeChecked();
    await expect(archive).toHaveAccessibleDescription('Scanned because you added it');
    const mailboxId = callEngine<{ items: { id: string }[] }>(shell, 'mailboxes:list', {}).items[0]!.id;
    const scanned = callEngine<{ path: string; scanned: boolean }[]>(shell, 'mailboxes:folders', { mailboxId })
      .filter((folder) => folder.scanned)
      .map((folder) => folder.path)
      .sort();
    expect(scanned).toEqual(['Archive', 'INBOX', 'Sent']);
    await snapshot(page, '43-mailbox-folders');

    // --- Sync now, from the keyboard ---
    const syncNow = row.getByRole('button', { name: /^Sync now/ });
    await syncNow.focus();
    await page.keyboard.press('Enter');
    await expect(syncNow).toBeFocused();
    await expect(row.locator('.status')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(syncNow).not.toHaveAttribute('aria-disabled', 'true');

    // --- The inbox lists Anna's mail with her name ---
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    const conversations = page.getByRole('region', { name: 'Conversations' });
    const thread = conversations.getByRole('listitem').filter({ hasText: 'Anna Adler' });
    await expect(thread).toBeVisible();
    await expect(thread).toContainText('My application as Product Designer');
    await snapshot(page, '44-inbox-with-mail');

    expect(problems).toEqual([]);
  });

  test('R8: an address connected already is refused at the address, pointing to shared inboxes', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('button', { name: 'Connect another mailbox' }).click();
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    const address = form.getByRole('textbox', { name: 'Mail address' });
    await expect(address).toBeFocused();
    await address.fill('Alice@Hirebox.test');
    await form.getByLabel('Password', { exact: true }).fill(alice.password);
    await form.getByRole('group', { name: 'Incoming mail (IMAP)' }).getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await form.getByRole('group', { name: 'Outgoing mail (SMTP)' }).getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await form.getByRole('button', { name: 'Connect mailbox' }).click();
    await expect(address).toHaveAttribute('aria-invalid', 'true');
    await expect(address).toHaveAccessibleDescription(/“Alice@Hirebox\.test” is connected already.*shared inbox/);
    await expect(address).toBeFocused();
    await snapshot(page, '45-connect-r8');

    // Cancel closes the form and returns to the button that opened it.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Connect another mailbox' })).toBeFocused();
    expect(callEngine<{ items: unknown[] }>(shell, 'mailboxes:list', {}).items).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  test('R14: a pushed status shows in the row at once, with progress while syncing', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1240 } });
    const page = await context.newPage();
    // The engine's own socket, passed through; the test adds pushes of its own on the way.
    let pushToPage: (message: unknown) => void = () => {};
    await page.routeWebSocket(/\/ws$/, (socket) => {
      socket.connectToServer();
      pushToPage = (message) => socket.send(JSON.stringify(message));
    });
    await page.goto(shell.url);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Alice Adams' });
    await expect(row.locator('.status')).toHaveText('Up to date');
    const { items } = callEngine<{ items: { id: string; lastSyncedAt: string }[] }>(shell, 'mailboxes:list', {});
    const { id: mailboxId, lastSyncedAt } = items[0]!;
    const push = (status: unknown) => pushToPage({ type: 'event', name: 'mailbox:status', payload: { mailboxId, status, lastSyncedAt } });

    push({ state: 'syncing', phase: 'initial-window', done: 40, total: 120 });
    await expect(row.locator('.status')).toHaveText('Syncing recent mail: 40 of 120');
    const progress = row.getByRole('progressbar', { name: `Sync progress of ${alice.address}` });
    await expect(progress).toHaveAttribute('value', '40');
    await expect(progress).toHaveAttribute('max', '120');
    const syncNow = row.getByRole('button', { name: /^Sync now/ });
    await expect(syncNow).toHaveAttribute('aria-disabled', 'true');
    await snapshot(page, '47-mailbox-syncing');

    push({ state: 'error', code: 'timeout', message: 'The IMAP server did not answer in time.' });
    await expect(row.locator('.status')).toHaveText('Stopped: the mail server did not answer in time.');
    await expect(progress).toHaveCount(0);
    await expect(syncNow).not.toHaveAttribute('aria-disabled', 'true');

    // A stopped server is not "offline": the row says so and offers what helps.
    push({ state: 'server-unreachable', cause: 'refused', retryAt: new Date(Date.now() + 60_000).toISOString() });
    await expect(row.locator('.status')).toHaveText(/^Mail server unreachable: it refuses connections \(stopped, or a wrong server name or port\)\. Next try /);
    await expect(row.getByRole('button', { name: /^Retry now/ })).toBeVisible();
    await row.getByRole('button', { name: /^Open connection test/ }).click();
    await expect(row.getByRole('button', { name: /^Test connection/ })).toBeVisible();
    push({ state: 'offline' });
    await expect(row.locator('.status')).toHaveText('Offline — this computer has no network');
    await expect(row.getByText('Check this computer’s Wi-Fi or network cable.', { exact: false })).toBeVisible();

    push({ state: 'up-to-date' });
    await expect(row.locator('.status')).toHaveText('Up to date');
    await context.close();
  });

  test('German: the form and the mailbox row in German', async ({ browser }) => {
    const { page } = await openApp(browser, shell, 'de-DE', 'Posteingang');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einstellungen' }).click();
    await page.getByRole('navigation', { name: 'Bereiche der Einstellungen' }).getByRole('link', { name: 'Postfächer' }).click();
    const row = page.getByRole('list', { name: 'Verbundene Postfächer' }).getByRole('listitem', { name: 'Alice Adams' });
    await expect(row.locator('.status')).toHaveText('Auf dem neuesten Stand');
    await row.getByRole('button', { name: 'Ordner' }).click();
    await expect(row.getByRole('checkbox', { name: 'Sent', exact: true })).toHaveAccessibleDescription(/vom Server als „Gesendet“ markiert/);
    await page.getByRole('button', { name: 'Weiteres Postfach verbinden' }).click();
    const form = page.getByRole('form', { name: 'Postfach verbinden' });
    await form.getByRole('group', { name: 'Posteingangsserver (IMAP)' }).getByRole('combobox', { name: 'Verschlüsselung' }).selectOption('none');
    await expect(form).toContainText('nur für einen E-Mail-Server auf diesem Computer');
    await snapshot(page, '46-mailboxes-de');
  });

  test('sender and signature: a two-line signature is saved and kept after a reload', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    const openRow = async () => {
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
      const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem', { name: 'Alice Adams' });
      const disclosure = row.getByRole('button', { name: 'Sender and signature' });
      await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
      await disclosure.click();
      await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
      return row;
    };
    const signatureText = 'Alice Adams\nHead of People, Hirebox Test GmbH';

    let row = await openRow();
    await expect(row.getByRole('textbox', { name: 'Sender name' })).toHaveValue('Alice Adams');
    const signature = row.getByRole('textbox', { name: 'Signature' });
    await expect(signature).toHaveAccessibleDescription('Added below mail you write in Hirebox from this mailbox.');
    const save = row.getByRole('button', { name: 'Save' });
    await expect(save).toBeDisabled();
    await signature.fill(signatureText);
    await expect(save).toBeEnabled();
    await save.click();
    await expect(row.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await expect(save).toBeDisabled();
    const mailbox = callEngine<{ items: { signature: string }[] }>(shell, 'mailboxes:list', {}).items[0]!;
    expect(mailbox.signature).toBe(signatureText);

    // The reload stays on Settings › Mailboxes, with everything typed gone from the page.
    await page.reload();
    await expect(page).toHaveURL(/#\/settings\/mailboxes$/);
    row = await openRow();
    await expect(row.getByRole('textbox', { name: 'Signature' })).toHaveValue(signatureText);
    await expect(row.getByRole('button', { name: 'Save' })).toBeDisabled();
    await snapshot(page, '48-mailbox-signature');
    expect(problems).toEqual([]);
  });
});
