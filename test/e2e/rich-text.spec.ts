import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, connectImap, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Rich text in the composer (issue 19, item 5) and the keyboard (item 8), through the real UI
 * against Dovecot and the smtp-server harness behind `hirebox serve`: bold text and a link
 * written with the keyboard and the toolbar arrive at the SMTP server — and in Dovecot's Sent —
 * as multipart/alternative, the text/plain part made from the same text; C in the inbox writes
 * to the candidate of the conversation under the cursor, which is clearly marked.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };

async function openApp(browser: Browser, shell: RunningShell, locale: 'en-US' | 'de-DE', viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // Console errors too (a style the app's policy refuses would show here) — except the mail
  // frame's own refusal to run scripts, which is the sandbox doing its work.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/frame is sandboxed and the 'allow-scripts' permission is not set/u.test(message.text())) problems.push(message.text());
  });
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: locale === 'en-US' ? 'Inbox' : 'Posteingang' })).toBeVisible();
  return { page, problems };
}

test.describe('rich text and keyboard', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId: job }] });
    callEngine(shell, 'candidates:create', { name: 'Ben Brandt', addresses: ['ben@example.org'], applications: [{ jobId: job }] });
    const now = Date.now();
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      {
        raw: buildMessage({ from: { name: 'Anna Adler', address: 'anna@example.org' }, to: { name: 'Alice Adams', address: alice.address }, subject: 'My application as Product Designer', date: new Date(now - 3 * 3_600_000), messageId: 'anna-1@example.org', body: 'Dear Alice,\n\nhere is my portfolio.\n\nAnna' }),
        internalDate: new Date(now - 3 * 3_600_000),
      },
      {
        raw: buildMessage({ from: { name: 'Ben Brandt', address: 'ben@example.org' }, to: { name: 'Alice Adams', address: alice.address }, subject: 'Question about the role', date: new Date(now - 2 * 3_600_000), messageId: 'ben-1@example.org', body: 'Hello,\n\nis the role remote?\n\nBen' }),
        internalDate: new Date(now - 2 * 3_600_000),
      },
    ]);
    const mailbox = await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
      address: alice.address,
      displayName: 'Alice Adams',
      userName: alice.address,
      password: alice.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
    callEngine(shell, 'mailboxes:update', { mailboxId: mailbox.id, signature: 'Alice Adams\nTalent Team' });
    callEngine(shell, 'mailboxes:sync-now', { mailboxId: mailbox.id });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('bold text and a link arrive as text/plain and text/html, at the SMTP server and in Sent', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, 'en-US');
    await page.locator('a.thread-row', { hasText: 'My application as Product Designer' }).click();
    await page.locator('.thread-title').click();
    await page.keyboard.press('r');
    const composer = page.getByTestId('composer');
    const message = composer.getByLabel('Message', { exact: true });
    await expect(message).toBeFocused();
    const toolbar = composer.getByRole('toolbar', { name: 'Formatting' });
    await expect(toolbar).toBeVisible();

    // Bold by its shortcut, then plain again.
    await page.keyboard.type('Thank you, ');
    await page.keyboard.press('Control+b');
    await expect(toolbar.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.type('Anna');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('! Please read the job ad');
    // The last six letters ("job ad") become a link through Ctrl+K.
    for (let step = 0; step < 6; step += 1) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+k');
    const address = composer.getByLabel('Link address');
    await expect(address).toBeFocused();
    // The text the link goes on stays marked while the address is typed.
    await expect(message.locator('.composer-link-target')).toHaveText('job ad');
    await address.fill('jobs.example.org/designer');
    await snapshot(page, 'rich-text-link-row-en');
    await page.keyboard.press('Enter');
    await expect(message.locator('.composer-link-target')).toHaveCount(0);
    await expect(message.locator('a')).toHaveAttribute('href', 'https://jobs.example.org/designer');
    await expect(message.locator('strong')).toHaveText('Anna');
    // A bulleted list from the toolbar.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Bulleted list' }).click();
    await page.keyboard.type('Portfolio review on Thursday');
    await expect(message.locator('ul li')).toHaveText(['Portfolio review on Thursday']);
    await snapshot(page, 'rich-text-composer-en');

    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('composer')).toHaveCount(0);
    const status = page.locator('.thread-view').getByTestId('outbox-status');
    await expect(status).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });

    // At the SMTP server: once, multipart/alternative, both parts saying the same.
    const sent = smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('Portfolio review on Thursday'));
    expect(sent).toHaveLength(1);
    const raw = sent[0]!.raw.toString('utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/mu);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/mu);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/mu);
    const parsed = await simpleParser(sent[0]!.raw);
    expect(parsed.text).toContain('Thank you, *Anna*! Please read the job ad <https://jobs.example.org/designer>');
    expect(parsed.text).toContain('- Portfolio review on Thursday');
    expect(parsed.text).toMatch(/-- \nAlice Adams\nTalent Team/u);
    expect(parsed.text).toContain('> here is my portfolio.');
    const html = String(parsed.html);
    expect(html).toContain('<strong>Anna</strong>');
    expect(html).toContain('<a href="https://jobs.example.org/designer" rel="noopener noreferrer">job ad</a>');
    expect(html).toContain('<li><p>Portfolio review on Thursday</p></li>');
    expect(html).not.toMatch(/<script|on\w+=|style=/iu);

    // In Dovecot's Sent, the copy has both parts too.
    const imap = await connectImap(dovecot, alice.address);
    try {
      await imap.mailboxOpen('Sent');
      const sources: Buffer[] = [];
      for await (const fetched of imap.fetch('1:*', { source: true })) if (fetched.source) sources.push(fetched.source);
      const copy = sources.find((source) => source.toString('utf8').includes('Portfolio review on Thursday'));
      expect(copy).toBeDefined();
      const stored = await simpleParser(copy!);
      expect(stored.text).toContain('*Anna*');
      expect(String(stored.html)).toContain('<strong>Anna</strong>');
    } finally {
      await imap.logout();
    }

    // The sent mail shows in the conversation with its formatting.
    const card = page.locator('.thread-view .message-card').last();
    await expect(card.locator('iframe').contentFrame().locator('strong')).toHaveText('Anna');
    await snapshot(page, 'rich-text-sent-en');
    expect(problems).toEqual([]);
  });

  test('C in the inbox writes to the candidate of the conversation under the cursor, which is clearly marked', async ({ browser }) => {
    for (const [locale, viewport] of [
      ['en-US', { width: 1280, height: 720 }],
      ['de-DE', { width: 1920, height: 1080 }],
    ] as const) {
      const { page, problems } = await openApp(browser, shell, locale, viewport);
      const rows = page.locator('a.thread-row');
      await expect(rows.first()).toBeVisible();
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      // J moves the cursor (down to Anna's conversation, wherever the list has it); the row under it is marked.
      const active = page.locator('a.thread-row.thread-active');
      const target = await rows.evaluateAll((elements) => elements.findIndex((element) => element.textContent?.includes('My application as Product Designer')));
      expect(target).toBeGreaterThanOrEqual(0);
      for (let step = 0; step <= target; step += 1) await page.keyboard.press('j');
      await expect(active).toHaveCount(1);
      await expect(active).toContainText('My application as Product Designer');
      const ring = await active.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).boxShadow);
      expect(ring).toContain('rgb(47, 95, 208)');
      await snapshot(page, `inbox-cursor-${locale.slice(0, 2)}-${viewport.width}`);

      await page.keyboard.press('c');
      const picker = page.getByRole('dialog', { name: locale === 'en-US' ? 'Write to Anna Adler' : 'An Anna Adler schreiben' });
      await expect(picker).toBeVisible();
      await expect(picker.locator('.thread-picker-option', { hasText: 'My application as Product Designer' })).toBeVisible();
      await picker.locator('.thread-picker-option', { hasText: 'My application as Product Designer' }).click();
      // The reply is written on Anna's profile.
      await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
      const composer = page.getByTestId('composer');
      await expect(composer.getByLabel(locale === 'en-US' ? 'To' : 'An', { exact: true })).toHaveValue('Anna Adler <anna@example.org>');
      await expect(composer.getByRole('toolbar')).toBeVisible();
      await snapshot(page, `rich-text-profile-${locale.slice(0, 2)}-${viewport.width}`);
      await composer.getByRole('button', { name: locale === 'en-US' ? 'Discard' : 'Verwerfen' }).last().click();
      await expect(composer).toHaveCount(0);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
});
