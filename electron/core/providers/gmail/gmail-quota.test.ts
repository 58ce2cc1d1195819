import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { GmailQuota, gmailBackoffMs, gmailMethodUnits, underQuota, type GmailClock, type GmailRetryPolicy } from './gmail-quota.js';

/** Virtual time: every sleep moves the clock on at once and is written down. */
function fakeClock(): GmailClock & { sleeps: number[]; at: number } {
  const clock = {
    at: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

const rateLimited = (retryAfterMs?: number) => new AppError('rate-limited', 'Gmail asks Hirebox to slow down.', { retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const policy: GmailRetryPolicy = { retries: 3, backoff: { baseMs: 1_000, capMs: 32_000 }, maxInlineWaitMs: 60_000 };

describe('the Gmail quota budget', () => {
  it('costs each method what Google lists', () => {
    expect(gmailMethodUnits).toMatchObject({ 'users.messages.list': 5, 'users.messages.get': 5, 'users.history.list': 2, 'users.messages.send': 100, 'users.labels.list': 1, 'users.getProfile': 1 });
  });

  it('spends a minute of units at once, then waits for the refill: 15,000 units a minute at most', async () => {
    const clock = fakeClock();
    const quota = new GmailQuota({ clock });
    const start = clock.now();
    // 3,000 metadata gets at 5 units each: one minute's budget, no wait.
    for (let index = 0; index < 3_000; index++) (await quota.take('users.messages.get'))();
    expect(clock.now()).toBe(start);
    // The next 3,000 take another minute: the bucket refills 250 units a second.
    for (let index = 0; index < 3_000; index++) (await quota.take('users.messages.get'))();
    expect(clock.now() - start).toBeGreaterThanOrEqual(59_990);
    expect(clock.now() - start).toBeLessThanOrEqual(60_100);
    expect(quota.spent).toBe(30_000);
  });

  it('holds requests beyond the bound until one in flight ends', async () => {
    const quota = new GmailQuota({ maxInFlight: 2, clock: fakeClock() });
    const first = await quota.take('users.messages.get');
    const second = await quota.take('users.messages.get');
    let third = false;
    const waiting = quota.take('users.messages.get').then((release) => {
      third = true;
      return release;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    first();
    (await waiting)();
    expect(third).toBe(true);
    second();
  });

  it('lets an aborted wait go without taking a slot', async () => {
    const quota = new GmailQuota({ maxInFlight: 1, clock: fakeClock() });
    const held = await quota.take('users.messages.get');
    const abort = new AbortController();
    const waiting = quota.take('users.messages.get', abort.signal);
    abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    held();
    // The slot is free again.
    (await quota.take('users.messages.get'))();
  });
});

describe('a call under the quota', () => {
  it('waits as long as Retry-After asked, for every request of the user, and then succeeds', async () => {
    const clock = fakeClock();
    const quota = new GmailQuota({ clock });
    let calls = 0;
    const answer = await underQuota(quota, 'users.messages.list', async () => {
      calls += 1;
      if (calls === 1) throw rateLimited(7_000);
      return 'page';
    }, { policy, clock, random: () => 0 });
    expect(answer).toBe('page');
    expect(clock.sleeps).toEqual([7_000]);
    // The cool-down is for the user, not just the call: a parallel request waited too.
    quota.coolDown(clock.now() + 2_000);
    (await quota.take('users.getProfile'))();
    expect(clock.sleeps).toEqual([7_000, 2_000]);
  });

  it('backs off exponentially with jitter without Retry-After, and reports the wait when it persists', async () => {
    const clock = fakeClock();
    const failure = await underQuota(new GmailQuota({ clock }), 'users.messages.get', async () => Promise.reject(rateLimited()), { policy, clock, random: () => 0.5 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'rate-limited' });
    // 1 s, 2 s, 4 s, each plus half a second of jitter; then the seam's error says to wait 8.5 s.
    expect(clock.sleeps).toEqual([1_500, 2_500, 4_500]);
    expect((failure as AppError).retryAfterMs).toBe(8_500);
  });

  it('hands a long Retry-After to the scheduler instead of holding the call', async () => {
    const clock = fakeClock();
    const failure = await underQuota(new GmailQuota({ clock }), 'users.history.list', async () => Promise.reject(rateLimited(300_000)), { policy, clock }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'rate-limited', retryAfterMs: 300_000 });
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a passing server failure only where asked (reads), never other errors', async () => {
    const clock = fakeClock();
    const unavailable = new AppError('network', 'Gmail is temporarily unavailable.', { retryable: true, connection: { kind: 'server-unreachable', cause: 'unavailable' } });
    let reads = 0;
    await underQuota(new GmailQuota({ clock }), 'users.messages.get', async () => {
      reads += 1;
      if (reads < 3) throw unavailable;
    }, { policy, clock, retryServerErrors: true, random: () => 0 });
    expect(reads).toBe(3);
    let sends = 0;
    await expect(underQuota(new GmailQuota({ clock }), 'users.messages.send', async () => {
      sends += 1;
      throw unavailable;
    }, { policy, clock })).rejects.toBe(unavailable);
    expect(sends).toBe(1);
    let unreachable = 0;
    const down = new AppError('network', 'Cannot reach Gmail.', { retryable: true, connection: { kind: 'server-unreachable', cause: 'refused' } });
    await expect(underQuota(new GmailQuota({ clock }), 'users.messages.get', async () => {
      unreachable += 1;
      throw down;
    }, { policy, clock, retryServerErrors: true })).rejects.toBe(down);
    expect(unreachable).toBe(1);
    let refused = 0;
    const forbidden = new AppError('auth-required', 'Gmail refused access.');
    await expect(underQuota(new GmailQuota({ clock }), 'users.messages.get', async () => {
      refused += 1;
      throw forbidden;
    }, { policy, clock, retryServerErrors: true })).rejects.toBe(forbidden);
    expect(refused).toBe(1);
  });

  it('never backs off longer than the cap', () => {
    expect(gmailBackoffMs(policy.backoff, 20, () => 1)).toBe(32_000);
    expect(gmailBackoffMs(policy.backoff, 0, () => 0)).toBe(1_000);
  });
});
