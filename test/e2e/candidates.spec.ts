import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import type { RunningShell } from './headless-shell.js';
import { callEngine, snapshot, startHeadlessShell } from './headless-shell.js';

/**
 * Candidates through the real UI against the headless shell on a fresh data folder:
 * R4 refusals at the address field (the owner's own address with a +tag in another case,
 * a colleague added in Settings › Team), creating a candidate, R5 on the profile, merging,
 * deleting (R3: the list forgets them, the profile URL says "not found"), and a CSV import
 * with refused rows. Setup that is not under test goes through `hirebox call`.
 */


async function openApp(browser: Browser, shell: RunningShell, locale = 'en-US', inbox = 'Inbox'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: inbox })).toBeVisible();
  return { page, problems };
}

test.describe('candidates', () => {
  let shell: RunningShell;
  let jobId: string;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', {
      workspaceName: 'Acme GmbH',
      domains: ['acme.com'],
      owner: { name: 'Olivia Owner', email: 'olivia@acme.com' },
    });
    jobId = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('R4: own and colleagues’ addresses are refused at their field; then the candidate is created', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });

    // --- A colleague, added in Settings › Team ---
    await navigation.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Team' }).click();
    await expect(page).toHaveURL(/#\/settings\/team$/);
    const addMember = page.getByRole('form', { name: 'Add a member' });
    await addMember.getByRole('textbox', { name: 'Name' }).fill('Rita Recruiter');
    await addMember.getByRole('textbox', { name: 'Work address' }).fill('rita@acme.com');
    await addMember.getByRole('combobox', { name: 'Role' }).selectOption('recruiter');
    await addMember.getByRole('button', { name: 'Add member' }).click();
    const members = page.getByRole('list', { name: 'Team members' });
    const rita = members.getByRole('listitem').filter({ hasText: 'rita@acme.com' });
    await expect(rita).toBeVisible();
    await expect(rita.getByRole('combobox', { name: 'Role of Rita Recruiter' })).toHaveValue('recruiter');
    // Her role saves as soon as it is chosen, and shows what was saved.
    const ritaRole = rita.getByRole('combobox', { name: 'Role of Rita Recruiter' });
    const savedRole = () => callEngine<{ items: { email: string; role: string }[] }>(shell, 'users:list', {}).items.find((user) => user.email === 'rita@acme.com')?.role;
    await ritaRole.focus();
    await ritaRole.selectOption('hiring-manager');
    await expect.poll(savedRole).toBe('hiring-manager');
    await expect(ritaRole).toHaveValue('hiring-manager');
    await ritaRole.selectOption('recruiter');
    await expect.poll(savedRole).toBe('recruiter');
    await expect(ritaRole).toHaveValue('recruiter');
    // An alias for her, so that it counts as hers too.
    await rita.getByRole('textbox', { name: 'New alias for Rita Recruiter' }).fill('talent@acme.com');
    await rita.getByRole('button', { name: 'Add alias' }).click();
    await expect(rita.getByRole('list', { name: 'Aliases of Rita Recruiter' })).toContainText('talent@acme.com');

    // --- New candidate: the colleague's alias is refused at address 1 ---
    await navigation.getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('button', { name: 'New candidate' }).click();
    const dialog = page.getByRole('dialog', { name: 'New candidate' });
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Anna Adler');
    const address1 = dialog.getByRole('textbox', { name: 'Address 1' });
    await address1.fill('Talent@Acme.com');
    await dialog.getByRole('checkbox', { name: 'Product Designer' }).check();
    await dialog.getByRole('button', { name: 'Create candidate' }).click();
    await expect(address1).toHaveAttribute('aria-invalid', 'true');
    await expect(address1).toHaveAccessibleDescription(/“Talent@Acme\.com” is your own address or a colleague’s/);
    await expect(address1).toBeFocused();

    // --- The owner's own address with a +tag, in another case, at address 2 ---
    await address1.fill('anna@example.com');
    await expect(address1).not.toHaveAttribute('aria-invalid');
    await dialog.getByRole('button', { name: 'Add address' }).click();
    const address2 = dialog.getByRole('textbox', { name: 'Address 2' });
    await expect(address2).toBeFocused();
    await address2.fill('Olivia+jobs@ACME.com');
    await dialog.getByRole('button', { name: 'Create candidate' }).click();
    await expect(address2).toHaveAttribute('aria-invalid', 'true');
    await expect(address2).toHaveAccessibleDescription(/“Olivia\+jobs@ACME\.com” is your own address or a colleague’s/);
    await expect(address2).toBeFocused();
    await expect(address1).not.toHaveAttribute('aria-invalid');
    await snapshot(page, '20-new-candidate-own-address');

    // Replace it with a second address of hers and make that one primary.
    await address2.fill('anna.adler@example.org');
    await dialog.getByRole('radio', { name: 'Primary for address 2' }).check();
    await dialog.getByRole('button', { name: 'Create candidate' }).click();

    // --- The profile opens ---
    await expect(page).toHaveURL(/#\/candidates\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeFocused();
    const addresses = page.getByRole('region', { name: 'Mail addresses' });
    await expect(addresses.getByRole('listitem').filter({ hasText: 'anna.adler@example.org' })).toContainText('Primary');
    await expect(addresses.getByRole('listitem').filter({ hasText: 'anna@example.com' })).not.toContainText('Primary');
    await expect(page.getByRole('region', { name: 'Mail sync' })).toContainText('Waiting for a mailbox'); // R7 would sync; no mailbox is connected in this spec
    await expect(page.getByRole('combobox', { name: 'Stage for Product Designer' })).toHaveValue('applied');
    await snapshot(page, '21-candidate-profile');

    // --- R4 from the team's side: her address can't become a colleague's alias ---
    await navigation.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Team' }).click();
    const aliasField = page.getByRole('textbox', { name: 'New alias for Rita Recruiter' });
    await aliasField.fill('anna@example.com');
    await aliasField.press('Enter');
    await expect(aliasField).toHaveAttribute('aria-invalid', 'true');
    await expect(aliasField).toHaveAccessibleDescription(/“anna@example\.com” is on a candidate’s profile/);
    await snapshot(page, '22-settings-team-alias-refused');

    expect(problems).toEqual([]);
  });

  test('R5: an address in the company’s domain is accepted, marked internal and explained', async ({ browser }) => {
    const { page } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('button', { name: 'New candidate' }).click();
    const dialog = page.getByRole('dialog', { name: 'New candidate' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Ingo Intern');
    await dialog.getByRole('textbox', { name: 'Address 1' }).fill('ingo@acme.com');
    await dialog.getByRole('textbox', { name: 'Address 1' }).press('Enter');

    await expect(page.getByRole('heading', { level: 1, name: 'Ingo Intern' })).toBeVisible();
    const addresses = page.getByRole('region', { name: 'Mail addresses' });
    await expect(addresses.getByRole('listitem').filter({ hasText: 'ingo@acme.com' })).toContainText('Internal');
    await expect(addresses).toContainText('only threads started in Hirebox are linked');
    // No application yet: not synced, and the profile says why.
    await expect(page.getByRole('region', { name: 'Mail sync' })).toContainText('Not synced: no application');

    // Adding him to a job starts the sync.
    await page.getByRole('combobox', { name: 'Add to a job' }).selectOption({ label: 'Product Designer' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('combobox', { name: 'Stage for Product Designer' })).toHaveValue('applied');
    await expect(page.getByRole('region', { name: 'Mail sync' })).toContainText('Waiting for a mailbox'); // R7 would sync; no mailbox is connected in this spec
    await snapshot(page, '23-candidate-internal');
  });

  test('merging moves the other candidate’s addresses here and removes them', async ({ browser }) => {
    callEngine(shell, 'candidates:create', { name: 'Marta Mertens', addresses: ['marta@example.com'], applications: [{ jobId }] });
    callEngine(shell, 'candidates:create', { name: 'M. Mertens', addresses: ['m.mertens@example.net'] });
    const { page } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('searchbox', { name: 'Search candidates' }).fill('marta');
    await page.getByRole('link', { name: /Marta Mertens/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Marta Mertens' })).toBeVisible();

    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge with Marta Mertens' });
    await dialog.getByRole('searchbox', { name: 'Find the other candidate' }).fill('mertens.net');
    await expect(dialog.getByText('No match for “mertens.net”')).toBeVisible();
    await dialog.getByRole('searchbox', { name: 'Find the other candidate' }).fill('m.mertens');
    await dialog.getByRole('radio', { name: /M\. Mertens/ }).check();
    await expect(dialog).toContainText('The addresses of M. Mertens are added to Marta Mertens.');
    await snapshot(page, '24-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge M. Mertens into this candidate' }).click();
    await expect(dialog).toBeHidden();

    const addresses = page.getByRole('region', { name: 'Mail addresses' });
    await expect(addresses).toContainText('m.mertens@example.net');
    await expect(addresses).toContainText('marta@example.com');
    await page.getByRole('link', { name: 'Candidates' }).first().click();
    await page.getByRole('searchbox', { name: 'Search candidates' }).fill('Mertens');
    await expect(page.getByRole('table', { name: 'Candidates' }).getByRole('link')).toHaveText([/Marta Mertens/]);
  });

  test('R3: deleting a candidate removes them from the list, and their profile URL says not found', async ({ browser }) => {
    callEngine(shell, 'candidates:create', { name: 'Bruno Berg', addresses: ['bruno@example.com'], applications: [{ jobId }] });
    const { page, problems } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    const list = page.getByRole('table', { name: 'Candidates' });
    await list.getByRole('link', { name: /Bruno Berg/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bruno Berg' })).toBeVisible();
    const profileUrl = page.url();

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Bruno Berg?' });
    await expect(dialog).toContainText('the mail itself stays in your mailbox');
    // Cancel has focus, so a stray Enter never deletes.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await snapshot(page, '25-delete-candidate');
    await dialog.getByRole('button', { name: 'Delete candidate' }).click();

    await expect(page).toHaveURL(/#\/candidates$/);
    // Issue 24: what went is reported once, with counts and no name.
    const report = page.getByRole('dialog', { name: 'Candidate deleted' });
    await expect(report).not.toContainText('Bruno');
    await report.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Candidates' })).toBeVisible();
    await expect(list.getByRole('link', { name: /Anna Adler/ })).toBeVisible();
    await expect(list.getByRole('link', { name: /Bruno Berg/ })).toHaveCount(0);
    await page.getByRole('searchbox', { name: 'Search candidates' }).fill('bruno');
    await expect(page.getByRole('heading', { name: 'No match for “bruno”' })).toBeVisible();

    await page.goto(profileUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Candidate not found' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Candidate not found' })).toBeVisible();
    await snapshot(page, '26-candidate-not-found');
    await page.getByRole('link', { name: 'Back to candidates' }).click();
    await expect(page).toHaveURL(/#\/candidates$/);

    expect(problems).toEqual([]);
  });

  test('importing a CSV shows the report, with the refused rows by line', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import candidates from CSV' });
    await expect(dialog.getByRole('table')).toContainText('other emails');
    await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled();
    await snapshot(page, '27-import-dialog');

    const csv = [
      'name,email,other emails,job,stage',
      'Carla Conrad,carla@example.com,,Data Analyst,interview',
      'Daniel Dorn,not-an-address,,,',
      'Eve Evil,OLIVIA+cv@acme.com,,,',
      'Frieda Fuchs,frieda@example.com,,Product Designer,',
    ].join('\n');
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'Bewerbungen März.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Import' }).click();

    await expect(dialog.getByText('Import of Bewerbungen März.csv')).toBeVisible();
    const counts = dialog.getByRole('status').getByRole('listitem');
    await expect(counts).toHaveText([/2\s*candidates imported/, /1\s*job created/, /2\s*rows not imported/]);
    const rows = dialog.getByRole('table', { name: 'Rows that were not imported' }).getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('3');
    await expect(rows.nth(1)).toContainText('not a mail address');
    await expect(rows.nth(2)).toContainText('4');
    await expect(rows.nth(2)).toContainText('belongs to you or a colleague');
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused();
    await snapshot(page, '28-import-report');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const list = page.getByRole('table', { name: 'Candidates' });
    await expect(list.getByRole('link', { name: /Carla Conrad/ })).toBeVisible();
    await expect(list.getByRole('link', { name: /Frieda Fuchs/ })).toBeVisible();
    await expect(list.getByRole('link', { name: /Daniel Dorn/ })).toHaveCount(0);
    await snapshot(page, '28b-candidates-list');

    expect(problems).toEqual([]);
  });

  test('in German, the profile and its errors speak German', async ({ browser }) => {
    const anna = callEngine<{ items: { id: string }[] }>(shell, 'candidates:list', { query: 'anna' }).items[0];
    // The language preference is "system" (never changed here), so a German system sees German.
    const { page } = await openApp(browser, shell, 'de-DE', 'Posteingang');
    await page.goto(`${shell.url.replace(/#token=.*/, '')}#/candidates/${anna?.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'E-Mail-Abgleich' })).toContainText('Wartet auf ein Postfach'); // R7 would sync; no mailbox is connected in this spec
    await page.getByRole('button', { name: 'Bearbeiten' }).click();
    const dialog = page.getByRole('dialog', { name: 'Anna Adler bearbeiten' });
    await dialog.getByRole('textbox', { name: 'Adresse 2' }).fill('rita+bewerbung@acme.com');
    await dialog.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Adresse 2' })).toHaveAccessibleDescription(/ist deine eigene Adresse oder die einer Kollegin/);
    await snapshot(page, '29-edit-candidate-de');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(dialog).toBeHidden();
  });
});

test.describe('the candidate list', () => {
  let shell: RunningShell;
  let designer: string;
  let analyst: string;

  test.beforeAll(async () => {
    shell = await startHeadlessShell();
    callEngine(shell, 'setup:create', { workspaceName: 'Acme GmbH', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } });
    designer = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Product Designer' }).id;
    analyst = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Data Analyst' }).id;
    const people: [string, [string, string][]][] = [
      ['Anna Adler', [[designer, 'interview']]],
      ['Bruno Berg', [[designer, 'applied'], [analyst, 'offer']]],
      ['Carla Conrad', [[analyst, 'screening']]],
      ['Dario Dorn', [[designer, 'hired']]],
      ['Emma Engel', []],
    ];
    for (const [name, applications] of people) {
      const address = `${name.split(' ')[0]!.toLowerCase()}@example.com`;
      callEngine(shell, 'candidates:create', { name, addresses: [address], applications: applications.map(([jobId, stage]) => ({ jobId, stage })) });
    }
  });

  test.afterAll(async () => {
    await shell?.stop();
  });

  test('shows jobs, stages and last contact; sorts by its column headers and filters by job and stage', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    const table = page.getByRole('table', { name: 'Candidates' });
    const names = table.getByRole('row').getByRole('link');
    await expect(names).toHaveText(['Anna Adler', 'Bruno Berg', 'Carla Conrad', 'Dario Dorn', 'Emma Engel']);
    const bruno = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Bruno Berg' }) });
    await expect(bruno.getByRole('cell').nth(1)).toContainText('Product Designer');
    await expect(bruno.getByRole('cell').nth(1)).toContainText('Data Analyst');
    await expect(bruno.getByRole('cell').nth(2)).toContainText('Offer');
    await expect(bruno.getByRole('cell').nth(3)).toHaveText('No mail yet');
    await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await snapshot(page, '28c-candidate-table');

    // Sorting with the keyboard: the header's button, then Enter.
    const stageHeader = table.getByRole('columnheader', { name: 'Stage' });
    await stageHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(stageHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'none');
    // Furthest stage per candidate: Carla screening, Anna interview, Bruno offer, Dario hired, Emma none.
    await expect(names).toHaveText(['Carla Conrad', 'Anna Adler', 'Bruno Berg', 'Dario Dorn', 'Emma Engel']);
    await page.keyboard.press('Enter');
    await expect(stageHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(names).toHaveText(['Emma Engel', 'Dario Dorn', 'Bruno Berg', 'Anna Adler', 'Carla Conrad']);
    await table.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await table.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
    await expect(names).toHaveText(['Emma Engel', 'Dario Dorn', 'Carla Conrad', 'Bruno Berg', 'Anna Adler']);

    // Filters narrow the list in the engine; the search still applies on top.
    const filters = page.getByRole('group', { name: 'Filter candidates' });
    await filters.getByRole('combobox', { name: 'Job' }).selectOption({ label: 'Data Analyst' });
    await expect(names).toHaveText(['Carla Conrad', 'Bruno Berg']);
    // With a job filter, that job's application comes first in the row.
    await expect(bruno.getByRole('cell').nth(2).locator('.stage-badge').first()).toHaveText('Offer');
    await filters.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Screening' });
    await expect(names).toHaveText(['Carla Conrad']);
    await filters.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Hired' });
    await expect(page.getByRole('heading', { name: 'No candidate matches these filters' })).toBeVisible();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(names).toHaveCount(5);
    await page.getByRole('searchbox', { name: 'Search candidates' }).fill('r');
    await filters.getByRole('combobox', { name: 'Job' }).selectOption({ label: 'Product Designer' });
    await expect(names).toHaveText(['Dario Dorn', 'Bruno Berg', 'Anna Adler']);

    // Opening a row keeps the list as it was when the user comes back.
    await names.first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dario Dorn' })).toBeVisible();
    await page.goBack();
    await expect(names).toHaveText(['Dario Dorn', 'Bruno Berg', 'Anna Adler']);
    expect(problems).toEqual([]);
  });

  test('an address on another candidate links to that candidate’s profile', async ({ browser }) => {
    const { page, problems } = await openApp(browser, shell);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('button', { name: 'New candidate' }).click();
    const dialog = page.getByRole('dialog', { name: 'New candidate' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('A. Adler');
    await dialog.getByRole('textbox', { name: 'Address 1' }).fill('ANNA@example.com');
    await dialog.getByRole('button', { name: 'Create candidate' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Address 1' })).toHaveAccessibleDescription(/already belongs to another candidate/);
    await snapshot(page, '28d-duplicate-address');
    await dialog.getByRole('link', { name: 'Open the profile of Anna Adler (to merge them there)' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Anna Adler' })).toBeVisible();
    expect(problems).toEqual([]);
  });
});
