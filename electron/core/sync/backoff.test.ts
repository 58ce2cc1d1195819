import { describe, expect, it } from 'vitest';
import { backoffDelay, maxRetryAfterMs, retryDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };

  it('doubles with every failure, between half and all of the step', () => {
    expect(backoffDelay(policy, 0, () => 0)).toBe(500);
    expect(backoffDelay(policy, 0, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 3, () => 0)).toBe(4_000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(8_000);
  });

  it('never waits longer than the cap, however many failures', () => {
    for (const failures of [6, 7, 50, 10_000]) expect(backoffDelay(policy, failures, () => 1)).toBe(60_000);
  });

  it('spreads attempts of many clients over the step (jitter)', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((value) => backoffDelay(policy, 2, () => value)));
    expect(delays.size).toBe(4);
  });
});

describe('retryDelay', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };

  it('waits as long as the server asked, not the shorter backoff', () => {
    expect(retryDelay(policy, 0, 45_000, () => 0)).toBe(45_000);
    // Longer than the backoff's cap, too: the server said so.
    expect(retryDelay(policy, 0, 120_000, () => 0)).toBe(120_000);
  });

  it('never retries at once, nor overflows a timer, whatever the server asked', () => {
    expect(retryDelay(policy, 0, 0, () => 0)).toBe(1_000);
    expect(retryDelay(policy, 0, 90 * 24 * 3_600_000, () => 0)).toBe(maxRetryAfterMs);
  });

  it('backs off as usual when the server did not say how long', () => {
    expect(retryDelay(policy, 3, undefined, () => 1)).toBe(8_000);
  });
});
