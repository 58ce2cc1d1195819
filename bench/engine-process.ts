import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadlessClient } from '../electron/headless/client.js';
import type { ServeRecord } from '../electron/headless/serve.js';
import type { EventName, PushedEvent } from '../shared/events.js';

// `npm run bench` runs from the project's root (the bundle itself lives in node_modules/.cache).
const projectRoot = process.cwd();

/**
 * The engine as users run it: `hirebox serve` in a process of its own, so its memory is
 * measured apart from the benchmark's own clients, driven through the contract.
 */
export interface EngineProcess {
  client: HeadlessClient;
  pid: number;
  /** Calls a channel; throws with the error's code and message unless it succeeds. */
  call<T>(channel: string, input: unknown): Promise<T>;
  /** Resolves with the first pushed event (from now on, or already received after `since`) that `test` accepts. */
  waitForEvent<E extends EventName>(name: E, test: (event: PushedEvent<E>['payload']) => boolean, timeoutMs: number): Promise<PushedEvent<E>['payload']>;
  /** The process's peak resident memory so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** Stops the engine (SIGTERM, its orderly shutdown); removes the data folder unless it was given. */
  stop(): Promise<void>;
  /** The data folder the engine runs on. */
  dataFolder: string;
  /** Whether the process has exited (stopped, killed, or crashed). */
  exited(): boolean;
  /** SIGKILL, as a crash or power loss: no shutdown runs; resolves once the process is gone. The data folder stays. */
  kill(): Promise<void>;
}

export interface EngineProcessOptions {
  /**
   * Run on this data folder and leave it in place at `stop` (the fault matrix restarts an
   * engine on the folder a killed one left). Default: a fresh temp folder, removed at `stop`.
   */
  dataFolder?: string;
  /** Extra environment for the engine, e.g. `HIREBOX_ENGINE_TUNING`. */
  env?: Record<string, string>;
  /** Where the engine's stderr goes; default inherited. */
  stderr?: 'inherit' | 'ignore';
}

export async function startEngineProcess(options: EngineProcessOptions = {}): Promise<EngineProcess> {
  const ownFolder = options.dataFolder === undefined;
  const dataFolder = options.dataFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-bench-'));
  // HIREBOX_BENCH_PROFILE=<folder> writes a V8 CPU profile of the engine there (open it in Chrome's DevTools).
  const profile = process.env.HIREBOX_BENCH_PROFILE;
  const profileArgs = profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile];
  const child = spawn(process.execPath, [...profileArgs, 'bin/hirebox.js', 'serve', '--data', dataFolder, '--port', '0'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
    env: { ...process.env, HIREBOX_DATA: '', ...options.env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`hirebox serve exited early (code ${code})`)));
  });
  const record = JSON.parse(fs.readFileSync(path.join(dataFolder, 'serve.json'), 'utf8')) as ServeRecord;
  const client = await HeadlessClient.connect(record.port, record.token);
  let seen = 0;
  return {
    client,
    pid: child.pid!,
    async call<T>(channel: string, input: unknown): Promise<T> {
      const result = await client.call(channel as never, input as never);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    async waitForEvent(name, test, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (; seen < client.events.length; seen++) {
          const event = client.events[seen]!;
          if (event.name === name && test(event.payload as never)) {
            seen++;
            return event.payload as never;
          }
        }
        if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    peakRssBytes: () => peakRss(child.pid!),
    dataFolder,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      client.close();
    },
    async stop() {
      client.close();
      await stopChild(child);
      if (ownFolder) fs.rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}

function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
