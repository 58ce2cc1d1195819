import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MailboxSummary } from '../shared/model.js';
import type { MailboxStatus } from '../shared/status.js';
import { startEngineProcess, type EngineProcess } from '../bench/engine-process.js';
import { engineTuningVariable } from '../electron/core/thread/engine-tuning.js';
import type { Dovecot } from '../test/support/mail-servers/index.js';

/**
 * What the `kill-*` fault kinds share (issue 9): the engine as `hirebox serve` in a process
 * of its own on a data folder that outlives it, so it can be killed with SIGKILL and
 * started again on what it left; the workspace, candidates and mailbox every run sets up;
 * and small seeded draws.
 */

export const mailUser = 'alice@hirebox.test';
export const mailPassword = 'alice-password';

/** Timings short enough for a run of seconds: a dead connection is noticed, Sent is checked, a server copy awaited within seconds. */
export function engineTuning(pageSize?: number): Record<string, string> {
  const tuning = {
    sync: { checkIntervalMs: 1_500, backoffBaseMs: 200, backoffCapMs: 1_000, timeoutMs: 5_000, livenessTimeoutMs: 2_000, pollIntervalMs: 300, ...(pageSize === undefined ? {} : { pageSize }) },
    outbox: { retryDelaysMs: [200, 500, 1_000], sentCopyWaitMs: 3_000, sentCopyPollMs: 200, imapRetryMs: 1_000 },
  };
  return { [engineTuningVariable]: JSON.stringify(tuning) };
}

/** A whole number in [min, max], drawn from the run's PRNG. */
export function drawInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function drawOne<T>(random: () => number, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)]!;
}

/** Drawn last, so the draws before it stay what they were: a second kill, during the recovery, in about a third of the runs. */
export function drawSecondKill(random: () => number): number | null {
  const again = random() < 0.35;
  const afterMs = drawInt(random, 0, 1_500);
  return again ? afterMs : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One data folder and the engines run on it in turn: `start()` a `hirebox serve`, `kill()`
 * it with SIGKILL, `start()` again on the same folder; `dispose()` stops what runs and
 * removes the folder.
 */
export class EngineOnFolder {
  readonly dataFolder: string;
  readonly #env: Record<string, string>;
  #current: EngineProcess | null = null;

  constructor(env: Record<string, string>) {
    this.dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-fault-'));
    this.#env = env;
  }

  get engine(): EngineProcess {
    if (this.#current === null) throw new Error('no engine runs');
    return this.#current;
  }

  async start(): Promise<EngineProcess> {
    if (this.#current !== null && !this.#current.exited()) throw new Error('an engine runs on this folder already');
    this.#current = await startEngineProcess({ dataFolder: this.dataFolder, env: this.#env });
    return this.#current;
  }

  /**
   * Starts the engine again after a kill; with `killAgainAfterMs`, kills it once more that
   * long after it started — in the middle of its own recovery (the resumed scan, the outbox
   * looking up what it was sending) — and starts it a third time.
   */
  async restart(killAgainAfterMs: number | null, log: (line: string) => void): Promise<EngineProcess> {
    const engine = await this.start();
    if (killAgainAfterMs === null) return engine;
    await sleep(killAgainAfterMs);
    await this.kill();
    log(`killed again ${killAgainAfterMs} ms after the restart`);
    return this.start();
  }

  /** SIGKILL: no shutdown code runs, as in a crash or a power loss. */
  async kill(): Promise<void> {
    await this.#current?.kill();
  }

  /** The orderly stop (SIGTERM): the engine checkpoints and closes the database. */
  async stop(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    await current?.stop();
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    fs.rmSync(this.dataFolder, { recursive: true, force: true });
  }
}

/** Candidates at addresses outside every Dovecot user and outside the workspace's domain. */
export function candidateAddress(seed: number, index: number): string {
  return `cand${index}.s${seed}@example.test`;
}

/** First run, one open job, and `count` candidates applying to it; returns their ids by index. */
export async function setUpCandidates(engine: EngineProcess, addresses: string[]): Promise<string[]> {
  await engine.call('setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } });
  const job = await engine.call<{ id: string }>('jobs:create', { title: 'Backend Engineer' });
  const ids: string[] = [];
  for (const [index, address] of addresses.entries()) {
    const candidate = await engine.call<{ id: string }>('candidates:create', { name: `Kandidat ${index}`, addresses: [address], applications: [{ jobId: job.id }] });
    ids.push(candidate.id);
  }
  return ids;
}

/** The input of `mailboxes:connect` for alice at this Dovecot, sending through `smtpPort`. */
export function connectInput(dovecot: Dovecot, smtpPort: number): Record<string, unknown> {
  return {
    address: mailUser,
    userName: mailUser,
    password: mailPassword,
    imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
    smtp: { host: dovecot.host, port: smtpPort, security: 'none' },
  };
}

/** The one mailbox of the workspace, or null when the connect never got stored. */
export async function theMailbox(engine: EngineProcess): Promise<MailboxSummary | null> {
  const page = await engine.call<{ items: MailboxSummary[] }>('mailboxes:list', { limit: 10 });
  return page.items[0] ?? null;
}

/** Resolves once the engine has pushed `count` statuses `accepts` takes (counting from its start), or `stopWhen` one. */
export async function waitForStatuses(
  engine: EngineProcess,
  accepts: (status: MailboxStatus) => boolean,
  count: number,
  stopWhen: (status: MailboxStatus) => boolean,
  timeoutMs: number,
): Promise<{ seen: number; stoppedEarly: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  let index = 0;
  for (;;) {
    const events = engine.client.events;
    for (; index < events.length; index++) {
      const event = events[index]!;
      if (event.name !== 'mailbox:status') continue;
      const status = event.payload.status;
      if (accepts(status)) seen++;
      if (seen >= count) return { seen, stoppedEarly: false };
      if (stopWhen(status)) return { seen, stoppedEarly: true };
    }
    if (Date.now() > deadline) throw new Error(`no ${count} matching mailbox statuses within ${timeoutMs} ms (saw ${seen})`);
    await sleep(2);
  }
}

/** The Message-ID of a raw message, without angle brackets. */
export function messageIdOf(raw: Buffer | string): string | null {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const head = text.split(/\r?\n\r?\n/, 1)[0]!;
  const match = /^message-id:\s*<([^>]+)>/im.exec(head);
  return match === null ? null : match[1]!;
}
