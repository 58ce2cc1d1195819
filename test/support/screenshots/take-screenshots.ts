import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { projectRoot, startServe, stop, type RunningCli } from '../cli.js';
import { startGmailApi, type GmailApiServer } from '../gmail-api/index.js';

/**
 * `npm run screenshots` (issue 25): the real UI, served by a real `hirebox serve` on a
 * temporary data folder with the sample data loaded and a Gmail mailbox connected through
 * the local Gmail stand-in (no Dovecot, no network), photographed in Chromium at 1280×720
 * in German and English. Each picture is a PNG named `<screen>-<language>.png`.
 */

export type Screen = 'inbox' | 'thread' | 'candidate' | 'thread-picker' | 'composer' | 'email-settings' | 'search';
/** In this order: search last, as its text stays in the rail's field. */
export const allScreens: readonly Screen[] = ['inbox', 'thread', 'candidate', 'thread-picker', 'composer', 'email-settings', 'search'];
export type Language = 'en' | 'de';

export interface ScreenshotOptions {
  outDir: string;
  languages?: readonly Language[];
  screens?: readonly Screen[];
  /** Chromium's path; Debian's by default (RECIPES.md). */
  executablePath?: string;
  log?: (line: string) => void;
}

const owner = { name: 'Marie Schulz', email: 'marie.schulz@nordlicht.example' };
const viewport = { width: 1280, height: 720 };
const locales: Record<Language, string> = { en: 'en-US', de: 'de-DE' };

