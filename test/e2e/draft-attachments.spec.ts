import { expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { startDovecot, startSmtpServer } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, snapshot, startHeadlessShell, openAppAt } from './headless-shell.js';

/**
 * A file attached to a draft, through the real UI behind `hirebox serve` (real Dovecot and
 * the smtp-server harness): attached on a candidate's profile, it is kept with the draft as
 * the user writes; after a restart of the shell the draft comes back with the file — listed
 * in the outbox and in the composer — and sending carries it to the server.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const contract = Buffer.from('%PDF-1.4 Arbeitsvertrag Anna Adler');

test.describe('files attached to a draft', () => {
  let dovecot: Dovecot;
  let smtp: SmtpServer;
  let shell: RunningShell;
  let anna: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dovecot = await startDovecot();
    smtp = await startSmtpServer(dovecot);
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: 'Alice Adams', email: alice.address } });
    callEngine(shell, 'preferences:update', { undoSendSeconds: 0 });
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    anna = callEngine<{ id: string }>(shell, 'candidates:create', { name: 'Anna Adler', addresses: ['anna@example.org'], applications: [{ jobId: job }] }).id;
    await callEngineAsync(shell, 'mailboxes:connect', {
      address: alice.address,
      displayName: 'Alice Adams',
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

  test('a file attached to a draft comes back with it after a restart of hirebox serve, and goes out when it is sent', async ({ browser }) => {
    test.setTimeout(90_000);
    const first = await openAppAt(browser, shell, `#/candidates/${anna}`, 'en-US');
    await expect(first.page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    await first.page.getByRole('button', { name: 'Write mail' }).click();
    await first.page.getByRole('dialog', { name: 'Write to Anna Adler' }).getByRole('button', { name: /New conversation/ }).click();
    const composer = first.page.getByTestId('composer');
    await composer.getByLabel('Subject').fill('Ihr Vertrag');
    await composer.getByLabel('Message', { exact: true }).fill('Liebe Anna, anbei der Vertrag zur Unterschrift.');
    await composer.locator('input[type=file]').setInputFiles({ name: 'Arbeitsvertrag.pdf', mimeType: 'application/pdf', buffer: contract });
    await expect(composer.locator('.attachment', { hasText: 'Arbeitsvertrag.pdf' })).toBeVisible();
    // Kept with the draft in the engine, without any click.
    await expect
      .poll(() => callEngine<{ attachments: { fileName: string }[] }[]>(shell, 'drafts:list', {}).map((draft) => draft.attachments.map((file) => file.fileName)), { timeout: 10_000 })
      .toEqual([['Arbeitsvertrag.pdf']]);
    expect(first.problems).toEqual([]);
    await first.page.context().close();

    shell = await shell.restart();
    const { page, problems } = await openAppAt(browser, shell, '#/outbox', 'en-US');
    const drafts = page.getByTestId('outbox-drafts');
    await expect(drafts.locator('.outbox-draft')).toContainText('Attached: Arbeitsvertrag.pdf');
    await snapshot(page, 'draft-attachments-outbox-en');
    await drafts.locator('.outbox-draft').getByRole('link', { name: 'Open' }).click();
    const reopened = page.getByTestId('composer');
    await expect(reopened.getByLabel('Message', { exact: true })).toHaveText('Liebe Anna, anbei der Vertrag zur Unterschrift.');
    await expect(reopened.locator('.attachment', { hasText: 'Arbeitsvertrag.pdf' })).toBeVisible();
    await snapshot(page, 'draft-attachments-composer-en');

    for (const [locale, viewport, name] of [
      ['de-DE', { width: 1280, height: 720 }, 'de'],
      ['de-DE', { width: 1920, height: 1080 }, 'de-1920'],
      ['en-US', { width: 1920, height: 1080 }, 'en-1920'],
    ] as const) {
      const other = await openAppAt(browser, shell, `#/candidates/${anna}`, locale, viewport);
      await expect(other.page.getByTestId('composer').locator('.attachment', { hasText: 'Arbeitsvertrag.pdf' })).toBeVisible();
      await snapshot(other.page, `draft-attachments-composer-${name}`);
      await other.page.goto(`${shell.url.replace(/#.*$/, '')}#/outbox`);
      await expect(other.page.getByTestId('outbox-drafts')).toContainText(locale === 'de-DE' ? 'Angehängt: Arbeitsvertrag.pdf' : 'Attached: Arbeitsvertrag.pdf');
      await snapshot(other.page, `draft-attachments-outbox-${name}`);
      expect(other.problems).toEqual([]);
      await other.page.context().close();
    }

    await reopened.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(reopened).toHaveCount(0);
    await expect.poll(() => callEngine<unknown[]>(shell, 'drafts:list', {}).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => smtp.dataTransactions.filter((transaction) => transaction.raw.toString('utf8').includes('Ihr Vertrag')).length, { timeout: 20_000 }).toBe(1);
    const sent = await simpleParser(smtp.dataTransactions.find((transaction) => transaction.raw.toString('utf8').includes('Ihr Vertrag'))!.raw);
    expect(sent.attachments.map((part) => [part.filename, part.content.equals(contract)])).toEqual([['Arbeitsvertrag.pdf', true]]);
    expect(problems).toEqual([]);
  });
});
