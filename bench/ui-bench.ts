import { chromium, type Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadlessClient } from '../electron/headless/client.js';
import type { CandidateSummary, ThreadDetail, ThreadSummary } from '../shared/model.js';
import type { Page as ResultPage } from '../shared/paging.js';
import { storeFixture } from './store-fixture.js';

/**
 * `npm run bench -- ui`: the real renderer build behind `hirebox serve` (the headless shell,
 * as test/e2e/headless-shell.ts starts it) on a copy of a cached data folder with
 * `--messages` threads (default 100,000), in Debian's Chromium through Playwright. Each
 * figure has a baseline measured in the same page and run:
 * - first inbox paint: navigation start → the frame after the first inbox row is in the
 *   DOM; baseline: a plain HTML page with the same first rows, from the same origin.
 * - scrolling: rAF frame times while the list scrolls by two rows a frame, in the inbox and
 *   the candidate list; baseline: a plain (not virtual) list of the same rows, the same
 *   height, scrolled the same way in the same page. Reported as p50/p95 and the p95 ratio.
 * - open thread: click on a row → its messages in the reading pane; baseline: the bare
 *   `threads:get` of the same thread over the contract's WebSocket.
 */
export interface UiBenchOptions {
  threads: number;
  candidates: number;
  /** Repetitions of the paint and open-thread measurements. */
  rounds: number;
  log: (line: string) => void;
}

// The callbacks below run in the page; this program has no DOM library, so the few page
// globals they use are declared here, for this file only.
interface PageElement {
  scrollTop: number;
  clientHeight: number;
  className: string;
  id: string;
  textContent: string | null;
  style: { cssText: string };
  append(...children: PageElement[]): void;
  remove(): void;
  click(): void;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  getElementById(id: string): PageElement | null;
  createElement(tag: string): PageElement;
  body: PageElement;
};
declare const window: object;
declare function requestAnimationFrame(callback: (now: number) => void): number;
declare class MutationObserver {
  constructor(callback: (records: unknown, observer: MutationObserver) => void);
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
}
type HTMLElement = PageElement;

const listeningLine = /^Hirebox listening on (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))$/;
const inboxRowHeight = 92;
const candidateRowHeight = 64;
const scrollFrames = 240;

