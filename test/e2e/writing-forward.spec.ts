import { expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell, openAppAt } from './headless-shell.js';

/**
 * Forward (R6) and replies with quoted history, through the real UI, against a real
 * Dovecot and the smtp-server harness behind `hirebox serve`: the Forward button on a mail
 * and the key `f`, the confirmation that the forward stays on the candidate's profile, and
 * what arrives: a new thread marked `Fwd:`, the original quoted and its stored attachment
 * carried; a reply whose headers keep display names and whose text quotes the mail it answers.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const originalId = 'anna-documents-1@example.org';
const pdf = Buffer.from('%PDF-1.4 Anna Adler portfolio');

function mailWithAttachment(date: Date): string {
  const boundary = 'forward-spec-boundary';
  return [
    'From: Anna Adler <anna@example.org>',
    `To: Alice Adams <${alice.address}>`,
    'Subject: Meine Unterlagen',
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${originalId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Guten Tag, anbei mein Portfolio.',
    `--${boundary}`,
    'Content-Type: application/pdf; name="portfolio.pdf"',
    'Content-Disposition: attachment; filename="portfolio.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

test.describe('forward and quoted replies', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let mailboxId: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    callEngine(shell, 'users:create', { name: 'Carl Colleague', email: 'carl@hirebox.test', role: 'recruiter' });
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    callEngine(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId: job }] });
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [{ raw: mailWithAttachment(hourAgo), internalDate: hourAgo }]);
    mailboxId = (
      await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
        address: alice.address,
        displayName: 'Alice Adams',
        userName: alice.address,
        password: alice.password,
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      })
    ).id;
    callEngine(shell, 'mailboxes:sync-now', { mailboxId });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('a forward asks first, then arrives as a new thread marked Fwd: with the original quoted and its attachment', async ({ browser }) => {
    const { page, problems } = await openAppAt(browser, shell, '#/inbox', 'en-US');
    await page.locator('a.thread-row', { hasText: 'Meine Unterlagen' }).click();
    const thread = page.locator('.thread-view');
    await expect(thread.getByRole('heading', { name: 'Meine Unterlagen' })).toBeVisible();
    await thread.locator('.message-card').getByRole('button', { name: 'Forward' }).click();

    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'Forward: Meine Unterlagen' })).toBeVisible();
    await expect(composer.getByLabel('Subject')).toHaveValue('Fwd: Meine Unterlagen');
    await expect(composer.getByRole('list', { name: 'Attachments of the forwarded mail' })).toContainText('portfolio.pdf');
    // The original is there, collapsed until asked for.
    await expect(composer.locator('.composer-quote')).toHaveCount(0);
    await composer.getByRole('button', { name: 'Show forwarded message' }).click();
    await expect(composer.locator('.composer-quote')).toContainText('Guten Tag, anbei mein Portfolio.');
    await composer.getByLabel('To').fill('Carl Colleague <carl@hirebox.test>');
    await composer.getByLabel('Message', { exact: true }).fill('Carl, please have a look at her portfolio.');
    await composer.getByLabel('Message', { exact: true }).press('Control+Enter');

    const confirm = page.getByRole('dialog', { name: 'Forward this mail?' });
    await expect(confirm).toContainText('stays visible on the profile of Anna Adler to everyone who may see Anna Adler');
    await snapshot(page, 'forward-confirm-en');
    // Going back sends nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    expect(smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('please have a look'))).toHaveLength(0);
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('dialog', { name: 'Forward this mail?' }).getByRole('button', { name: 'Forward' }).click();
    await expect(composer).toHaveCount(0);
    await expect(page.locator('[data-testid=outbox-status]', { hasText: 'Fwd: Meine Unterlagen' })).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });

    const sent = smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('please have a look'));
    expect(sent).toHaveLength(1);
    const raw = sent[0]!.raw.toString('utf8');
    expect(raw).toMatch(/^Subject: Fwd: Meine Unterlagen\r?$/m);
    expect(raw).toMatch(/^To: Carl Colleague <carl@hirebox\.test>\r?$/m);
    // A new thread: the original in References, no In-Reply-To.
    expect(raw).toMatch(new RegExp(`^References: <${originalId.replace(/\./g, '\\.')}>`, 'm'));
    expect(raw).not.toMatch(/^In-Reply-To:/m);
    expect(raw).toContain('---------- Forwarded message ---------');
    expect(raw).toContain('From: Anna Adler <anna@example.org>');
    expect(raw).toContain('Guten Tag, anbei mein Portfolio.');
    expect(raw).toMatch(/filename="?portfolio\.pdf"?/);
    expect(raw.replace(/\r?\n/g, '')).toContain(pdf.toString('base64'));

    // In the inbox: a thread of its own, marked as a forward, with the attachment.
    await page.goto(`${shell.url.replace(/#.*$/, '')}#/inbox`);
    const row = page.locator('a.thread-row', { hasText: 'Fwd: Meine Unterlagen' });
    await expect(row).toBeVisible();
    await expect(row.locator('[data-reason=forward]')).toBeVisible();
    await expect(page.locator('a.thread-row', { hasText: 'Meine Unterlagen' })).toHaveCount(2);
    await row.click();
    await expect(page.locator('.thread-view').getByRole('heading', { name: 'Fwd: Meine Unterlagen' })).toBeVisible();
    await expect(page.locator('.thread-view .attachments')).toContainText('portfolio.pdf');
    expect(problems).toEqual([]);
  });

  test('German: the key F forwards the open conversation and the confirmation speaks German', async ({ browser }) => {
    const { page, problems } = await openAppAt(browser, shell, '#/inbox', 'de-DE');
    await page.locator('a.thread-row', { hasText: 'Meine Unterlagen' }).filter({ hasNotText: 'Fwd:' }).click();
    await expect(page.locator('.thread-view').getByRole('heading', { name: 'Meine Unterlagen', exact: true })).toBeVisible();
    await page.locator('.thread-title').click();
    await page.keyboard.press('f');
    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'Weiterleiten: Meine Unterlagen' })).toBeVisible();
    await expect(composer.getByRole('list', { name: 'Anhänge der weitergeleiteten E-Mail' })).toContainText('portfolio.pdf');
    await composer.getByRole('button', { name: 'Weitergeleitete Nachricht zeigen' }).click();
    await composer.getByLabel('An', { exact: true }).fill('carl@hirebox.test');
    await snapshot(page, 'forward-composer-de');
    await composer.getByLabel('An', { exact: true }).press('Control+Enter');
    const confirm = page.getByRole('dialog', { name: 'Diese E-Mail weiterleiten?' });
    await expect(confirm).toContainText('bleibt auf dem Profil von Anna Adler für alle sichtbar');
    await snapshot(page, 'forward-confirm-de');
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    // Discarded, the forward's saved draft goes too.
    await composer.getByRole('button', { name: 'Verwerfen' }).last().click();
    await expect(composer).toHaveCount(0);
    await expect.poll(() => callEngine<unknown[]>(shell, 'drafts:list', {}).length).toBe(0);
    expect(problems).toEqual([]);
  });

  test('a reply keeps display names in To and Cc and quotes the mail it answers (collapsed in the composer)', async ({ browser }) => {
    const { page, problems } = await openAppAt(browser, shell, '#/inbox', 'en-US');
    await page.locator('a.thread-row', { hasText: 'Meine Unterlagen' }).filter({ hasNotText: 'Fwd:' }).click();
    await page.locator('.thread-view').getByRole('button', { name: 'Reply', exact: true }).click();
    const composer = page.getByTestId('composer');
    await expect(composer.getByLabel('To')).toHaveValue('Anna Adler <anna@example.org>');
    await expect(composer.locator('.composer-quote')).toHaveCount(0);
    await composer.getByRole('button', { name: 'Show quoted text' }).click();
    await expect(composer.locator('.composer-quote')).toContainText('Guten Tag, anbei mein Portfolio.');
    await expect(composer.locator('.composer-quote')).toContainText('Anna Adler <anna@example.org> wrote:');
    await composer.getByLabel('Cc').fill('"Brandt, Ben" <ben@example.org>');
    await composer.getByLabel('Message', { exact: true }).fill('Danke, Anna — wir melden uns.');
    await snapshot(page, 'reply-quoted-en');
    await composer.getByLabel('Message', { exact: true }).press('Control+Enter');
    await expect(page.locator('[data-testid=outbox-status]').last()).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });

    const sent = smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('wir melden uns'));
    expect(sent).toHaveLength(1);
    const raw = sent[0]!.raw.toString('utf8');
    expect(raw).toMatch(/^To: Anna Adler <anna@example\.org>\r?$/m);
    const parsed = await simpleParser(sent[0]!.raw);
    expect((parsed.cc as { value: { name: string; address: string }[] }).value).toEqual([{ name: 'Brandt, Ben', address: 'ben@example.org' }]);
    expect(parsed.inReplyTo).toBe(`<${originalId}>`);
    const text = parsed.text ?? '';
    expect(text).toMatch(/Danke, Anna — wir melden uns\.\n\nOn .+, Anna Adler <anna@example\.org> wrote:\n> Guten Tag, anbei mein Portfolio\./);
    expect(problems).toEqual([]);
  });

  test('a draft is saved as you type, survives a restart of hirebox serve, is listed in the outbox, reopens and goes when sent', async ({ browser }) => {
    const first = await openAppAt(browser, shell, '#/inbox', 'en-US');
    await first.page.locator('a.thread-row', { hasText: 'Meine Unterlagen' }).filter({ hasNotText: 'Fwd:' }).click();
    await first.page.locator('.thread-view').getByRole('button', { name: 'Reply', exact: true }).click();
    const text = 'Liebe Anna, ein Entwurf, der einen Neustart übersteht.';
    await first.page.getByTestId('composer').getByLabel('Message', { exact: true }).fill(text);
    // Saved in the engine once typing pauses — nothing else is clicked.
    await expect.poll(() => callEngine<{ body: string }[]>(shell, 'drafts:list', {}).map((draft) => draft.body), { timeout: 10_000 }).toEqual([text]);
    expect(first.problems).toEqual([]);
    await first.page.context().close();

    shell = await shell.restart();
    const { page, problems } = await openAppAt(browser, shell, '#/outbox', 'en-US');
    const drafts = page.getByTestId('outbox-drafts');
    await expect(drafts.getByRole('heading', { name: 'Draft (1)' })).toBeVisible();
    const row = drafts.locator('.outbox-draft');
    await expect(row).toContainText('Reply');
    await expect(row).toContainText('for Anna Adler');
    await expect(row).toContainText(text);
    await snapshot(page, 'drafts-outbox-en');
    await row.getByRole('link', { name: 'Open' }).click();
    const composer = page.getByTestId('composer');
    await expect(composer.getByLabel('Message', { exact: true })).toHaveText(text);
    await expect(composer.getByLabel('To')).toHaveValue('Anna Adler <anna@example.org>');
    // The quoted history came back with it.
    await composer.getByRole('button', { name: 'Show quoted text' }).click();
    await expect(composer.locator('.composer-quote')).toContainText('Guten Tag, anbei mein Portfolio.');

    const german = await openAppAt(browser, shell, '#/outbox', 'de-DE');
    await expect(german.page.getByTestId('outbox-drafts').getByRole('heading', { name: 'Entwurf (1)' })).toBeVisible();
    await expect(german.page.getByTestId('outbox-drafts')).toContainText('für Anna Adler');
    await snapshot(german.page, 'drafts-outbox-de');

    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer).toHaveCount(0);
    await expect.poll(() => callEngine<unknown[]>(shell, 'drafts:list', {}).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('einen Neustart')).length, { timeout: 20_000 }).toBe(1);
    expect(problems).toEqual([]);
    expect(german.problems).toEqual([]);
  });
});
