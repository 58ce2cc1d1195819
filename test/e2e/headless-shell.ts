import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { expect, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const listeningLine = /^Hirebox listening on (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/;

export interface RunningShell {
  /** The address the shell printed, key included. */
  url: string;
  dataFolder: string;
  /** Stops the shell with SIGTERM and removes its data folder. */
  stop(): Promise<void>;
  /**
   * Stops the shell with SIGTERM and starts `hirebox serve` again on the same data folder,
   * as a user restarting it would; the new shell prints a new address (and key).
   * `whileStopped` runs between the two, on the data folder no engine holds.
   */
  restart(options?: { whileStopped?: () => void }): Promise<RunningShell>;
}

/**
 * Starts `hirebox serve` on a fresh temporary data folder and a free port, the way a
 * user would, and waits for the one line it prints. `env` adds environment variables
 * (`HIREBOX_GOOGLE_CLIENT_ID`, …) to the shell's own; a restart keeps them.
 */
export async function startHeadlessShell(options: { env?: Record<string, string> } = {}): Promise<RunningShell> {
  if (!fs.existsSync(path.join(projectRoot, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing. Run `npm run build` before the end-to-end tests.');
  }
  return serve(fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-e2e-')), options.env ?? {});
}

async function serve(dataFolder: string, env: Record<string, string>): Promise<RunningShell> {
  const child = spawn(process.execPath, ['bin/hirebox.js', 'serve', '--data', dataFolder, '--port', '0'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForListeningLine(child);
  return {
    url,
    dataFolder,
    stop: async () => {
      await stopProcess(child);
      fs.rmSync(dataFolder, { recursive: true, force: true });
    },
    restart: async (options = {}) => {
      await stopProcess(child);
      options.whileStopped?.();
      return serve(dataFolder, env);
    },
  };
}

function waitForListeningLine(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail('hirebox serve printed no address within 20 s.'), 20_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1 || settled) return;
      const firstLine = stdout.slice(0, newline);
      const match = listeningLine.exec(firstLine);
      if (!match?.[1]) return fail(`hirebox serve printed an unexpected first line: ${JSON.stringify(firstLine)}`);
      settled = true;
      clearTimeout(timer);
      resolve(match[1]);
    });
    child.once('exit', (code, signal) => fail(`hirebox serve exited early (code ${code}, signal ${signal}).`));
  });
}

async function stopProcess(child: ChildProcessByStdio<null, Readable, Readable>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
    throw new Error('hirebox serve did not stop within 5 s of SIGTERM.');
  }
}

const screensFolder = 'test-results/screens';

/** A full-page screenshot into test-results/screens, to look at after a run. */
export async function snapshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screensFolder, { recursive: true });
  await page.screenshot({ path: `${screensFolder}/${name}.png`, fullPage: true });
}

/** One channel through `hirebox call` against the running shell; throws unless it succeeds. */
export function callEngine<T = unknown>(shell: RunningShell, channel: string, input: unknown): T {
  const run = spawnSync(process.execPath, ['bin/hirebox.js', 'call', channel, JSON.stringify(input), '--data', shell.dataFolder], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  return unwrapCall<T>(channel, run.stdout);
}

/**
 * `callEngine` without blocking this process: for calls that reach a server the test runs
 * in this very process (connecting tests the in-process SMTP server, which cannot answer
 * while a synchronous call waits).
 */
export function callEngineAsync<T = unknown>(shell: RunningShell, channel: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/hirebox.js', 'call', channel, JSON.stringify(input), '--data', shell.dataFolder], { cwd: projectRoot, encoding: 'utf8' }, (_error, stdout) => {
      try {
        resolve(unwrapCall<T>(channel, stdout));
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

function unwrapCall<T>(channel: string, stdout: string): T {
  const result = JSON.parse(stdout) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/**
 * A page at Settings › Mailboxes with "Connect a mailbox" open, in `locale`, and the
 * console errors and page errors it logs (a test ends expecting none).
 */
export async function openConnectForm(browser: Browser, shell: RunningShell, locale: 'en-US' | 'de-DE', viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1, name: locale === 'en-US' ? 'Inbox' : 'Posteingang' })).toBeVisible();
  await page.getByRole('link', { name: locale === 'en-US' ? 'Connect a mailbox' : 'Postfach verbinden' }).click();
  await expect(page).toHaveURL(/#\/settings\/mailboxes$/);
  return { page, problems };
}

/**
 * A page of the running shell in `locale` at `hash` (`#/candidates/…`), after the app has
 * started once at its own address (the token); the page errors it throws are collected.
 */
export async function openAppAt(browser: Browser, shell: RunningShell, hash: string, locale: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(shell.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${shell.url.replace(/#.*$/, '')}${hash}`);
  return { page, problems };
}
