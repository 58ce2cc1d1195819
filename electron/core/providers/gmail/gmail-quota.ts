import { AppError } from '../../errors.js';

/**
 * The Gmail API's per-user quota, kept on our side so that Hirebox slows itself down
 * before Google has to (docs/providers.md "Gmail quota"). Google meters every method in
 * quota units and allows 15,000 units per user per minute
 * (https://developers.google.com/gmail/api/reference/quota); a batch request costs the sum
 * of the calls in it. The budget is a token bucket that holds one minute's units and
 * refills continuously; on top, a bounded number of requests is in flight per mailbox.
 */

/** Units per call, as https://developers.google.com/gmail/api/reference/quota lists them. */
export const gmailMethodUnits = {
  'users.getProfile': 1,
  'users.labels.list': 1,
  'users.history.list': 2,
  'users.messages.list': 5,
  'users.messages.get': 5,
  'users.messages.attachments.get': 5,
  'users.threads.get': 10,
  'users.threads.list': 10,
  'users.messages.send': 100,
  'users.drafts.send': 100,
} as const;

export type GmailMethod = keyof typeof gmailMethodUnits;

/** Google's per-user limit: 15,000 units per user per minute. */
export const gmailUnitsPerUserMinute = 15_000;

export interface GmailClock {
  now(): number;
  /** Waits `ms`; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: GmailClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface GmailQuotaOptions {
  /** Default `gmailUnitsPerUserMinute`. */
  unitsPerMinute?: number;
  /** Requests in flight at once; default 8. */
  maxInFlight?: number;
  clock?: GmailClock;
}

/**
 * One Google user's budget: `take(method)` resolves once the call may go out (units
 * available, a slot free, no cool-down from a rate-limit answer), and answers the function
 * that gives the slot back. Shared by every provider of the same address.
 */
export class GmailQuota {
  readonly unitsPerMinute: number;
  readonly maxInFlight: number;
  readonly #clock: GmailClock;
  #units: number;
  #refilledAt: number;
  #inFlight = 0;
  #coolDownUntil = 0;
  readonly #queue: (() => void)[] = [];
  /** Units spent so far (what the bench reports per 1,000 messages). */
  spent = 0;

  constructor(options: GmailQuotaOptions = {}) {
    this.unitsPerMinute = Math.max(1, options.unitsPerMinute ?? gmailUnitsPerUserMinute);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 8);
    this.#clock = options.clock ?? systemClock;
    this.#units = this.unitsPerMinute;
    this.#refilledAt = this.#clock.now();
  }

  /** Waits for a slot and `units` of budget, then answers the release of the slot. */
  async take(method: GmailMethod, signal?: AbortSignal): Promise<() => void> {
    await this.#slot(signal);
    try {
      await this.#budget(gmailMethodUnits[method], signal);
    } catch (error) {
      this.#release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  /** Google asked to slow down: nothing of this user goes out before `until` (ms since epoch). */
  coolDown(until: number): void {
    this.#coolDownUntil = Math.max(this.#coolDownUntil, until);
  }

  /** Units available now (after refill). */
  available(): number {
    this.#refill();
    return this.#units;
  }

  async #slot(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#inFlight < this.maxInFlight) {
      this.#inFlight += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#queue.indexOf(grant);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      this.#queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#queue.shift();
    // The slot passes straight to the next waiter; otherwise it is free.
    if (next !== undefined) next();
    else this.#inFlight -= 1;
  }

  async #budget(units: number, signal?: AbortSignal): Promise<void> {
    const cost = Math.min(units, this.unitsPerMinute);
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now < this.#coolDownUntil) {
        await this.#clock.sleep(this.#coolDownUntil - now, signal);
        continue;
      }
      this.#refill();
      if (this.#units >= cost) {
        this.#units -= cost;
        this.spent += units;
        return;
      }
      const perMs = this.unitsPerMinute / 60_000;
      await this.#clock.sleep(Math.ceil((cost - this.#units) / perMs), signal);
    }
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#refilledAt);
    this.#units = Math.min(this.unitsPerMinute, this.#units + (elapsed * this.unitsPerMinute) / 60_000);
    this.#refilledAt = now;
  }
}

