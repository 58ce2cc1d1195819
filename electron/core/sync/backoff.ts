/** Exponential backoff with a cap (issue 7): how long the live loop waits before it connects again. */
export interface BackoffPolicy {
  /** The first delay. */
  baseMs: number;
  /** No delay is longer. */
  capMs: number;
}

/**
 * The delay after `failures` failures in a row (0 for the first): base × 2^failures, capped,
 * with "equal jitter" — a random half on top of a fixed half — so that many Hirebox
 * installations behind one network that came back do not all reconnect in the same
 * second, yet no attempt follows its predecessor immediately.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(failures)), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/**
 * Longest wait a server can ask for (Retry-After) that is honoured as asked; a longer one
 * is cut to this. Beyond about 24.8 days a timer would fire at once (its delay overflows
 * 2^31 ms), and the user can always try sooner ("sync now").
 */
export const maxRetryAfterMs = 24 * 60 * 60_000;

/**
 * How long to wait before the next attempt: as long as the server asked (`retryAfterMs`,
 * from Retry-After or the IMAP server's throttle), but never less than the policy's first
 * delay; without such a request, the jittered backoff after `failures` failures in a row.
 */
export function retryDelay(policy: BackoffPolicy, failures: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return backoffDelay(policy, failures, random);
  return Math.min(maxRetryAfterMs, Math.max(policy.baseMs, Math.ceil(retryAfterMs)));
}

/** Waits `ms`; ends early (without throwing) when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', end);
      resolve();
    };
    const timer = setTimeout(end, ms);
    signal.addEventListener('abort', end, { once: true });
  });
}
