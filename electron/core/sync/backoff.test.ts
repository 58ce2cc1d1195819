import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

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