export async function uiBench(options: UiBenchOptions): Promise<unknown> {
  if (!fs.existsSync('dist/renderer/index.html')) throw new Error('dist/renderer is missing: run `npm run build` first.');
  const fixture = await storeFixture('ui', {
    // About 1.5 messages a thread (1 or 2).
    messages: Math.round(options.threads * 1.5),
    candidates: options.candidates,
    candidateThreadShare: 1,
    jobs: 20,
    managerJobs: 2,
    maxPerThread: 2,
    log: options.log,
  });
  const started = performance.now();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-uibench-'));
  fs.cpSync(fixture.folder, folder, { recursive: true });
  // No server stands behind the mailbox: paused, so the shell shows it as such and never tries
  // to sync it (a try ends in a red "no longer exists" status that no real inbox shows).
  const db = new Sqlite(path.join(folder, 'hirebox.db'));
  db.prepare(`UPDATE mailboxes SET status = '{"state":"paused"}'`).run();
  db.close();
  const copyMs = Math.round(performance.now() - started);
  const shell = await serve(folder);
  const client = await HeadlessClient.connect(shell.port, shell.token);
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await client.call(channel as never, input as never);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    const page = await context.newPage();

    // The same rows as the app shows, for the baselines (enough for the scroll distance).
    const needed = Math.ceil((scrollFrames * 2 + 40) * 1.1);
    const threads = await allPages<ThreadSummary>((cursor) => call('inbox:list', { limit: 500, ...(cursor ? { cursor } : {}) }), needed);
    const candidates = await allPages<CandidateSummary>((cursor) => call('candidates:list', { limit: 500, ...(cursor ? { cursor } : {}) }), needed);
    const inboxRows = threads.map((thread) => [thread.candidates.map((candidate) => candidate.name).join(', '), thread.subject, thread.snippet, thread.lastMessageAt.slice(0, 10)]);
    const candidateRows = candidates.map((candidate) => [candidate.name, JSON.stringify(candidate).slice(0, 120)]);

    // First inbox paint, app and plain page, alternating.
    options.log('first inbox paint');
    await page.addInitScript(() => {
      const w = window as unknown as { __firstRowPaint?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector('.thread-row, .plain-row') === null) return;
        observer.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => (w.__firstRowPaint = performance.now())));
      }).observe(document, { childList: true, subtree: true });
    });
    const plainUrl = `http://127.0.0.1:${shell.port}/bench-plain.html`;
    await page.route(plainUrl, (route) => route.fulfill({ contentType: 'text/html', body: plainPage(inboxRows.slice(0, 12), inboxRowHeight) }));
    const appPaint: number[] = [];
    const plainPaint: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      await page.goto('about:blank');
      await page.goto(shell.url);
      appPaint.push(await page.waitForFunction(() => (window as unknown as { __firstRowPaint?: number }).__firstRowPaint, null, { timeout: 60_000 }).then((handle) => handle.jsonValue() as Promise<number>));
      await page.goto('about:blank');
      await page.goto(plainUrl);
      plainPaint.push(await page.waitForFunction(() => (window as unknown as { __firstRowPaint?: number }).__firstRowPaint, null, { timeout: 60_000 }).then((handle) => handle.jsonValue() as Promise<number>));
    }
    await page.goto(shell.url);
    const inboxList = page.getByRole('region', { name: 'Conversations' });
    await inboxList.locator('.thread-row').first().waitFor();

    // Scrolling the inbox, then the same rows as a plain list in the same page.
    options.log('scrolling the inbox');
    const inboxFrames = await scrollFramesOf(page, '.virtual-scroll[aria-label="Conversations"]', inboxRowHeight * 2);
    const inboxPlainFrames = await plainScrollFrames(page, inboxRows, inboxRowHeight);
    const loadedAfterScroll = await page.evaluate(() => document.querySelector('.virtual-scroll[aria-label="Conversations"] .virtual-list')!.clientHeight / 92);

    // Opening threads: click a row, wait for its messages; bare threads:get beside it.
    options.log('opening threads');
    await page.evaluate(() => (document.querySelector('.virtual-scroll[aria-label="Conversations"]')!.scrollTop = 0));
    const openMs: number[] = [];
    const bareMs: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const thread = threads[1 + round * 2]!;
      const bareStarted = performance.now();
      const detail = await call<ThreadDetail>('threads:get', { threadId: thread.id });
      bareMs.push(performance.now() - bareStarted);
      const row = page.locator(`.thread-row[data-thread-id="${thread.id}"]`);
      await row.waitFor();
      // Clicked in the page, so Playwright's own checks before a click are not timed.
      const clickStarted = await row.evaluate((element: HTMLElement) => {
        const at = performance.now();
        element.click();
        return at;
      });
      await page.waitForFunction(
        ({ count }) => document.querySelectorAll('article.thread-view ol.message-list > li').length === count,
        { count: detail.messages.length },
        { timeout: 30_000 },
      );
      const shownAt = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
      openMs.push(shownAt - clickStarted);
    }

    // The candidate list.
    options.log('scrolling the candidate list');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Candidates' }).click();
    await page.locator('.virtual-scroll[aria-label="Candidates"] .virtual-row').first().waitFor();
    const candidateFrames = await scrollFramesOf(page, '.virtual-scroll[aria-label="Candidates"]', candidateRowHeight * 2);
    const candidatePlainFrames = await plainScrollFrames(page, candidateRows, candidateRowHeight);

    const inbox = frameStats(inboxFrames);
    const inboxPlain = frameStats(inboxPlainFrames);
    const candidateList = frameStats(candidateFrames);
    const candidatePlain = frameStats(candidatePlainFrames);
    return {
      fixture: { threads: fixture.threads, messages: Math.round(options.threads * 1.5), candidates: options.candidates, buildMs: fixture.buildMs, folder: fixture.folder, copyMs },
      browser: { executable: '/usr/bin/chromium', version: browser.version(), viewport: '1280×720' },
      firstInboxPaint: { app: msStats(appPaint), plainPage: msStats(plainPaint), ratioP50: ratio(median(appPaint), median(plainPaint)) },
      scrollInbox: { frames: scrollFrames, pxPerFrame: inboxRowHeight * 2, app: inbox, plainList: inboxPlain, p95Ratio: ratio(inbox.p95, inboxPlain.p95), rowsLoadedAfterScroll: Math.round(loadedAfterScroll) },
      scrollCandidates: { frames: scrollFrames, pxPerFrame: candidateRowHeight * 2, app: candidateList, plainList: candidatePlain, p95Ratio: ratio(candidateList.p95, candidatePlain.p95) },
      openThread: { app: msStats(openMs), bareThreadsGet: msStats(bareMs), ratioP50: ratio(median(openMs), median(bareMs)) },
      msTotal: Math.round(performance.now() - started),
    };
  } finally {
    await browser.close();
    client.close();
    await shell.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function allPages<T>(fetchPage: (cursor: string | null) => Promise<ResultPage<T>>, atLeast: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: ResultPage<T> = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < atLeast);
  return items;
}

