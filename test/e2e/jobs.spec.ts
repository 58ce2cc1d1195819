import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Jobs through the real UI against the headless shell on a fresh data folder: a new job
 * with its team, its page with candidates by stage, and R7 — archiving (explained before
 * it happens) turns a candidate's profile to "not synced", unarchiving resumes it, and
 * marking someone hired offers to archive the job.
 */


async function openApp(browser: Browser, shell: RunningShell): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  return { page, problems };
}

test.describe('jobs', () => {
  let shell: RunningShell;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', {
      workspaceName: 'Acme GmbH',
      domains: ['acme.com'],
      owner: { name: 'Olivia Owner', email: 'olivia@acme.com' },
    });
    callEngine(shell, 'users:create', { name: 'Hanna Hiring', email: 'hanna@acme.com', role: 'hiring-manager' });
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('R7: archiving a job turns its candidate’s profile to “not synced”; unarchiving resumes', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });

    // --- New job with a team ---
    await navigation.getByRole('link', { name: 'Jobs' }).click();
    const newJob = page.getByRole('button', { name: 'New job' });
    // Escape closes the dialog and the keyboard is back on the button that opened it.
    await newJob.click();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(newJob).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New job' });
    await expect(dialog.getByRole('textbox', { name: 'Job title' })).toBeFocused();
    // An empty title is refused at the field.
    await dialog.getByRole('button', { name: 'Create job' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Job title' })).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByRole('textbox', { name: 'Job title' })).toHaveAccessibleDescription('Enter a job title.');
    await dialog.getByRole('textbox', { name: 'Job title' }).fill('Backend Engineer');
    await dialog.getByRole('checkbox', { name: /Hanna Hiring/ }).check();
    await snapshot(page, '30-new-job');
    await dialog.getByRole('button', { name: 'Create job' }).click();

    await expect(page).toHaveURL(/#\/jobs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Backend Engineer' })).toBeFocused();
    await expect(page.getByRole('region', { name: 'Team' })).toContainText('Hanna Hiring');
    const jobId = /#\/jobs\/(.+)$/.exec(page.url())?.[1] ?? '';

    // A candidate applies (setup, not under test here).
    callEngine(shell, 'candidates:create', { name: 'Carl Coder', addresses: ['carl@example.com'], applications: [{ jobId, stage: 'interview' }] });
    await page.reload();
    const interview = page.getByRole('region', { name: /^Interview/ });
    await expect(interview.getByRole('link', { name: /Carl Coder/ })).toBeVisible();
    await snapshot(page, '31-job-page');

    // --- His profile: synced ---
    await interview.getByRole('link', { name: /Carl Coder/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Carl Coder' })).toBeVisible();
    const sync = page.getByRole('region', { name: 'Mail sync' });
    await expect(sync).toContainText('Waiting for a mailbox'); // R7 would sync; no mailbox is connected in this spec
    await expect(sync).not.toContainText('Not synced');

    // --- Archive the job, after reading what it does ---
    await page.getByRole('link', { name: 'Backend Engineer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Backend Engineer' })).toBeVisible();
    await page.getByRole('button', { name: 'Archive' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive Backend Engineer?' });
    await expect(confirm).toContainText('Candidates with no other open job stop syncing');
    await expect(confirm).toContainText('Mail already stored stays');
    await expect(confirm).toContainText('unarchive the job at any time');
    await snapshot(page, '32-archive-job-confirm');
    await confirm.getByRole('button', { name: 'Archive job' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('This job is archived.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Unarchive' })).toBeVisible();

    // --- The profile says so ---
    await page.getByRole('region', { name: /^Interview/ }).getByRole('link', { name: /Carl Coder/ }).click();
    await expect(sync).toContainText('Not synced: all jobs archived');
    await expect(page.getByRole('row', { name: /Backend Engineer/ })).toContainText('Archived');
    await snapshot(page, '33-profile-not-synced');
    // The list marks him too.
    await navigation.getByRole('link', { name: 'Candidates' }).click();
    await expect(page.getByRole('table', { name: 'Candidates' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'Carl Coder' }) })).toContainText('Not synced');

    // --- Unarchive: synced again ---
    await navigation.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('radio', { name: 'Archived' }).check();
    await expect(page.getByRole('link', { name: /Backend Engineer/ })).toContainText('1 candidate');
    await snapshot(page, '33b-jobs-archived');
    await page.getByRole('link', { name: /Backend Engineer/ }).click();
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('dialog', { name: 'Unarchive Backend Engineer?' }).getByRole('button', { name: 'Unarchive job' }).click();
    await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();
    await page.getByRole('region', { name: /^Interview/ }).getByRole('link', { name: /Carl Coder/ }).click();
    await expect(sync).toContainText('Waiting for a mailbox'); // R7 would sync; no mailbox is connected in this spec
    await expect(sync).not.toContainText('Not synced');

    expect(problems).toEqual([]);
  });

  test('marking a candidate hired offers to archive the job', async ({ browser }) => {
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Office Manager' });
    const candidate = callEngine<{ id: string }>(shell, 'candidates:create', {
      name: 'Hedda Hired',
      addresses: ['hedda@example.com'],
      applications: [{ jobId: job.id, stage: 'offer' }],
    });
    const { page, problems } = await openApp(browser, shell);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${candidate.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Hedda Hired' })).toBeVisible();

    // "Not now" keeps the job open.
    const stage = page.getByRole('combobox', { name: 'Stage for Office Manager' });
    // As with the keyboard: focus the select, then choose (selectOption alone does not focus).
    await stage.focus();
    await stage.selectOption('hired');
    const offer = page.getByRole('dialog', { name: 'Archive job Office Manager?' });
    await expect(offer).toContainText('Someone was hired for this job');
    await expect(offer).toContainText('Candidates with no other open job stop syncing');
    await snapshot(page, '34-hired-offers-archive');
    await offer.getByRole('button', { name: 'Not now' }).click();
    await expect(offer).toBeHidden();
    // Focus comes back to where the user was.
    await expect(stage).toBeFocused();
    await expect(stage).toHaveValue('hired');
    await expect(page.getByRole('region', { name: 'Mail sync' })).toContainText('Waiting for a mailbox'); // R7 would sync; no mailbox is connected in this spec

    // Moving back and forth offers again; this time archive.
    await stage.selectOption('offer');
    await stage.selectOption('hired');
    await offer.getByRole('button', { name: 'Archive job' }).click();
    await expect(offer).toBeHidden();
    await expect(page.getByRole('region', { name: 'Mail sync' })).toContainText('Not synced: all jobs archived');

    // Editing the job: the title changes everywhere.
    await page.getByRole('link', { name: 'Office Manager' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit job' });
    await edit.getByRole('textbox', { name: 'Job title' }).fill('Office Manager (Berlin)');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Office Manager (Berlin)' })).toBeVisible();

    expect(problems).toEqual([]);
  });

  test('a job URL that does not exist says so', async ({ browser }) => {
    const { page } = await openApp(browser, shell);
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/jobs/00000000-0000-4000-8000-000000000000`);
    await expect(page.getByRole('heading', { level: 1, name: 'Job not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to jobs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  });

  test('a card moves between stages by drag and drop and by its menu, with Undo; the engine keeps the stage', async ({ browser }) => {
    const job = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Board Job' });
    callEngine(shell, 'candidates:create', { name: 'Paula Pohl', addresses: ['paula@example.com'], applications: [{ jobId: job.id }] });
    const stageInEngine = () => callEngine<{ items: { applications: { stage: string }[] }[] }>(shell, 'candidates:list', { query: 'paula' });
    const { page, problems } = await openApp(browser, shell);
    await page.goto(`${shell.url.replace(/#.*$/, '')}#/jobs/${job.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Board Job' })).toBeVisible();
    const column = (stage: string) => page.getByRole('region', { name: new RegExp(`^${stage} \\d+$`) });
    await expect(column('Applied')).toContainText('Paula Pohl');

    // Drag and drop (native HTML5) from Applied to Interview.
    await column('Applied').getByRole('listitem').filter({ hasText: 'Paula Pohl' }).dragTo(column('Interview'));
    await expect(column('Interview')).toContainText('Paula Pohl');
    await expect(page.getByRole('status').filter({ hasText: 'Paula Pohl moved to Interview.' })).toBeVisible();
    expect(stageInEngine().items[0]?.applications[0]?.stage).toBe('interview');
    await snapshot(page, '40-job-board-moved');

    // Undo puts the card back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(column('Applied')).toContainText('Paula Pohl');
    await expect.poll(() => stageInEngine().items[0]?.applications[0]?.stage).toBe('applied');

    // The keyboard way: the card's stage menu.
    const menu = page.getByRole('combobox', { name: 'Stage of Paula Pohl' });
    await menu.focus();
    await menu.selectOption({ label: 'Offer' });
    await expect(column('Offer')).toContainText('Paula Pohl');
    await expect(page.getByRole('status').filter({ hasText: 'Paula Pohl moved to Offer.' })).toBeVisible();
    expect(stageInEngine().items[0]?.applications[0]?.stage).toBe('offer');
    expect(problems).toEqual([]);
  });
});

