import type { MailboxStatus } from '../../shared/status.js';
import type { ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';
import { value } from './engine.js';
import { waitUntil } from './wait-until.js';

/** Short timings for live-sync tests (issue 7): a dead connection is found in seconds, not minutes. */
export const fastLiveSync = {
  live: true,
  checkIntervalMs: 1_500,
  backoffBaseMs: 200,
  backoffCapMs: 1_000,
  timeoutMs: 3_000,
  livenessTimeoutMs: 1_500,
  pollIntervalMs: 300,
} as const;

/** Every `mailbox:status` the owner was pushed, in order, and a way to wait for one. */
export interface StatusLog {
  readonly states: MailboxStatus['state'][];
  /** The statuses themselves, in the same order. */
  readonly statuses: readonly MailboxStatus[];
  /** Resolves with the index of the first status from `from` on that `accepts`; fails after `timeoutMs`. */
  waitFor(accepts: (status: MailboxStatus) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<number>;
  /** Stops recording. */
  stop(): void;
}

export function recordStatuses(engine: Engine, mailboxId?: () => string): StatusLog {
  const statuses: MailboxStatus[] = [];
  const states: MailboxStatus['state'][] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = engine.subscribe(installationOwner, (event) => {
    if (event.name !== 'mailbox:status') return;
    if (mailboxId !== undefined && event.payload.mailboxId !== mailboxId()) return;
    statuses.push(event.payload.status);
    states.push(event.payload.status.state);
    for (const wake of waiters) wake();
  });
  return {
    states,
    statuses,
    waitFor(accepts, { from = 0, timeoutMs = 30_000 } = {}) {
      const find = () => {
        const index = statuses.findIndex((status, at) => at >= from && accepts(status));
        return index < 0 ? undefined : index;
      };
      return waitUntil(waiters, find, timeoutMs, () => `no matching status within ${timeoutMs} ms; seen: ${states.slice(from).join(' → ')}`);
    },
    stop: unsubscribe,
  };
}

/** Waits until the owner's inbox holds a thread with this subject (pushed `inbox:changed` wakes it). */
export async function waitForThread(engine: Engine, subject: string, timeoutMs = 30_000): Promise<ThreadSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const threads = value(await engine.call(installationOwner, 'inbox:list', { limit: 100 })).items;
    const found = threads.find((thread) => thread.subject === subject);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no thread "${subject}" within ${timeoutMs} ms; have: ${threads.map((thread) => thread.subject).join(', ')}`);
    await new Promise<void>((resolve) => {
      const unsubscribe = engine.subscribe(installationOwner, (event) => {
        if (event.name === 'inbox:changed') done();
      });
      const timer = setTimeout(done, 250);
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }
}
