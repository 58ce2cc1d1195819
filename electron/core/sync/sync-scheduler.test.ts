import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { MailboxStatus } from '../../../shared/status.js';
import { EventBus } from '../events/event-bus.js';
import { AppError } from '../errors.js';
import { silentLogger } from '../log/file-logger.js';
import type { HeaderPage, MailProvider, ScanStart } from '../providers/mail-provider.js';
import type { MailboxOpener } from '../providers/provider-factory.js';
import { ownAddressBookOf } from '../domain/address-guard.js';
import { openTempStore, seedUser, type TempStore } from '../store/test-support.js';
import { SyncScheduler } from './sync-scheduler.js';

// How the live loop and backfills wait after a failure, with a provider that fails as told
// and a fake clock: what the user sees in the status line, and when the server is asked again.

let subject: TempStore;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-04T10:00:00.000Z') });
  subject = openTempStore();
});
afterEach(() => {
  vi.useRealTimers();
  subject.dispose();
});

/** A provider whose scans fail with `failures` in turn, then find nothing new. */
function failingProvider(failures: AppError[], scans: ScanStart['kind'][], kind: MailProvider['kind'] = 'imap'): MailProvider {
  return {
    kind,
    sentCopy: 'client',
    send: () => Promise.reject(new Error('sync never sends')),
    listFolders: async () => [],
    async *scanHeaders(_folder, start): AsyncIterable<HeaderPage> {
      scans.push(start.kind);
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      yield { headers: [], cursor: 'end', total: 0, scanned: 0 };
    },
    fetchSource: async () => Buffer.alloc(0),
    peekBody: async () => Buffer.alloc(0),
    findByMessageId: async () => null,
    append: async () => {
      throw new Error('sync never files mail');
    },
    // A quiet INBOX: the loop rests until the test ends.
    waitForChange: (_folder, _since, _maxWaitMs, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve('quiet'), { once: true })),
    close: async () => {},
  };
}

function scheduler(provider: MailProvider, live: boolean) {
  const { store } = subject;
  const owner = seedUser(store, 'admin');
  const mailboxId = randomUUID();
  store.mailboxes.create({
    id: mailboxId,
    address: 'olivia@acme.com',
    displayName: 'Olivia',
    provider: 'imap',
    kind: 'personal',
    ownerUserId: owner.id,
    createdAt: new Date().toISOString(),
    connection: { provider: 'imap', userName: 'olivia', imap: { host: 'imap.acme.com', port: 993, security: 'tls' }, smtp: { host: 'smtp.acme.com', port: 465, security: 'tls' } },
    credentials: Buffer.from('sealed'),
  });
  store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
  const opener: MailboxOpener = { open: async () => provider };
  const events = new EventBus();
  const statuses: MailboxStatus[] = [];
  events.subscribe((event) => {
    if (event.name === 'mailbox:status') statuses.push(event.payload.status);
  });
  const sync = new SyncScheduler({
    store,
    opener,
    guard: { ownAddresses: () => ownAddressBookOf([], []) },
    events,
    dataFolder: subject.folder,
    logger: silentLogger,
    live: { live, backoffBaseMs: 200, backoffCapMs: 1_000, checkIntervalMs: 60_000 },
    random: () => 0,
  });
  return { sync, mailboxId, statuses };
}

const rateLimited = (retryAfterMs?: number) => new AppError('rate-limited', 'Too many requests.', { retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('the live loop after a failure', () => {
  it('waits as long as Retry-After says, and shows until when', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync, mailboxId, statuses } = scheduler(failingProvider([rateLimited(120_000)], scans), true);
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ state: 'rate-limited', retryAt: '2025-03-04T10:02:00.000Z' });
    // The backoff (200 ms) is long over; the server asked for two minutes.
    await vi.advanceTimersByTimeAsync(119_000);
    expect(scans).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(scans).toHaveLength(2);
    expect(statuses.at(-1)).toEqual({ state: 'up-to-date' });
    expect(subject.store.mailboxes.get(mailboxId)?.status).toEqual({ state: 'up-to-date' });
    await stop(sync);
  });

  it('tries an expired sign-in again by itself instead of waiting for the user', async () => {
    const scans: ScanStart['kind'][] = [];
    const expired = new AppError('auth-expired', 'The access token expired.', { retryable: true });
    const { sync, statuses } = scheduler(failingProvider([expired], scans), true);
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'error', code: 'auth-expired', retryAt: '2025-03-04T10:00:00.100Z' });
    await vi.advanceTimersByTimeAsync(500);
    expect(scans).toHaveLength(2);
    expect(statuses.at(-1)).toEqual({ state: 'up-to-date' });
    await stop(sync);
  });

  it('still waits for the user after a refused password', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync, statuses } = scheduler(failingProvider([new AppError('auth-required', 'Refused.')], scans), true);
    sync.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(scans).toHaveLength(1);
    expect(statuses.at(-1)).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    await stop(sync);
  });
});

describe('the window gaining focus', () => {
  it('checks a mailbox that polls (Gmail) at once, not at its next poll', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync, statuses } = scheduler(failingProvider([], scans, 'gmail'), true);
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(scans).toEqual(['initial-window']);
    sync.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(scans).toEqual(['initial-window', 'cursor']);
    expect(statuses.at(-1)).toEqual({ state: 'up-to-date' });
    // And it watches again afterwards: a second focus checks once more.
    sync.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(scans).toEqual(['initial-window', 'cursor', 'cursor']);
    await stop(sync);
  });

  it('leaves IMAP on IDLE (the server pushes) and a backoff the server asked for', async () => {
    const imapScans: ScanStart['kind'][] = [];
    const imap = scheduler(failingProvider([], imapScans), true);
    imap.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    imap.sync.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(imapScans).toEqual(['initial-window']);
    await stop(imap.sync);
  });

  it('does not cut short a wait the server asked for', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync } = scheduler(failingProvider([rateLimited(60_000)], scans, 'gmail'), true);
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    sync.checkNow();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scans).toHaveLength(1);
    await stop(sync);
  });
});

describe('a backfill the server slows down', () => {
  it('waits out Retry-After and finishes instead of failing', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync, mailboxId, statuses } = scheduler(failingProvider([rateLimited(30_000)], scans), false);
    let finished = false;
    const done = sync.backfill(mailboxId, { kind: 'since', since: new Date('2025-01-01') });
    void done.then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ state: 'rate-limited', retryAt: '2025-03-04T10:00:30.000Z' });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(finished).toBe(false);
    expect(scans).toEqual(['since']);
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(done).resolves.toMatchObject({ cancelled: false });
    expect(scans).toEqual(['since', 'since']);
    expect(statuses.at(-1)).toEqual({ state: 'up-to-date' });
  });

  it('gives up after a bounded number of waits and says why', async () => {
    const scans: ScanStart['kind'][] = [];
    const { sync, mailboxId, statuses } = scheduler(failingProvider(Array.from({ length: 20 }, () => rateLimited(1_000)), scans), false);
    const done = sync.backfill(mailboxId, { kind: 'since', since: new Date('2025-01-01') });
    const outcome = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toMatchObject({ code: 'rate-limited' });
    expect(scans.length).toBe(6);
    expect(statuses.at(-1)).toMatchObject({ state: 'rate-limited' });
  });
});

async function stop(sync: SyncScheduler): Promise<void> {
  const stopped = sync.stop();
  await vi.advanceTimersByTimeAsync(0);
  await stopped;
}
