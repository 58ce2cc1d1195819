import { expect, test } from '@playwright/test';
import path from 'node:path';
import { openDatabase } from '../../electron/core/store/database.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, openAppAt, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Issue 24 through the real UI against the headless shell: "Export data…" on a candidate's
 * profile downloads the zip, deleting shows the erasure report (counts, no name), and
 * Settings › Data protection sets the retention rule, shows its preview and lists the
 * report — in English and German, screenshots at 1280×720 and 1920×1080.
 */

let shell: RunningShell;
let jobId: string;

test.beforeAll(async () => {
  shell = await startHeadlessShell();
  callEngine(shell, 'setup:create', { workspaceName: 'Acme GmbH', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } });
  jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
});

test.afterAll(async () => {
  await shell?.stop();
});

const languages = [
  { locale: 'en-US', tag: 'en', exportLabel: 'Export data…', deleteLabel: 'Delete', confirm: 'Delete candidate', reportTitle: 'Candidate deleted', done: 'Done', settings: 'Data protection', toggle: 'Remove candidates with no activity', save: 'Save rule', none: /No candidate is due/, reports: 'Erasure reports', mails: 'Stored mail' },
  { locale: 'de-DE', tag: 'de', exportLabel: 'Daten exportieren…', deleteLabel: 'Löschen', confirm: 'Endgültig löschen', reportTitle: 'Kandidat*in gelöscht', done: 'Fertig', settings: 'Datenschutz', toggle: 'Kandidat*innen ohne Aktivität entfernen', save: 'Regel speichern', none: /Niemand ist fällig/, reports: 'Löschberichte', mails: 'Gespeicherte E-Mails' },
] as const;

for (const [index, language] of languages.entries()) {
  test(`export, the report after deletion, and the retention preview (${language.tag})`, async ({ browser }) => {
    for (const [round, viewport] of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }].entries()) {
      const name = `${index === 0 ? 'Anna Adler' : 'Bernd Brandt'} ${round + 1}`;
      const candidate = callEngine<{ id: string }>(shell, 'candidates:create', { name, addresses: [`${language.tag}${round}@example.org`], applications: [{ jobId }] });
      const size = `${viewport.width}x${viewport.height}`;
      const { page, problems } = await openAppAt(browser, shell, `#/candidates/${candidate.id}`, language.locale, viewport);
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: language.exportLabel }).click();
      expect((await download).suggestedFilename()).toMatch(/^hirebox-export-[0-9a-f]{16}\.zip$/);
      await snapshot(page, `privacy-profile-${language.tag}-${size}`);

      {
        await page.getByRole('button', { name: language.deleteLabel, exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: language.confirm }).click();
        const report = page.getByRole('dialog', { name: language.reportTitle });
        await expect(report).toBeVisible();
        await expect(report.getByTestId('erasure-report')).not.toContainText(name);
        await expect(report).toContainText(language.mails);
        await snapshot(page, `privacy-erased-${language.tag}-${size}`);
        await report.getByRole('button', { name: language.done }).click();
        await expect(report).toBeHidden();
      }

      await page.goto(`${shell.url.replace(/#.*$/, '')}#/settings/privacy`);
      await expect(page.getByRole('heading', { level: 2, name: language.settings })).toBeVisible();
      const toggle = page.getByRole('checkbox', { name: language.toggle });
      if (!(await toggle.isChecked())) {
        await toggle.check();
        await page.getByRole('button', { name: language.save }).click();
      }
      await expect(page.getByTestId('retention-preview')).toContainText(language.none);
      await expect(page.getByRole('heading', { level: 3, name: language.reports })).toBeVisible();
      await expect(page.getByTestId('erasure-report-row')).toHaveCount(index * 2 + round + 1);
      await snapshot(page, `privacy-settings-${language.tag}-${size}`);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
}

/**
 * The retention reminder as a recruiter meets it: a candidate with no activity for two years
 * is due under a 12-month rule; the candidates list says so and leads to Settings, whose
 * preview lists exactly who is due (name linking to the profile, job, last activity) before
 * anything runs; the run anonymises them and the reminder is gone.
 */
