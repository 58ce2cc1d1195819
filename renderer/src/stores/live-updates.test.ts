import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './live-updates.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('coalesce', () => {
  it('turns a burst of pushes into one run after the interval', () => {
    const task = vi.fn();
    const run = coalesce(task, 300);
    run();
    run();
    run();
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(task).toHaveBeenCalledTimes(1);
    run();
    vi.advanceTimersByTime(300);
    expect(task).toHaveBeenCalledTimes(2);
  });
});
