import { describe, expect, it } from 'vitest';
import { chunk, sortedUids, toSequenceSet } from './sequence-set.js';

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
});