test.describe('retention: a candidate who has fallen due', () => {
  let dueShell: RunningShell | undefined;

  test.afterAll(async () => {
    await dueShell?.stop();
  });

  test('the candidates list reminds, the preview lists who is due before the run, and the run clears it (en, de)', async ({ browser }) => {
    let started = await startHeadlessShell();
    dueShell = started;
    callEngine(started, 'setup:create', { workspaceName: 'Acme GmbH', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } });
    const job = callEngine<{ id: string }>(started, 'jobs:create', { title: 'Product Designer' }).id;
    const greta = callEngine<{ id: string }>(started, 'candidates:create', { name: 'Greta Gestern', addresses: ['greta@example.org'], applications: [{ jobId: job }] }).id;
    callEngine(started, 'candidates:create', { name: 'Frida Frisch', addresses: ['frida@example.org'], applications: [{ jobId: job }] });
    callEngine(started, 'privacy:set-retention', { enabled: true, months: 12, action: 'anonymise' });
    // Greta applied two years ago and nothing happened since: her dates are moved back while the engine is stopped.
    const longAgo = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString();
    const folder = started.dataFolder;
    started = await started.restart({
      whileStopped: () => {
        const db = openDatabase(path.join(folder, 'hirebox.db'));
        try {
          db.prepare('UPDATE candidates SET created_at = ? WHERE id = ?').run(longAgo, greta);
          db.prepare('UPDATE applications SET created_at = ? WHERE candidate_id = ?').run(longAgo, greta);
        } finally {
          db.close();
        }
      },
    });
    dueShell = started;
    const shell = started;

    {
      const { page, problems } = await openAppAt(browser, shell, '#/candidates', 'de-DE');
      await expect(page.getByTestId('retention-reminder')).toContainText('1 Kandidat*in hatte seit dem');
      await expect(page.getByTestId('retention-reminder')).toContainText('zum Anonymisieren fällig');
      await expect(page.getByTestId('retention-reminder').getByRole('link', { name: 'In den Einstellungen prüfen' })).toBeVisible();
      await snapshot(page, 'privacy-due-reminder-de-1280x720');
      expect(problems).toEqual([]);
      await page.context().close();
    }

    const { page, problems } = await openAppAt(browser, shell, '#/candidates', 'en-US');
    const reminder = page.getByTestId('retention-reminder');
    await expect(reminder).toContainText('1 candidate has had no activity since');
    await expect(reminder).toContainText('due for anonymising');
    await snapshot(page, 'privacy-due-reminder-en-1280x720');
    await reminder.getByRole('link', { name: 'Review them in Settings' }).click();
    await expect(page).toHaveURL(/#\/settings\/privacy$/);

    // The preview, before anything runs: Greta with her job and last activity, not Frida.
    const preview = page.getByTestId('retention-preview');
    await expect(preview.getByRole('note')).toContainText('1 candidate has had no activity since');
    const rows = preview.locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Product Designer');
    await expect(rows.first()).toContainText(String(new Date(longAgo).getUTCFullYear()));
    await expect(preview).not.toContainText('Frida Frisch');
    await expect(rows.first().getByRole('link', { name: 'Greta Gestern' })).toHaveAttribute('href', `#/candidates/${greta}`);
    expect(callEngine<{ name: string }>(shell, 'candidates:get', { candidateId: greta }).name, 'nothing ran yet').toBe('Greta Gestern');
    await snapshot(page, 'privacy-due-preview-en-1280x720');

    await preview.getByRole('button', { name: 'Anonymise 1 candidate…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Anonymise 1 candidate?' });
    await confirm.getByRole('button', { name: 'Anonymise 1 candidate…' }).click();
    await expect(confirm).toBeHidden();
    await expect(preview).toContainText(/No candidate is due/);
    await expect(page.getByTestId('erasure-report-row')).toHaveCount(1);
    expect(callEngine<{ name: string }>(shell, 'candidates:get', { candidateId: greta }).name).toMatch(/^Anonym [0-9a-f]{8}$/);

    // Back on the list, the reminder is gone.
    await page.goto(`${shell.url.replace(/#.*$/, '')}#/candidates`);
    await expect(page.getByText('Frida Frisch')).toBeVisible();
    await expect(page.getByTestId('retention-reminder')).toHaveCount(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
