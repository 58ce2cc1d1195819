import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, connectImap } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot } from './headless-shell.js';
import { alice, hoursAgo, startMailboxWorld, type MailboxWorld } from './mailbox-fixture.js';

/**
 * Writing to candidates through the real UI, against a real Dovecot and the smtp-server
 * harness behind `hirebox serve`: the thread picker on a profile (R6), the composer's
 * warnings and their actions (R5, R7, colleagues, strangers), the grace period to undo
 * (counted in DATA transactions at the server) and "Send later" with "Send now".
 */

const annaMessageId = 'anna-application-1@example.org';
const annaFirstMessageId = 'alice-invitation-0@hirebox.test';

async function openApp(browser: Browser, shell: RunningShell, hash = '', locale = 'en-US', viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  if (hash !== '') await page.goto(`${shell.url.replace(/#.*$/, '')}${hash}`);
  return { page, problems };
}

function transactionsWith(server: SmtpServer, text: string) {
  return server.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes(text));
}

test.describe('writing to candidates', () => {
  let world: MailboxWorld;
  let smtp: SmtpServer;
  let dovecot: Dovecot;
  let shell: RunningShell;
  let anna: string;
  let dora: string;
  let eva: string;
  let ida: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    world = await startMailboxWorld({
      displayName: 'Alice Adams',
      prepare: (running, job) => {
        callEngine(running, 'preferences:update', { undoSendSeconds: 0 });
        callEngine(running, 'users:create', { name: 'Carl Colleague', email: 'carl@hirebox.test', role: 'recruiter' });
        dora = callEngine<{ id: string }>(running, 'candidates:create', { name: 'Dora Display', addresses: ['dora@example.org'], applications: [{ jobId: job }] }).id;
        const oldJob = callEngine<{ id: string }>(running, 'jobs:create', { title: 'Junior Illustrator' }).id;
        eva = callEngine<{ id: string }>(running, 'candidates:create', { name: 'Eva Ernst', addresses: ['eva@example.org'], applications: [{ jobId: oldJob }] }).id;
        callEngine(running, 'jobs:archive', { jobId: oldJob });
        ida = callEngine<{ id: string }>(running, 'candidates:create', { name: 'Ida Intern', addresses: ['ida@hirebox.test'], applications: [{ jobId: job }] }).id;
      },
      mail: {
        // Alice forwarded Dora's application to Carl: Dora is no recipient of that thread (R6).
        Sent: [
          {
            raw: buildMessage({
              from: { name: 'Alice Adams', address: alice.address },
              to: { name: 'Carl Colleague', address: 'carl@hirebox.test' },
              subject: 'WG: Bewerbung als Designerin',
              date: hoursAgo(2),
              messageId: 'forward-of-dora@hirebox.test',
              body: 'Schau mal.\n\n-------- Weitergeleitete Nachricht --------\nBetreff: Bewerbung als Designerin\nVon: Dora Display <dora@example.org>\nAn: jobs@hirebox.test\n\nAnbei mein Portfolio.',
            }),
            internalDate: hoursAgo(2),
          },
          {
            raw: buildMessage({
              from: { name: 'Alice Adams', address: alice.address },
              to: { name: 'Anna Adler', address: 'anna@example.org' },
              subject: 'Your application',
              date: hoursAgo(5),
              messageId: annaFirstMessageId,
              body: 'Dear Anna, thank you for applying. Could you send your portfolio?',
            }),
            internalDate: hoursAgo(5),
          },
        ],
        INBOX: [
          {
            raw: buildMessage({
              from: { name: 'Anna Adler', address: 'anna@example.org' },
              to: { name: 'Alice Adams', address: alice.address },
              subject: 'Re: Your application',
              date: hoursAgo(3),
              messageId: annaMessageId,
              inReplyTo: annaFirstMessageId,
              references: [annaFirstMessageId],
              body: 'Dear Alice,\n\nplease find my portfolio attached.\n\nBest,\nAnna',
            }),
            internalDate: hoursAgo(3),
          },
        ],
      },
    });
    ({ shell, smtp, dovecot, annaId: anna } = world);
  });

  test.afterAll(async () => {
    await world?.stop();
  });

  test('the thread picker: a reply in the picked conversation lands once in Sent with In-Reply-To and References', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${anna}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    await page.getByRole('button', { name: 'Write mail' }).click();
    const picker = page.getByRole('dialog', { name: 'Write to Anna Adler' });
    const conversation = picker.locator('.thread-picker-option', { hasText: 'Your application' });
    // Who a reply goes to, when the last mail was, which job.
    await expect(conversation).toContainText('To: Anna Adler <anna@example.org>');
    await expect(conversation).toContainText('Last mail');
    await expect(conversation).toContainText('Product Designer');
    await expect(conversation.locator('.thread-picker-warning')).toHaveCount(0);
    await expect(picker.getByRole('button', { name: /New conversation/ })).toContainText('anna@example.org');
    await snapshot(page, 'writing-picker');
    await conversation.click();
    await expect(picker).toHaveCount(0);

    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'Reply: Your application' })).toBeVisible();
    await expect(composer.getByLabel('To')).toHaveValue('Anna Adler <anna@example.org>');
    await expect(composer.getByLabel('Subject')).toHaveCount(0);
    await expect(composer.getByTestId('composer-warnings')).toHaveCount(0);
    await composer.getByLabel('Message').fill('Thank you, Anna — the portfolio looks great.');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    const status = page.locator('[data-testid=outbox-status]', { hasText: 'Re: Your application' });
    await expect(status).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });

    const sent = transactionsWith(smtp, 'the portfolio looks great');
    expect(sent).toHaveLength(1);
    const raw = sent[0]!.raw.toString('utf8');
    expect(raw).toMatch(new RegExp(`^In-Reply-To: <${annaMessageId.replace(/\./g, '\\.')}>`, 'mi'));
    expect(raw).toMatch(/^References: .*<alice-invitation-0@hirebox\.test>\s+<anna-application-1@example\.org>/ms);
    // Once in Dovecot's Sent folder.
    const messageId = /^Message-ID: <([^>]+)>/im.exec(raw)![1]!;
    const client = await connectImap(dovecot, alice.address);
    try {
      const lock = await client.getMailboxLock('Sent');
      try {
        const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
        expect(uids).toHaveLength(1);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    expect(problems).toEqual([]);
  });

  test('R6: a conversation without the candidate warns in the picker and in the composer, naming who receives the mail', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${dora}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Dora Display' })).toBeVisible();
    await page.getByRole('button', { name: 'Write mail' }).click();
    const picker = page.getByRole('dialog', { name: 'Write to Dora Display' });
    const forward = picker.locator('.thread-picker-option', { hasText: 'WG: Bewerbung als Designerin' });
    await expect(forward.locator('.thread-picker-warning')).toHaveText('Dora Display is not a recipient here — the reply goes to Carl Colleague <carl@hirebox.test>.');
    await forward.click();
    const composer = page.getByTestId('composer');
    await expect(composer.getByTestId('composer-not-recipient')).toContainText('Dora Display is not a recipient of this conversation');
    // Carl is a colleague: the composer says so and offers to remove him.
    const colleague = composer.locator('[data-warning=colleague]');
    await expect(colleague).toContainText('Carl Colleague <carl@hirebox.test>');
    await colleague.getByRole('button', { name: 'Remove carl@hirebox.test' }).click();
    await expect(composer.getByLabel('To')).toHaveValue('');
    await composer.getByLabel('To').fill('Dora Display <dora@example.org>');
    await expect(composer.getByTestId('composer-warnings')).toHaveCount(0);
    // Nothing written yet: closing discards without asking.
    await composer.getByRole('button', { name: 'Discard' }).last().click();
    await expect(composer).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('warnings and their actions: an address not on the candidate, the candidate not a recipient', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${anna}`);
    await page.getByRole('button', { name: 'Write mail' }).click();
    await page.getByRole('dialog', { name: 'Write to Anna Adler' }).getByRole('button', { name: /New conversation/ }).click();
    const composer = page.getByTestId('composer');
    await composer.getByLabel('Cc').fill('anna.adler@uni.example');
    const stranger = composer.locator('[data-warning=not-on-candidate]');
    await expect(stranger).toHaveText(/Not an address of Anna Adler: anna\.adler@uni\.example\./);
    // It is hers: added to her profile, the warning goes.
    await stranger.getByRole('button', { name: 'Add anna.adler@uni.example to Anna Adler' }).click();
    await expect(stranger).toHaveCount(0);
    await expect(page.locator('.profile-grid')).toContainText('anna.adler@uni.example');
    // Without her among the recipients, the composer names who gets the mail and adds her back.
    await composer.getByLabel('To').fill('ben@example.org');
    await composer.getByLabel('Cc').fill('');
    const missing = composer.locator('[data-warning=candidate-not-recipient]');
    await expect(missing).toContainText('Anna Adler will not receive this mail. It goes to: ben@example.org.');
    await missing.getByRole('button', { name: 'Add Anna Adler' }).click();
    await expect(composer.getByLabel('To')).toHaveValue('ben@example.org, anna@example.org');
    await expect(missing).toHaveCount(0);
    await composer.locator('[data-warning=not-on-candidate]').getByRole('button', { name: 'Remove ben@example.org' }).click();
    await expect(composer.getByLabel('To')).toHaveValue('anna@example.org');
    await expect(composer.getByTestId('composer-warnings')).toHaveCount(0);
    await composer.getByRole('button', { name: 'Discard' }).last().click();
    expect(problems).toEqual([]);
  });

  test('R7 and R5: the archived-job and internal-applicant warnings appear and their actions work (English and German)', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${eva}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Eva Ernst' })).toBeVisible();
    await page.getByRole('button', { name: 'Write mail' }).click();
    await page.getByRole('dialog', { name: 'Write to Eva Ernst' }).getByRole('button', { name: /New conversation/ }).click();
    const composer = page.getByTestId('composer');
    const archived = composer.locator('[data-warning=all-jobs-archived]');
    await expect(archived).toContainText('Every job of Eva Ernst is archived (Junior Illustrator): their answer will not be synced to Hirebox (R7).');
    await snapshot(page, 'writing-archived-warning');
    await archived.getByRole('button', { name: 'Unarchive Junior Illustrator' }).click();
    await expect(archived).toHaveCount(0);
    // The profile shows her synced again.
    await expect(page.locator('.profile-meta')).toContainText('Synced');
    await composer.getByRole('button', { name: 'Discard' }).last().click();

    // German: an internal applicant, with someone in Cc.
    const german = await openApp(browser, shell, `#/candidates/${ida}`, 'de-DE', { width: 1920, height: 1080 });
    const de = german.page;
    await expect(de.getByRole('heading', { level: 1, name: 'Ida Intern' })).toBeVisible();
    await de.getByRole('button', { name: 'E-Mail schreiben' }).click();
    await de.getByRole('dialog', { name: 'An Ida Intern schreiben' }).getByRole('button', { name: /Neue Unterhaltung/ }).click();
    const deComposer = de.getByTestId('composer');
    const internal = deComposer.locator('[data-warning=internal-applicant]');
    await expect(internal).toHaveText(/Ida Intern ist eine interne Bewerbung \(R5\)/);
    await deComposer.getByLabel('Kopie', { exact: true }).fill('ben@example.org');
    await expect(internal).toContainText('und diese E-Mail geht auch an ben@example.org');
    await snapshot(de, 'writing-internal-warning-de');
    await internal.getByRole('button', { name: 'Cc und Bcc entfernen' }).click();
    await expect(deComposer.getByLabel('Kopie', { exact: true })).toHaveValue('');
    await expect(internal).not.toContainText('ben@example.org');
    expect(problems).toEqual([]);
    expect(german.problems).toEqual([]);
  });

  test('keyboard: C writes to the candidate, A replies to all, Esc closes the composer (asking first when something was written)', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${anna}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    await page.keyboard.press('c');
    const picker = page.getByRole('dialog', { name: 'Write to Anna Adler' });
    await expect(picker).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(picker).toHaveCount(0);

    await page.goto(`${shell.url.replace(/#.*$/, '')}#/inbox`);
    await page.locator('a.thread-row', { hasText: 'Your application' }).click();
    await expect(page.locator('.thread-view').getByRole('heading', { name: 'Your application' })).toBeVisible();
    await page.locator('.thread-title').click();
    await page.keyboard.press('a');
    const composer = page.getByTestId('composer');
    await expect(composer.getByRole('heading', { name: 'Reply all' })).toBeVisible();
    await expect(composer.getByLabel('Message')).toBeFocused();
    // Nothing written: Esc closes it at once.
    await page.keyboard.press('Escape');
    await expect(composer).toHaveCount(0);
    // Something written: Esc asks, and keeping writing keeps the text.
    await page.locator('.thread-title').click();
    await page.keyboard.press('r');
    await composer.getByLabel('Message').fill('Half a thought');
    await composer.getByLabel('Message').press('Escape');
    const ask = page.getByRole('dialog', { name: 'Discard this mail?' });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Keep writing' }).click();
    await expect(composer.getByLabel('Message')).toHaveText('Half a thought');
    await composer.getByLabel('Message').press('Escape');
    await page.getByRole('dialog', { name: 'Discard this mail?' }).getByRole('button', { name: 'Discard' }).click();
    await expect(composer).toHaveCount(0);
    // The thread view is still open (Esc in the composer did not leave the conversation).
    await expect(page.locator('.thread-view')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('undo within the grace period: zero DATA at the server, the mail back in the composer; not undone, exactly one', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, '#/settings/writing');
    // The grace period is a setting.
    const setting = page.getByLabel('Time to undo a sent mail');
    await expect(setting).toHaveValue('0');
    await setting.selectOption('5');
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await snapshot(page, 'writing-settings');

    await page.goto(`${shell.url.replace(/#.*$/, '')}#/candidates/${anna}`);
    await page.getByRole('button', { name: 'Write mail' }).click();
    await page.getByRole('dialog', { name: 'Write to Anna Adler' }).locator('.thread-picker-option', { hasText: 'Your application' }).click();
    const composer = page.getByTestId('composer');
    const text = 'Would Friday at 14:00 suit you for the interview?';
    await composer.getByLabel('Message').fill(text);
    await composer.getByLabel('Message').press('Control+Enter');
    await expect(composer).toHaveCount(0);
    const undo = page.getByTestId('outbox-undo');
    await expect(undo).toContainText(/Sending in [1-5] s/);
    await snapshot(page, 'writing-undo');
    await page.waitForTimeout(1_000);
    expect(transactionsWith(smtp, text)).toHaveLength(0);
    await undo.getByRole('button', { name: 'Undo' }).click();
    // Back in the composer, as written; the item is cancelled.
    await expect(page.getByTestId('composer').getByLabel('Message')).toHaveText(text);
    await expect(page.locator('[data-testid=outbox-status][data-state=cancelled]')).toHaveCount(1);
    await page.waitForTimeout(5_500);
    expect(transactionsWith(smtp, text)).toHaveLength(0);

    // Sent again and left alone: it goes once, after the grace period.
    await page.getByTestId('composer').getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByTestId('outbox-undo')).toBeVisible();
    await page.waitForTimeout(2_000);
    expect(transactionsWith(smtp, text)).toHaveLength(0);
    await expect(page.locator('[data-testid=outbox-status][data-state=filed]', { hasText: 'Re: Your application' }).last()).toBeVisible({ timeout: 20_000 });
    expect(transactionsWith(smtp, text)).toHaveLength(1);
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    expect(problems).toEqual([]);
  });

  test('send later: held until its time and shown so in the outbox; "Send now" sends it once', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell, `#/candidates/${anna}`);
    await page.getByRole('button', { name: 'Write mail' }).click();
    await page.getByRole('dialog', { name: 'Write to Anna Adler' }).getByRole('button', { name: /New conversation/ }).click();
    const composer = page.getByTestId('composer');
    const text = 'A reminder for tomorrow morning.';
    await composer.getByLabel('Subject').fill('Reminder');
    await composer.getByLabel('Message').fill(text);
    await composer.getByRole('button', { name: 'Send later…' }).click();
    await composer.getByLabel('Send at').fill('2020-01-01T08:00');
    await composer.getByRole('button', { name: 'Schedule' }).click();
    await expect(composer.getByRole('alert')).toHaveText('Choose a time in the future.');
    // Tomorrow 8:00 is the default.
    await composer.getByRole('button', { name: 'Back' }).click();
    await composer.getByRole('button', { name: 'Send later…' }).click();
    await composer.getByRole('button', { name: 'Schedule' }).click();
    await expect(composer).toHaveCount(0);
    const scheduled = page.getByTestId('outbox-scheduled');
    await expect(scheduled).toContainText(/Scheduled for .*8:00/);
    await page.getByRole('link', { name: /Outbox/ }).click();
    const row = page.locator('.outbox-row', { hasText: 'Reminder' });
    await expect(row.getByTestId('outbox-scheduled')).toContainText('Scheduled for');
    await snapshot(page, 'writing-outbox-scheduled');
    await page.waitForTimeout(1_000);
    expect(transactionsWith(smtp, text)).toHaveLength(0);
    await row.getByRole('button', { name: 'Send now' }).click();
    await expect(row.getByTestId('outbox-status')).toHaveAttribute('data-state', 'filed', { timeout: 20_000 });
    expect(transactionsWith(smtp, text)).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