const quotas = new Map<string, GmailQuota>();

/** The budget of one Google user, shared by every provider (live loop, backfill, search) of that address. */
export function quotaOf(address: string, options: GmailQuotaOptions = {}): GmailQuota {
  const key = address.trim().toLowerCase();
  let quota = quotas.get(key);
  if (quota === undefined) {
    quota = new GmailQuota(options);
    quotas.set(key, quota);
  }
  return quota;
}

/** How an answer that asks to slow down (or a passing server failure) is retried in place. */
export interface GmailRetryPolicy {
  /** Tries after the first; default 4. */
  retries: number;
  /** Google's recommendation: 1 s, 2 s, 4 s, ... plus up to 1 s of random jitter, capped (default 32 s). */
  backoff: { baseMs: number; capMs: number };
  /** A Retry-After longer than this is not waited out in the call: the seam's `rate-limited` error carries it. Default 60 s. */
  maxInlineWaitMs: number;
}

export const defaultGmailRetry: GmailRetryPolicy = { retries: 4, backoff: { baseMs: 1_000, capMs: 32_000 }, maxInlineWaitMs: 60_000 };

/**
 * Runs `attempt` under the quota; a `rate-limited` answer (429, or 403 `rateLimitExceeded`
 * / `userRateLimitExceeded`) cools the whole user down for its Retry-After (or an
 * exponential backoff with jitter) and tries again; with `retryServerErrors`, so does a
 * 5xx or a connection lost mid-answer (idempotent reads only — never a send). When it persists, the
 * last error is thrown, a rate limit with the wait Google asked for (`retryAfterMs`).
 */
export async function underQuota<T>(
  quota: GmailQuota,
  method: GmailMethod,
  attempt: () => Promise<T>,
  options: { signal?: AbortSignal | undefined; policy?: GmailRetryPolicy; retryServerErrors?: boolean; random?: () => number; clock?: GmailClock },
): Promise<T> {
  const policy = options.policy ?? defaultGmailRetry;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let failures = 0; ; failures += 1) {
    const release = await quota.take(method, options.signal);
    let failure: AppError;
    try {
      return await attempt();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (!(error instanceof AppError)) throw error;
      failure = error;
    } finally {
      release();
    }
    const rateLimited = failure.code === 'rate-limited';
    // A 5xx or a connection cut mid-answer passes; a server that cannot be reached at all
    // (refused, no network, a timeout) is the scheduler's to report and retry.
    const cause = failure.connection?.kind === 'server-unreachable' ? failure.connection.cause : null;
    const passing = options.retryServerErrors === true && failure.code === 'network' && (cause === 'unavailable' || cause === 'connection-lost');
    if (!(rateLimited || passing) || failures >= policy.retries) throw withRetryAfter(failure, policy, failures, random);
    const asked = failure.retryAfterMs;
    if (asked !== undefined && asked > policy.maxInlineWaitMs) throw failure;
    const waitMs = asked ?? gmailBackoffMs(policy.backoff, failures, random);
    if (rateLimited) quota.coolDown(clock.now() + waitMs);
    await clock.sleep(waitMs, options.signal);
  }
}

/**
 * Truncated exponential backoff as Google recommends for its APIs
 * (https://developers.google.com/gmail/api/guides/handle-errors#exponential-backoff):
 * base × 2^failures plus up to one base of random milliseconds, never more than the cap.
 */
export function gmailBackoffMs(backoff: GmailRetryPolicy['backoff'], failures: number, random: () => number): number {
  const exponent = Math.min(Math.max(0, failures), 30);
  return Math.round(Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent + backoff.baseMs * Math.min(1, Math.max(0, random()))));
}

/** A rate limit that persisted without Retry-After still tells the scheduler how long to wait. */
function withRetryAfter(error: AppError, policy: GmailRetryPolicy, failures: number, random: () => number): AppError {
  if (error.code !== 'rate-limited' || error.retryAfterMs !== undefined) return error;
  return new AppError('rate-limited', error.message, { retryable: true, retryAfterMs: gmailBackoffMs(policy.backoff, failures, random), cause: error });
}
