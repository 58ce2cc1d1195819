import { chromium, expect, test } from '@playwright/test';
import type { BrowserContext, Response } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeTraces, findTraces, listFiles } from '../support/trace-scan.js';
import type { RunningShell } from './headless-shell.js';
import { alice, hoursAgo, startMailboxWorld, type MailboxWorld } from './mailbox-fixture.js';

/**
 * Issue 24 item 4, renderer storage, on a real browser profile: Debian's Chromium with a
 * persistent user-data folder (so its disk cache, Local Storage, IndexedDB, Service Worker
 * and session files are real files) opens a candidate's mail whose subject, body and
 * attachment name carry a unique marker, and searches for it. Once the browser is closed,
 * no file of the profile holds the marker in any form trace-scan knows; a throwaway
 * profile into which the page itself writes the marker shows the scan would find it.
 * Every response the shell served carried `Cache-Control: no-store`.
 */

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** A word of its own (letters and digits), so search tokenises it whole. */
const marker = `Storagemark${randomBytes(6).toString('hex')}`;
const subject = `Application ${marker}`;
const fileName = `Portfolio-${marker}.pdf`;

function markedMessage(): string {
  const boundary = 'e2e-storage';
  return [
    'From: Anna Adler <anna@example.org>',
    `To: Alice Adams <${alice.address}>`,
    `Subject: ${subject}`,
    `Date: ${new Date(Date.now() - 60 * 60 * 1000).toUTCString()}`,
    'Message-ID: <e2e-storage@test>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Dear Alice, my code word is ${marker} and my portfolio is attached.`,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Dear Alice, my code word is <b>${marker}</b> and my portfolio is attached.</p>`,
    '--alt--',
    `--${boundary}`,
    `Content-Type: application/pdf; name="${fileName}"`,
    `Content-Disposition: attachment; filename="${fileName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4\n').toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

async function launchProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: launchArgs,
    locale: 'en-US',
    viewport: { width: 1280, height: 720 },
  });
}

test.describe('renderer storage', () => {
  let world: MailboxWorld;
  let shell: RunningShell;
  const profiles: string[] = [];
  const newProfile = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-profile-'));
    profiles.push(folder);
    return folder;
  };

  test.beforeAll(async () => {
    world = await startMailboxWorld({ mail: { INBOX: [{ internalDate: hoursAgo(1), raw: markedMessage() }] } });
    shell = world.shell;
  });

  test.afterAll(async () => {
    await world?.stop();
    for (const folder of profiles) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('reading and searching a candidate mail leaves no trace in the browser profile; everything served is no-store', async () => {
    const origin = new URL(shell.url).origin;
    const profile = newProfile();
    const context = await launchProfile(profile);
    const served: Response[] = [];
    context.on('response', (response) => {
      if (response.url().startsWith(origin)) served.push(response);
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

    // Open the thread: subject, body and the attachment's name are on screen.
    await page.locator('a.thread-row', { hasText: subject }).click();
    await expect(page.frameLocator('iframe').first().getByText(marker)).toBeVisible();
    await expect(page.getByText(fileName).first()).toBeVisible();

    // Search for the marker: the one mail is found.
    await page.keyboard.press('/');
    const field = page.getByRole('searchbox', { name: 'Search mail' });
    await expect(field).toBeFocused();
    await page.keyboard.type(marker.toLowerCase());
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('article');
    await expect(hit).toHaveCount(1);
    await expect(hit.getByRole('link', { name: subject })).toBeVisible();
    await hit.getByRole('link', { name: subject }).click();
    await expect(page.frameLocator('iframe').first().getByText(marker)).toBeVisible();

    // The headers of everything the shell served (documents, scripts, styles, the mail
    // frame, blobs, errors), read before the browser goes away.
    expect(served.length).toBeGreaterThan(3);
    const cacheHeaders = await Promise.all(served.map(async (response) => ({ url: response.url().replace(/#.*$/, ''), status: response.status(), cacheControl: (await response.allHeaders())['cache-control'] ?? '(none)' })));
    expect(cacheHeaders.filter((entry) => !/\bno-store\b/.test(entry.cacheControl))).toEqual([]);
    // The app itself and the mail frame document the mail was written into were among them.
    expect(cacheHeaders.some((entry) => /\.js$/.test(entry.url))).toBe(true);
    expect(cacheHeaders.some((entry) => entry.url.endsWith('/mail-frame.html'))).toBe(true);

    await context.close();
    // A real profile was written: the disk cache, Local Storage, session restore and history.
    const files = listFiles(profile);
    for (const store of ['Default/Cache/', 'Default/Local Storage/', 'Default/Session Storage/', 'Default/Sessions/', 'Default/History']) {
      expect(files.some((file) => file.startsWith(store)), store).toBe(true);
    }
    const hits = findTraces(profile, marker);
    expect(hits, describeTraces(hits)).toEqual([]);
  });

  test('positive control: the scan finds the marker the page writes into a throwaway profile', async () => {
    const profile = newProfile();
    const context = await launchProfile(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await page.evaluate((text) => (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('control', `subject: Application ${text}`), marker);
    await context.close();
    const hits = findTraces(profile, marker);
    expect(hits.some((hit) => hit.file.startsWith('Default/Local Storage/')), describeTraces(hits)).toBe(true);
  });
});
