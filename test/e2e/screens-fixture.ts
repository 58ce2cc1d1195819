import { expect, type Browser, type Page } from '@playwright/test';
import type { Dovecot, SmtpServer } from '../support/mail-servers/index.js';
import { buildMessage, startDovecot, startSmtpServer, writeMaildirMessages } from '../support/mail-servers/index.js';
import type { RunningShell } from './headless-shell.js';
import { callEngine, callEngineAsync, startHeadlessShell } from './headless-shell.js';

/**
 * One workspace with something on every screen, for the checks that walk all of them
 * (accessibility, layout): two jobs (one archived), candidates with applications, a
 * mailbox on a real Dovecot with synced conversations, a draft. Setup goes through
 * `hirebox call`; the screens are then opened by their address.
 */
export interface ScreensWorkspace {
  shell: RunningShell;
  /** A second shell on a fresh folder: the first-run screen. */
  firstRunShell: RunningShell;
  screens: Screen[];
  stop(): Promise<void>;
}

export interface Screen {
  /** A short name for reports and screenshot files. */
  name: string;
  hash: string;
  /** Waits until the screen shows its data. */
  ready(page: Page, locale: Locale): Promise<void>;
}

export type Locale = 'en-US' | 'de-DE';

const owner = { name: 'Alice Adams', address: 'alice@hirebox.test', password: 'alice-password' };

export async function startScreensWorkspace(): Promise<ScreensWorkspace> {
  const dovecot: Dovecot = await startDovecot();
  const smtp: SmtpServer = await startSmtpServer(dovecot);
  const shell = await startHeadlessShell();
  const firstRunShell = await startHeadlessShell();
  callEngine(shell, 'setup:create', { workspaceName: 'Hirebox Test GmbH', domains: ['hirebox.test'], owner: { name: owner.name, email: owner.address } });
  const designer = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Senior Product Designer (Design Systems)' }).id;
  const engineer = callEngine<{ id: string }>(shell, 'jobs:create', { title: 'Backend Engineer' }).id;
  const people = [
    ['Anna Adler', 'anna@example.org', designer],
    ['Bartholomäus Brandenburger-Schwarzenfeld', 'bartholomaeus.brandenburger-schwarzenfeld@example.org', engineer],
    ['Carla Conti', 'carla@example.org', designer],
  ] as const;
  const candidateIds = people.map(([name, address, jobId]) => callEngine<{ id: string }>(shell, 'candidates:create', { name, addresses: [address], applications: [{ jobId }] }).id);
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
  writeMaildirMessages(
    dovecot,
    owner.address,
    'INBOX',
    people.map(([name, address], index) => ({
      raw: buildMessage({
        from: { name, address },
        to: { name: owner.name, address: owner.address },
        subject: index === 1 ? 'A question about the backend role, the team, the interview process and the start date' : `My application (${name})`,
        date: hoursAgo(index + 1),
        body: `Dear Alice,\n\nplease find my portfolio attached.\n\nBest,\n${name}`,
      }),
      internalDate: hoursAgo(index + 1),
    })),
  );
  const mailbox = await callEngineAsync<{ id: string }>(shell, 'mailboxes:connect', {
    address: owner.address,
    userName: owner.address,
    password: owner.password,
    imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
  });
  callEngine(shell, 'mailboxes:sync-now', { mailboxId: mailbox.id });
  const threads = callEngine<{ items: { id: string }[] }>(shell, 'inbox:list', {});
  const threadId = threads.items[0]?.id;
  if (threadId === undefined) throw new Error('the synced mailbox shows no conversation');

  const heading = (en: string, de: string) => async (page: Page, locale: Locale) => {
    await expect(page.getByRole('heading', { level: 1, name: locale === 'en-US' ? en : de, exact: true })).toBeVisible();
  };
  const settings = (section: string): Screen => ({
    name: `settings-${section}`,
    hash: `#/settings/${section}`,
    ready: async (page, locale) => {
      await heading('Settings', 'Einstellungen')(page, locale);
      await expect(page.locator(`.settings-nav a[href="#/settings/${section}"][aria-current="page"]`)).toBeVisible();
      await expect(page.locator('.settings-content h2').first()).toBeVisible();
    },
  });
  const screens: Screen[] = [
    {
      name: 'inbox',
      hash: '#/inbox',
      ready: async (page, locale) => {
        await heading('Inbox', 'Posteingang')(page, locale);
        await expect(page.locator('a.thread-row').first()).toBeVisible();
      },
    },
    {
      name: 'thread',
      hash: `#/inbox/${threadId}`,
      ready: async (page) => {
        await expect(page.locator('.thread-view h2').first()).toBeVisible();
        await expect(page.locator('.message-header').first()).toBeVisible();
      },
    },
    {
      name: 'candidates',
      hash: '#/candidates',
      ready: async (page, locale) => {
        await heading('Candidates', 'Kandidat*innen')(page, locale);
        await expect(page.getByText('Carla Conti').first()).toBeVisible();
      },
    },
    {
      name: 'candidate-profile',
      hash: `#/candidates/${candidateIds[1]}`,
      ready: async (page) => {
        await expect(page.getByRole('heading', { level: 1, name: people[1][0] })).toBeVisible();
        await expect(page.getByText(/A question about the backend role/).first()).toBeVisible();
      },
    },
    {
      name: 'jobs',
      hash: '#/jobs',
      ready: async (page, locale) => {
        await heading('Jobs', 'Stellen')(page, locale);
        await expect(page.getByText('Backend Engineer').first()).toBeVisible();
      },
    },
    {
      name: 'job',
      hash: `#/jobs/${designer}`,
      ready: async (page) => {
        await expect(page.getByRole('heading', { level: 1, name: 'Senior Product Designer (Design Systems)' })).toBeVisible();
        await expect(page.getByText('Anna Adler').first()).toBeVisible();
      },
    },
    { name: 'outbox', hash: '#/outbox', ready: heading('Outbox', 'Postausgang') },
    { name: 'search', hash: '#/search', ready: heading('Search', 'Suche') },
    settings('language'),
    settings('workspace'),
    settings('team'),
    {
      ...settings('mailboxes'),
      ready: async (page, locale) => {
        await settings('mailboxes').ready(page, locale);
        await expect(page.getByText(owner.address).first()).toBeVisible();
      },
    },
    settings('writing'),
    settings('templates'),
    settings('notifications'),
  ];
  return {
    shell,
    firstRunShell,
    screens,
    stop: async () => {
      await shell.stop();
      await firstRunShell.stop();
      await smtp.close();
      await dovecot.stop();
    },
  };
}

/** A page in `locale` at `viewport`, after the app has started once at its own address. */
export async function openApp(browser: Browser, shell: RunningShell, locale: Locale, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

export async function showScreen(page: Page, shell: RunningShell, screen: Screen, locale: Locale): Promise<void> {
  await page.goto(`${shell.url.replace(/#.*$/, '')}${screen.hash}`);
  await screen.ready(page, locale);
}
