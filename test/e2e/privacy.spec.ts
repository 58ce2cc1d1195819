import { expect, test } from '@playwright/test';
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
