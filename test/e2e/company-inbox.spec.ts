import { expect, test, type Browser, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { Dovecot, SmtpServer, TcpProxy } from '../support/mail-servers/index.js';
import { startDovecot, startSmtpServer, startTcpProxy, writeMaildirMessages } from '../support/mail-servers/index.js';
import { forwardedCvMail } from '../support/forwarded-cv.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * The company inbox in the real UI (issue 21, R13 and R12) against a real Dovecot: a colleague
 * forwarded a CV to jobs@; on the Candidates page, "Create candidate from this mail" fills the
 * form from the original sender (not the colleague) and the new profile keeps the CV. Then the
 * admin disconnects their own mailbox and sends its waiting mail from the company inbox, with
 * replies to the address they choose. Screenshots in English and German, 1280×720 and 1920×1080.
 */

const jobs = { address: 'jobs@hirebox.test', password: 'jobs-password' };
const own = { address: 'olivia.mail@hirebox.test', password: 'olivia-password' };

async function openApp(browser: Browser, shell: RunningShell, locale: 'en-US' | 'de-DE', viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: locale === 'en-US' ? 'Inbox' : 'Posteingang' })).toBeVisible();
  return { page, problems };
}

test.describe('the company inbox', () => {
  let dovecot: Dovecot;
  let jobsSmtp: SmtpServer;
  let ownSmtp: SmtpServer;
  let ownProxy: TcpProxy;
  let shell: RunningShell;
  let companyId: string;

  test.beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: jobs.address, password: jobs.password },
        { name: own.address, password: own.password },
      ],
    });
    jobsSmtp = await startSmtpServer(dovecot);
    ownSmtp = await startSmtpServer(dovecot);
    ownProxy = await startTcpProxy(ownSmtp.port);
    const at = new Date(Date.now() - 2 * 3_600_000);
    writeMaildirMessages(dovecot, jobs.address, 'INBOX', [
      {
        raw: forwardedCvMail({ forwarder: { name: 'Rita Recruiter', address: 'rita@hirebox.test' }, original: { name: 'Anna Schmidt', address: 'anna.schmidt@example.org' }, to: jobs.address, subject: 'Bewerbung als Backend Engineer', messageId: 'fwd-anna@hirebox.test', cvFileName: 'Lebenslauf Anna Schmidt.pdf', date: at }),
        internalDate: at,
      },
    ]);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Olivia Owner', email: 'olivia@hirebox.test' } });
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    const rita = callEngine<{ id: string }>(shell, 'users:create', { name: 'Rita Recruiter', email: 'rita@hirebox.test', role: 'recruiter' });
    callEngine(shell, 'jobs:create', { title: 'Backend Engineer' });
    const server = (smtpPort: number) => ({ imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' }, smtp: { host: '127.0.0.1', port: smtpPort, security: 'none' } });
    companyId = (await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', { address: jobs.address, displayName: 'Hirebox Jobs', userName: jobs.address, password: jobs.password, ...server(jobsSmtp.port), shared: { memberIds: [rita.id] } })).id;
    callEngine(shell, 'mailboxes:set-company-inbox', { mailboxId: companyId });
    await callEngineAsync(shell, 'mailboxes:connect', { address: own.address, displayName: 'Olivia Owner', userName: own.address, password: own.password, ...server(ownProxy.port) });
  });

  test.afterAll(async () => {
    await shell?.stop();
    await ownProxy?.close();
    await Promise.all([jobsSmtp?.close(), ownSmtp?.close()]);
    await dovecot?.stop();
  });

  test('"Create candidate from this mail" on a forwarded CV fills the form from the original sender and keeps the CV', async ({ browser }) => {
    test.slow();
    const { page, problems } = await openApp(browser, shell, 'en-US');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    const banner = page.getByRole('region', { name: 'Company inbox' });
    await expect(banner).toContainText('1 mail with a CV in the company inbox jobs@hirebox.test is not on a candidate yet.');
    await banner.getByRole('button', { name: 'Review' }).click();
    const intake = page.getByRole('dialog', { name: `CVs in the company inbox ${jobs.address}` });
    const item = intake.getByRole('listitem').filter({ hasText: 'Anna Schmidt' });
    await expect(item).toContainText('Fwd: Bewerbung als Backend Engineer');
    await expect(item).toContainText('forwarded by Rita Recruiter');
    await snapshot(page, 'company-inbox-intake-en-1280');
    await item.getByRole('button', { name: /Create candidate from this mail/ }).click();

    const form = page.getByRole('dialog', { name: 'Create candidate from this mail' });
    // The original sender, not the colleague who forwarded it.
    await expect(form.getByLabel('Name')).toHaveValue('Anna Schmidt');
    await expect(form.getByRole('textbox', { name: /Address 1/ })).toHaveValue('anna.schmidt@example.org');
    await expect(form).toContainText('from the forwarded message');
    await expect(form.getByRole('list', { name: 'Attachments' })).toContainText('Lebenslauf Anna Schmidt.pdf');
    await form.getByRole('checkbox', { name: /Backend Engineer/ }).check();
    await snapshot(page, 'company-inbox-create-en-1280');
    await form.getByRole('button', { name: 'Create candidate' }).click();

    // The profile opens with the mail, linked as a forward, and its CV.
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Schmidt' })).toBeVisible({ timeout: 15_000 });
    const conversations = page.getByRole('list', { name: 'Conversations' });
    const thread = conversations.getByRole('listitem').filter({ hasText: 'Fwd: Bewerbung als Backend Engineer' });
    await expect(thread).toBeVisible();
    await expect(thread.locator('[data-reason="forward"]').first()).toBeVisible();
    await snapshot(page, 'company-inbox-profile-en-1280');
    await thread.getByRole('link').first().click();
    await expect(page.getByRole('region', { name: 'Attachments' }).first()).toContainText('Lebenslauf Anna Schmidt.pdf');
    await snapshot(page, 'company-inbox-thread-en-1280');
    const profile = callEngine<{ items: { id: string; name: string }[] }>(shell, 'candidates:list', {}).items.find((candidate) => candidate.name === 'Anna Schmidt');
    expect(profile).toBeDefined();
    // It left the intake.
    expect(callEngine<{ items: unknown[] }>(shell, 'intake:list', {}).items).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('disconnecting sends the waiting mail from the company inbox, replies to the address chosen', async ({ browser }) => {
    test.slow();
    const candidateId = callEngine<{ items: { id: string; name: string }[] }>(shell, 'candidates:list', {}).items.find((candidate) => candidate.name === 'Anna Schmidt')!.id;
    const mailboxId = callEngine<{ items: { id: string; address: string }[] }>(shell, 'mailboxes:list', {}).items.find((mailbox) => mailbox.address === own.address)!.id;
    await ownProxy.goOffline();
    callEngine(shell, 'outbox:send', { mailboxId, candidateId, to: ['anna.schmidt@example.org'], subject: 'Interview on Monday', body: 'Dear Anna,\nsee you on Monday.' });
    const { page, problems } = await openApp(browser, shell, 'en-US', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Mailboxes' }).click();
    const row = page.getByRole('list', { name: 'Connected mailboxes' }).getByRole('listitem').filter({ hasText: own.address }).first();
    await row.getByRole('button', { name: 'Connection', exact: true }).click();
    await row.getByRole('button', { name: /Disconnect…/ }).click();
    const dialog = page.getByRole('dialog', { name: `Disconnect ${own.address}?` });
    await dialog.getByLabel('What should happen to it?').selectOption({ label: `Send from the company inbox ${jobs.address}` });
    await expect(dialog.getByLabel('Replies go to')).toHaveValue('olivia@hirebox.test');
    await dialog.getByLabel('Replies go to').fill('olivia.private@example.net');
    await snapshot(page, 'company-inbox-disconnect-en-1280');
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => jobsSmtp.dataTransactions.some((entry) => entry.raw.includes('Interview on Monday')), { timeout: 20_000 }).toBe(true);
    const wire = await simpleParser(jobsSmtp.dataTransactions.find((entry) => entry.raw.includes('Interview on Monday'))!.raw);
    expect(wire.from?.value[0]).toMatchObject({ address: jobs.address, name: 'Hirebox Jobs' });
    expect(wire.replyTo?.value[0]?.address).toBe('olivia.private@example.net');
    expect(ownSmtp.dataTransactions.some((entry) => entry.raw.includes('Interview on Monday'))).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('screenshots: the intake, the form and the company inbox mark in German and English, 1280×720 and 1920×1080', async ({ browser }) => {
    test.slow();
    // A second forwarded CV, so the intake has something to show after the first was taken.
    const at = new Date(Date.now() - 3_600_000);
    writeMaildirMessages(dovecot, jobs.address, 'INBOX', [
      { raw: forwardedCvMail({ forwarder: { name: 'Rita Recruiter', address: 'rita@hirebox.test' }, original: { name: 'Jörg Müller', address: 'joerg.mueller@example.de' }, to: jobs.address, subject: 'Bewerbung Frontend', messageId: 'fwd-joerg@hirebox.test', layout: 'attached', date: at }), internalDate: at },
    ]);
    for (const [locale, words] of [
      ['de-DE', { candidates: 'Kandidat*innen', intake: 'Firmenpostfach', review: 'Ansehen', create: /Kandidat\*in aus dieser E-Mail anlegen/, people: 'Personen', mailboxes: 'Verbundene Postfächer', settings: 'Einstellungen', sections: 'Bereiche der Einstellungen', mailboxesSection: 'Postfächer', main: 'Hauptnavigation' }],
      ['en-US', { candidates: 'Candidates', intake: 'Company inbox', review: 'Review', create: /Create candidate from this mail/, people: 'People', mailboxes: 'Connected mailboxes', settings: 'Settings', sections: 'Settings sections', mailboxesSection: 'Mailboxes', main: 'Main navigation' }],
    ] as const) {
      for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
        const { page, problems } = await openApp(browser, shell, locale, viewport);
        const tag = `${locale.slice(0, 2)}-${viewport.width}`;
        await page.getByRole('navigation', { name: words.main }).getByRole('link', { name: words.candidates }).click();
        await page.getByRole('region', { name: words.intake }).getByRole('button', { name: words.review }).click();
        const item = page.getByRole('dialog').getByRole('listitem').filter({ hasText: 'Jörg Müller' });
        await expect(item).toBeVisible({ timeout: 15_000 });
        await snapshot(page, `company-inbox-intake-${tag}`);
        await item.getByRole('button', { name: words.create }).click();
        await expect(page.getByRole('dialog').getByRole('textbox').first()).toHaveValue('Jörg Müller');
        await snapshot(page, `company-inbox-create-${tag}`);
        await page.keyboard.press('Escape');
        await page.getByRole('navigation', { name: words.main }).getByRole('link', { name: words.settings }).click();
        await page.getByRole('navigation', { name: words.sections }).getByRole('link', { name: words.mailboxesSection }).click();
        const row = page.getByRole('list', { name: words.mailboxes }).getByRole('listitem').filter({ hasText: jobs.address }).first();
        await row.getByRole('button', { name: words.people }).click();
        await expect(row.getByRole('checkbox', { name: locale === 'de-DE' ? /Firmenpostfach/ : /Company inbox/ })).toBeChecked();
        await snapshot(page, `company-inbox-mark-${tag}`);
        expect(problems).toEqual([]);
        await page.context().close();
      }
    }
  });

  test('handover: an admin gives a leaving recruiter’s assigned conversation to a colleague and sees what moved', async ({ browser }) => {
    const threadId = callEngine<{ items: { id: string; subject: string }[] }>(shell, 'inbox:list', { mailboxId: companyId }).items.find((thread) => thread.subject.includes('Backend Engineer'))!.id;
    const rita = callEngine<{ items: { id: string; name: string }[] }>(shell, 'users:list', {}).items.find((user) => user.name === 'Rita Recruiter')!;
    for (const locale of ['en-US', 'de-DE'] as const) {
      callEngine(shell, 'threads:assign', { threadId, userId: rita.id });
      const words = locale === 'en-US' ? { settings: 'Settings', sections: 'Settings sections', team: 'Team', action: /Hand over conversations…/, confirm: 'Hand over', done: '1 conversation is now with Olivia Owner:' } : { settings: 'Einstellungen', sections: 'Bereiche der Einstellungen', team: 'Team', action: /Unterhaltungen übergeben…/, confirm: 'Übergeben', done: '1 Unterhaltung liegt jetzt bei Olivia Owner:' };
      const { page, problems } = await openApp(browser, shell, locale, { width: 1280, height: 720 });
      await page.getByRole('navigation', { name: locale === 'en-US' ? 'Main navigation' : 'Hauptnavigation' }).getByRole('link', { name: words.settings }).click();
      await page.getByRole('navigation', { name: words.sections }).getByRole('link', { name: words.team }).click();
      const row = page.getByRole('listitem').filter({ hasText: 'rita@hirebox.test' }).first();
      await row.getByRole('button', { name: words.action }).click();
      const dialog = page.getByRole('dialog');
      await snapshot(page, `company-inbox-handover-dialog-${locale.slice(0, 2)}-1280`);
      await dialog.getByRole('button', { name: words.confirm, exact: true }).click();
      await expect(row.getByRole('status')).toContainText(words.done);
      await expect(row.getByRole('status')).toContainText('Fwd: Bewerbung als Backend Engineer');
      await row.scrollIntoViewIfNeeded();
      await snapshot(page, `company-inbox-handover-done-${locale.slice(0, 2)}-1280`);
      const owner = callEngine<{ user: { id: string } }>(shell, 'session:get', {}).user.id;
      expect(callEngine<{ assignee: { id: string } | null }>(shell, 'threads:team', { threadId }).assignee?.id).toBe(owner);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
});
