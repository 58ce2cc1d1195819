import { describe, expect, it } from 'vitest';
import { chunk, sortedUids, toSequenceSet, UidRanges } from './sequence-set.js';

describe('UID sequence sets', () => {
  it('compacts runs', () => {
    expect(toSequenceSet([])).toBe('');
    expect(toSequenceSet([5])).toBe('5');
    expect(toSequenceSet([1, 2, 3, 7, 9, 10])).toBe('1:3,7,9:10');
  });

  it('sorts, de-duplicates and drops non-UIDs', () => {
    expect(sortedUids([9, 3, 3, 0, -1, 2.5, 4])).toEqual([3, 4, 9]);
  });

  it('cuts pages', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('keeps a big folder\'s UIDs as ranges: count, last, above, membership, sequence set', () => {
    const all = UidRanges.of([7, 3, 1, 2, 3, 9, 10, 0, 2.5]);
    expect(all.ranges).toEqual([[1, 3], [7, 7], [9, 10]]);
    expect(all.count).toBe(6);
    expect(all.last()).toBe(10);
    expect(all.toSequenceSet()).toBe('1:3,7,9:10');
    expect(all.above(2).toSequenceSet()).toBe('3,7,9:10');
    expect(all.above(10).count).toBe(0);
    expect([0, 1, 3, 4, 7, 8, 10, 11].map((uid) => all.has(uid))).toEqual([false, true, true, false, true, false, true, false]);
    const big = UidRanges.of(Array.from({ length: 100_000 }, (_, index) => index + 1));
    expect(big.ranges).toEqual([[1, 100_000]]);
    expect(UidRanges.empty.last()).toBeUndefined();
  });
});
