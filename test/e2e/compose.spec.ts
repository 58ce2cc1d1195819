import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Compose (writing mail) through the real UI, against a real Dovecot and the smtp-server harness
 * behind `hirebox serve`: a reply written in the thread arrives once at the SMTP server with
 * the thread's In-Reply-To, shows its state live and joins the conversation; a refused
 * recipient shows the server's refusal in words; R opens the reply; a draft survives leaving
 * the conversation and is not discarded without a warning; "Write mail" on a profile.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const annaMessageId = 'anna-application-1@example.org';

async function openApp(browser: Browser, shell: RunningShell, hash = ''): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url + hash);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  return { page, problems };
}

/** Every DATA transaction the server saw whose message carries this text. */
function transactionsWith(server: SmtpServer, text: string) {
  return server.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes(text));
}

test.describe('compose', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let anna: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot, { refuseRecipients: ['nobody@example.org'] });
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    // Most cases here send at once; the undo case sets its own grace period in Settings.
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    anna = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId: job }] }).id;
    // Follow-ups of issues 6–10 (R6): Alice forwarded Dora's application to a colleague; Dora is no recipient of that thread.
    callEngine(shell, 'candidates:create', { name: 'Dora Display', addresses: ['dora@example.org'], applications: [{ jobId: job }] });
    const forwardDate = new Date(Date.now() - 2 * 60 * 60 * 1000);
    writeMaildirMessages(dovecot, alice.address, 'Sent', [
      {
        raw: buildMessage({
          from: { name: 'Alice Adams', address: alice.address },
          to: { name: 'Carl Colleague', address: 'carl@hirebox.test' },
          subject: 'WG: Bewerbung als Designerin',
          date: forwardDate,
          messageId: 'forward-of-dora@hirebox.test',
          body: 'Schau mal.\n\n-------- Weitergeleitete Nachricht --------\nBetreff: Bewerbung als Designerin\nVon: Dora Display <dora@example.org>\nAn: jobs@hirebox.test\n\nAnbei mein Portfolio.',
        }),
        internalDate: forwardDate,
      },
    ]);
    const date = new Date(Date.now() - 3 * 60 * 60 * 1000);
    writeMaildirMessages(dovecot, alice.address, 'INBOX', [
      {
        raw: buildMessage({
          from: { name: 'Anna Adler', address: 'anna@example.org' },
          to: { name: 'Alice Adams', address: alice.address },
          subject: 'My application as Product Designer',
          date,
          messageId: annaMessageId,
          body: 'Dear Alice,\n\nplease find my portfolio attached.\n\nBest,\nAnna',
        }),
        internalDate: date,
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
    callEngine(shell, 'mailboxes:update', { mailboxId: mailbox.id, signature: 'Alice Adams\nTalent Team, Hirebox Test GmbH' });
    callEngine(shell, 'mailboxes:sync-now', { mailboxId: mailbox.id });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  test('a reply written in the thread goes out once, threaded, shows its state and joins the conversation', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.locator('a.thread-row', { hasText: 'My application as Product Designer' }).click();
    const thread = page.locator('.thread-view');
    await expect(thread.getByRole('heading', { name: 'My application as Product Designer' })).toBeVisible();

    // The shortcut list names R.
    await page.locator('.thread-title').click();
    await page.keyboard.press('?');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(shortcuts).toContainText('Reply to the conversation');
    await page.keyboard.press('Escape');
    await expect(shortcuts).toHaveCount(0);

    // R opens the reply, with the sender as recipient and the cursor in the text.
    await page.locator('.thread-title').click();
    await page.keyboard.press('r');
    const composer = page.getByTestId('composer');
    await expect(composer).toBeVisible();
    await expect(composer.getByLabel('To')).toHaveValue('Anna Adler <anna@example.org>');
    await expect(composer.getByLabel('From')).toHaveValue(/.+/);
    await expect(composer.getByLabel('Message')).toBeFocused();
    // The signature is shown as it will be added.
    await expect(composer.locator('.composer-signature')).toContainText('Talent Team, Hirebox Test GmbH');
    // Bcc waits behind its toggle.
    await expect(composer.getByLabel('Bcc')).toHaveCount(0);
    await composer.getByRole('button', { name: 'Bcc' }).click();
    await expect(composer.getByLabel('Bcc')).toBeVisible();

    const text = 'Thank you, Anna! Could you come in on Thursday at 10:00?';
    await page.keyboard.type(text.slice(0, 20));
    await composer.getByLabel('Message').fill(text);
    await composer.locator('input[type=file]').setInputFiles({ name: 'Interview plan.txt', mimeType: 'text/plain', buffer: Buffer.from('Thursday 10:00 – meet the team') });
    await expect(composer.locator('.attachment', { hasText: 'Interview plan.txt' })).toBeVisible();
    await expect(composer.locator('.attachment-uploading')).toHaveCount(0);

    // Leaving the conversation keeps the draft; coming back finds it.
    await page.getByRole('link', { name: 'Candidates' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Candidates' })).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId('composer').getByLabel('Message')).toHaveText(text);
    await expect(page.getByTestId('composer').locator('.attachment', { hasText: 'Interview plan.txt' })).toBeVisible();
    await snapshot(page, 'compose-reply');

    // Ctrl+Enter sends.
    await page.getByTestId('composer').getByLabel('Message').press('Control+Enter');
    await expect(page.getByTestId('composer')).toHaveCount(0);
    const status = thread.getByTestId('outbox-status');
    await expect(status).toHaveCount(1);
    // Live from `outbox:changed`: from waiting to sent and filed in Sent.
    await expect(status).toHaveAttribute('data-state', /^(accepted|filed)$/);
    await expect(status).toContainText(/Sent/);
    await expect(status).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });
    await expect(status).toContainText('Sent · in Sent folder');

    // The sent mail joins the conversation.
    // It is rich text now: its HTML shows in the card's mail frame.
    const sentCard = thread.locator('.message-card').last();
    await expect(sentCard.locator('iframe').contentFrame().locator('body')).toContainText('Could you come in on Thursday');
    await expect(sentCard).toContainText('Interview plan.txt');
    await expect(thread.locator('.message-card')).toHaveCount(2);

    // Once, at the server, answering Anna's mail.
    const sent = transactionsWith(smtp, 'Could you come in on Thursday');
    expect(sent).toHaveLength(1);
    const raw = sent[0]!.raw.toString('utf8');
    expect(raw).toMatch(new RegExp(`^In-Reply-To: <${annaMessageId.replace(/\./g, '\\.')}>`, 'mi'));
    expect(raw).toMatch(/^Subject: Re: My application as Product Designer/m);
    expect(raw).toContain('Talent Team, Hirebox Test GmbH');
    expect(sent[0]!.to).toEqual(['anna@example.org']);
    await snapshot(page, 'compose-reply-sent');

    // The Outbox page lists it as sent.
    await page.getByRole('link', { name: 'Outbox' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
    await expect(page.locator('.outbox-row', { hasText: 'Re: My application as Product Designer' })).toContainText('Sent · in Sent folder');
    expect(problems).toEqual([]);
  });

  test('a refused recipient shows the server’s refusal in words; the outbox counts what needs attention', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.locator('a.thread-row', { hasText: 'My application as Product Designer' }).click();
    const thread = page.locator('.thread-view');
    await thread.getByRole('button', { name: 'Reply all' }).click();
    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'Reply all' })).toBeVisible();
    await composer.getByLabel('To').fill('nobody@example.org');
    await composer.getByLabel('Message').fill('This one cannot arrive.');

    // Discarding asks first; keeping writing keeps the text.
    await composer.getByRole('button', { name: 'Discard' }).last().click();
    const dialog = page.getByRole('dialog', { name: 'Discard this mail?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep writing' }).click();
    await expect(composer.getByLabel('Message')).toHaveText('This one cannot arrive.');

    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    const refused = thread.locator('[data-testid=outbox-status][data-state=failed-permanent]');
    await expect(refused).toBeVisible({ timeout: 20_000 });
    await expect(refused).toContainText('Not sent');
    await expect(refused).toContainText('The mail server said: ');
    await expect(refused).toContainText('nobody@example.org');
    await expect(refused).toContainText('Recipient address rejected');
    expect(transactionsWith(smtp, 'This one cannot arrive.')).toHaveLength(0);

    // The rail counts it; the Outbox page puts it first.
    const outboxLink = page.getByRole('link', { name: /Outbox/ });
    await expect(outboxLink.locator('.rail-count')).toHaveText('1');
    await snapshot(page, 'compose-refused');
    await outboxLink.click();
    await expect(page.getByRole('heading', { name: 'Needs your attention (1)' })).toBeVisible();
    await snapshot(page, 'compose-outbox');
    // Cancelling it clears the attention count.
    await page.locator('.outbox-row', { hasText: 'nobody@example.org' }).getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.locator('.outbox-row', { hasText: 'nobody@example.org' }).getByTestId('outbox-status')).toHaveAttribute('data-state', 'cancelled');
    await expect(outboxLink.locator('.rail-count')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('R6: replying in a conversation that came from a forward warns that the candidate is not a recipient (English and German)', async ({ browser }) => {
    for (const [locale, inbox, reply, warning] of [
      ['en-US', 'Inbox', 'Reply', 'Dora Display is not a recipient of this conversation: it came from a forward.'],
      ['de-DE', 'Posteingang', 'Antworten', 'Dora Display ist nicht unter den Empfänger*innen dieser Unterhaltung: Sie kam aus einer Weiterleitung.'],
    ] as const) {
      const context = await browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(shell.url);
      await expect(page.getByRole('heading', { level: 1, name: inbox })).toBeVisible();
      await page.locator('a.thread-row', { hasText: 'WG: Bewerbung als Designerin' }).click();
      const thread = page.locator('.thread-view');
      await thread.getByRole('button', { name: reply, exact: true }).click();
      const composer = page.getByTestId('composer');
      await expect(composer.getByTestId('composer-not-recipient')).toContainText(warning);
      // The reply goes to the colleague it was forwarded to, not to Dora.
      await expect(composer.getByLabel(locale === 'en-US' ? 'To' : 'An')).toHaveValue('Carl Colleague <carl@hirebox.test>');
      if (locale === 'en-US') await snapshot(page, 'compose-forward-warning');
      // A reply in Anna's own conversation has no such warning.
      await page.locator('a.thread-row', { hasText: 'My application as Product Designer' }).click();
      await thread.getByRole('button', { name: reply, exact: true }).click();
      await expect(page.getByTestId('composer').getByLabel(locale === 'en-US' ? 'To' : 'An')).toHaveValue(/anna@example\.org/);
      await expect(page.getByTestId('composer-not-recipient')).toHaveCount(0);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('"Write mail" on a candidate’s profile sends a new mail to their primary address', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, '');
    await page.goto(`${shell.url.replace(/#.*$/, '')}#/candidates/${anna}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    await page.getByRole('button', { name: 'Write mail' }).click();
    // The thread picker offers her conversation or a new one (R6); this is a new one.
    await page.getByRole('dialog', { name: 'Write to Anna Adler' }).getByRole('button', { name: /New conversation/ }).click();
    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'New mail' })).toBeVisible();
    await expect(composer.getByLabel('To')).toHaveValue('Anna Adler <anna@example.org>');
    // A new mail needs a subject: the engine's reason shows, nothing is lost.
    await composer.getByLabel('Message').fill('We would like to invite you to a second round.');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer.locator('.notice')).toHaveText('Enter a subject.');
    await composer.getByLabel('Subject').fill('Second round');
    await composer.getByLabel('To').fill('Anna Adler <anna@example.org>, anna-at-example');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer.locator('.notice')).toHaveText('“anna-at-example” in To is not an email address.');
    await expect(composer.getByLabel('Message')).toHaveText('We would like to invite you to a second round.');
    await composer.getByLabel('To').fill('Anna Adler <anna@example.org>');
    await snapshot(page, 'compose-new');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    const status = page.locator('[data-testid=outbox-status]', { hasText: 'Second round' });
    await expect(status).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });
    expect(transactionsWith(smtp, 'invite you to a second round')).toHaveLength(1);
    await snapshot(page, 'compose-new-sent');
    expect(problems).toEqual([]);
  });
});