/** Frame times (ms between animation frames) while `selector` scrolls `step` px a frame. */
function scrollFramesOf(page: Page, selector: string, step: number): Promise<number[]> {
  return page.evaluate(
    ({ selector, step, frames }) =>
      new Promise<number[]>((resolve) => {
        const element = document.querySelector(selector) as HTMLElement;
        element.scrollTop = 0;
        const deltas: number[] = [];
        let last = 0;
        const tick = (now: number) => {
          if (last !== 0) deltas.push(now - last);
          last = now;
          if (deltas.length >= frames) return resolve(deltas);
          element.scrollTop += step;
          requestAnimationFrame(tick);
        };
        // Two frames first, so the scroll starts from a settled page.
        requestAnimationFrame(() => requestAnimationFrame(tick));
      }),
    { selector, step, frames: scrollFrames },
  );
}

/** The baseline: the same rows as plain DOM (every row, no virtualisation) over the page, scrolled the same way. */
async function plainScrollFrames(page: Page, rows: string[][], rowHeight: number): Promise<number[]> {
  await page.evaluate(
    ({ rows, rowHeight }) => {
      const overlay = document.createElement('div');
      overlay.id = 'bench-plain-list';
      overlay.style.cssText = 'position:fixed;inset:0;overflow:auto;background:#fff;z-index:2147483647';
      const list = document.createElement('ul');
      list.style.cssText = 'list-style:none;margin:0;padding:0';
      for (const cells of rows) {
        const item = document.createElement('li');
        item.className = 'plain-row';
        item.style.cssText = `height:${rowHeight}px;box-sizing:border-box;padding:8px 16px;border-bottom:1px solid #ddd;overflow:hidden`;
        for (const text of cells) {
          const line = document.createElement('div');
          line.textContent = text;
          line.style.cssText = 'white-space:nowrap;overflow:hidden;text-overflow:ellipsis';
          item.append(line);
        }
        list.append(item);
      }
      overlay.append(list);
      document.body.append(overlay);
    },
    { rows, rowHeight },
  );
  const frames = await scrollFramesOf(page, '#bench-plain-list', rowHeight * 2);
  await page.evaluate(() => document.getElementById('bench-plain-list')!.remove());
  return frames;
}

function plainPage(rows: string[][], rowHeight: number): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const items = rows
    .map((cells) => `<li class="plain-row" style="height:${rowHeight}px">${cells.map((text) => `<div>${escape(text)}</div>`).join('')}</li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain list</title></head><body><ul>${items}</ul></body></html>`;
}

function frameStats(values: number[]): { p50: number; p95: number; max: number; over50ms: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: round(Math.max(...values)), over50ms: values.filter((value) => value > 50).length };
}

function msStats(values: number[]): { p50: number; p95: number; n: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95), n: values.length };
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

function ratio(value: number, base: number): number {
  return Math.round((value / Math.max(base, 0.1)) * 100) / 100;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

interface Shell {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

/** `hirebox serve` on the folder, waiting for the line it prints (as test/e2e/headless-shell.ts). */
async function serve(dataFolder: string): Promise<Shell> {
  const child: ChildProcess = spawn(process.execPath, ['bin/hirebox.js', 'serve', '--data', dataFolder, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HIREBOX_DATA: '' } });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      const found = listeningLine.exec(stdout.slice(0, newline));
      if (found) resolve(found);
      else reject(new Error(`hirebox serve printed ${JSON.stringify(stdout.slice(0, newline))}`));
    });
    child.once('exit', (code) => reject(new Error(`hirebox serve exited early (code ${code})`)));
  });
  return {
    url: match[1]!,
    port: Number(match[2]),
    token: match[3]!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