/** Takes the screenshots; answers the files written. */
export async function takeScreenshots(options: ScreenshotOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const languages = options.languages ?? ['en', 'de'];
  const screens = options.screens ?? allScreens;
  const unknown = [...screens.filter((screen) => !allScreens.includes(screen)), ...languages.filter((language) => !(language in locales))];
  if (unknown.length > 0) throw new Error(`Unknown screen or language: ${unknown.join(', ')}. Screens: ${allScreens.join(', ')}; languages: en, de.`);
  const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-screenshots-'));
  let gmail: GmailApiServer | null = null;
  let serve: RunningCli | null = null;
  let browser: Browser | null = null;
  try {
    gmail = await startGmailApi();
    gmail.addAccount(owner.email);
    serve = await startServeWith(dataFolder, {
      HIREBOX_GOOGLE_CLIENT_ID: gmail.clientId,
      HIREBOX_GOOGLE_CLIENT_SECRET: 'desktop-client-secret',
      HIREBOX_GOOGLE_ENDPOINTS: JSON.stringify({ ...gmail.oauth, rootUrl: gmail.rootUrl }),
    });
    const url = `http://127.0.0.1:${serve.port}/#token=${serve.token}`;
    const call = <T>(channel: string, input: unknown = {}): Promise<T> => callCli<T>(dataFolder, channel, input);
    await call('setup:create', { workspaceName: 'Nordlicht GmbH', domains: ['nordlicht.example'], owner });
    await call('sample:load');
    log('sample data loaded');

    browser = await chromium.launch({
      executablePath: options.executablePath ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await connectGmail(browser, dataFolder);
    log('mailbox connected');

    const threads = (await call<{ items: { id: string; subject: string }[] }>('inbox:list', { limit: 100 })).items;
    const candidates = (await call<{ items: { id: string; name: string }[] }>('candidates:list', { limit: 100 })).items;
    const offer = threads.find((thread) => thread.subject.startsWith('Product Designer'))!;
    const lena = candidates.find((candidate) => candidate.name === 'Lena Hoffmann')!;

    fs.mkdirSync(options.outDir, { recursive: true });
    const written: string[] = [];
    for (const language of languages) {
      const context = await browser.newContext({ locale: locales[language], viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const base = url.replace(/#.*$/u, '');
      for (const screen of screens) {
        await show(page, base, screen, language, { threadId: offer.id, candidateId: lena.id });
        const file = path.join(options.outDir, `${screen}-${language}.png`);
        await page.screenshot({ path: file });
        written.push(file);
        log(`${path.relative(projectRoot, file)}`);
      }
      await context.close();
    }
    return written;
  } finally {
    await browser?.close();
    if (serve !== null) await stop(serve.child);
    await gmail?.close();
    fs.rmSync(dataFolder, { recursive: true, force: true });
  }
}

/** Puts the page into the state of one screenshot. */
async function show(page: Page, base: string, screen: Screen, language: Language, ids: { threadId: string; candidateId: string }): Promise<void> {
  const de = language === 'de';
  // A dialog left open by the screen before closes first.
  if (await page.locator('dialog[open]').count()) await page.keyboard.press('Escape');
  switch (screen) {
    case 'inbox':
      await page.goto(`${base}#/inbox`);
      await page.getByRole('region', { name: de ? 'Verläufe' : 'Conversations' }).getByRole('link').first().waitFor();
      break;
    case 'thread':
      await page.goto(`${base}#/inbox/${ids.threadId}`);
      await page.getByRole('article').first().waitFor();
      break;
    case 'thread-picker':
    case 'composer': {
      // "Write mail" on Lena's profile: the picker warns at the forward she is no recipient of.
      await page.goto(`${base}#/candidates/${ids.candidateId}`);
      await page.getByRole('heading', { level: 1, name: 'Lena Hoffmann' }).waitFor();
      await page.getByRole('button', { name: de ? 'Mail schreiben' : 'Write mail' }).first().click();
      const warned = page.getByRole('dialog').getByRole('button').filter({ has: page.getByRole('note') });
      await warned.waitFor();
      if (screen === 'composer') {
        // Replying there anyway: the composer says who the reply goes to instead.
        await warned.click();
        await page.getByTestId('composer-not-recipient').waitFor();
      }
      break;
    }
    case 'search': {
      await page.goto(`${base}#/search`);
      const field = page.getByRole('searchbox').first();
      await field.fill(de ? 'Bewerbung' : 'application');
      await field.press('Enter');
      await page.locator('mark').first().waitFor();
      break;
    }
    case 'candidate':
      await page.goto(`${base}#/candidates/${ids.candidateId}`);
      await page.getByRole('heading', { level: 1, name: 'Lena Hoffmann' }).waitFor();
      break;
    case 'email-settings':
      await page.goto(`${base}#/settings/mailboxes`);
      await page.getByText(owner.email).first().waitFor();
      break;
  }
  // Fonts, transitions and late list rows settle.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await page.waitForTimeout(300);
}

/** Connects the owner's Gmail mailbox at the stand-in, as a person signing in in their browser would. */
async function connectGmail(browser: Browser, dataFolder: string): Promise<void> {
  const started = await callCli<{ attemptId: string; authorizationUrl: string }>(dataFolder, 'mailboxes:oauth-start', { provider: 'gmail', address: owner.email });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(started.authorizationUrl);
  await context.close();
  for (let tries = 0; tries < 10; tries += 1) {
    const finished = await callCli<{ state: string }>(dataFolder, 'mailboxes:oauth-finish', { attemptId: started.attemptId });
    if (finished.state === 'connected') break;
  }
  for (let tries = 0; tries < 100; tries += 1) {
    const mailboxes = (await callCli<{ items: { status: { state: string } }[] }>(dataFolder, 'mailboxes:list', {})).items;
    if (mailboxes[0]?.status.state === 'up-to-date') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The Gmail mailbox did not finish its first sync.');
}

/** One channel through `hirebox call`, without blocking this process (the Gmail stand-in runs in it). */
function callCli<T>(dataFolder: string, channel: string, input: unknown = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(projectRoot, 'bin', 'hirebox.js'), 'call', channel, JSON.stringify(input), '--data', dataFolder], { cwd: projectRoot, encoding: 'utf8' }, (_error, stdout) => {
      try {
        const result = JSON.parse(stdout) as { ok: boolean; value?: T; error?: unknown };
        if (result.ok) resolve(result.value as T);
        else reject(new Error(`${channel} failed: ${JSON.stringify(result.error)}`));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/** `startServe` with extra environment (the Google client pointing at the stand-in). */
async function startServeWith(dataFolder: string, env: Record<string, string>): Promise<RunningCli> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await startServe(dataFolder);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
