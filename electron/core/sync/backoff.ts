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
