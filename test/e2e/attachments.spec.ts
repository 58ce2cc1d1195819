import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import type { RunningShell } from './headless-shell.js';
import { snapshot } from './headless-shell.js';
import { alice, hoursAgo, startMailboxWorld, type MailboxWorld } from './mailbox-fixture.js';

/**
 * Saving attachments through the real UI of `hirebox serve`, from a real Dovecot mail whose
 * file names hide their type with direction marks or carry folders (issue 23 item 2): the
 * chip shows the name as it will be saved, the warning comes before any dangerous file is
 * saved, and the browser is offered that safe name — never a path, never `exe.pdf` for `fdp.exe`.
 */


/** A multipart mail with one small attachment per name (RFC 2231 names, so any character survives). */
function mailWithAttachments(names: string[]): string {
  const part = (name: string) =>
    [
      '--b',
      `Content-Type: application/octet-stream; name*=utf-8''${encodeURIComponent(name)}`,
      `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(name)}`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(`bytes of ${name}`).toString('base64'),
    ].join('\r\n');
  return [
    'From: Anna Adler <anna@example.org>',
    `To: Alice Adams <${alice.address}>`,
    'Subject: My documents',
    `Date: ${new Date(Date.now() - 3_600_000).toUTCString()}`,
    'Message-ID: <documents-1@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Dear Alice, my documents are attached.',
    ...names.map(part),
    '--b--',
    '',
  ].join('\r\n');
}

test.describe('attachments', () => {
  let world: MailboxWorld;
  let shell: RunningShell;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    world = await startMailboxWorld({
      mail: { INBOX: [{ raw: mailWithAttachments(['Lebenslauf\u202Efdp.exe', '../../../evil.desktop', 'cv.exe\u200e', 'Zeugnis.pdf']), internalDate: hoursAgo(1) }] },
    });
    shell = world.shell;
  });

  test.afterAll(async () => {
    await world?.stop();
  });

  test('warns before saving a file whose name hides its type, and offers only the safe name', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(shell.url);
    await page.locator('a.thread-row', { hasText: 'My documents' }).click();
    const view = page.getByRole('article');
    await expect(view.getByText('Dear Alice, my documents are attached.')).toBeVisible();

    // Each dangerous name: shown as saved, marked, warned about first; the download gets the safe name.
    for (const { shown } of [{ shown: 'Lebenslauffdp.exe' }, { shown: 'evil.desktop' }, { shown: 'cv.exe' }]) {
      const chip = view.locator('li.attachment', { has: page.locator('.attachment-name', { hasText: new RegExp(`^${shown.replace(/\./g, '\\.')}$`) }) });
      await expect(chip).toHaveClass(/attachment-dangerous/);
      await expect(chip.getByText('Can run code')).toBeVisible();
      let downloaded = false;
      page.once('download', () => (downloaded = true));
      await chip.getByRole('button', { name: `Save ${shown}` }).click();
      const dialog = page.getByRole('dialog', { name: 'This file can run programs' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(`“${shown}”`);
      if (shown === 'Lebenslauffdp.exe') await snapshot(page, '64-attachment-dangerous-warning');
      expect(downloaded).toBe(false);
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Save anyway' }).click();
      expect((await download).suggestedFilename()).toBe(shown);
      await expect(dialog).toBeHidden();
    }

    // An ordinary document is saved at once, under its own name.
    const pdf = view.locator('li.attachment', { hasText: 'Zeugnis.pdf' });
    await expect(pdf).not.toHaveClass(/attachment-dangerous/);
    const download = page.waitForEvent('download');
    await pdf.getByRole('button', { name: 'Save Zeugnis.pdf' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('Zeugnis.pdf');
    expect(fs.readFileSync(await saved.path(), 'utf8')).toBe('bytes of Zeugnis.pdf');
    expect(problems).toEqual([]);
    await context.close();
  });
});
