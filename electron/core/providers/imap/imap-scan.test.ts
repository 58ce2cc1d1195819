import { describe, expect, it } from 'vitest';
import { missingRanges } from './imap-scan.js';

describe('UIDs gone from a folder (issue 7)', () => {
  it('are the gaps at or below the cursor, as inclusive ranges', () => {
    expect(missingRanges([], 0)).toEqual([]);
    expect(missingRanges([], 5)).toEqual([[1, 5]]);
    expect(missingRanges([1, 2, 3], 3)).toEqual([]);
    expect(missingRanges([2, 3, 7], 9)).toEqual([[1, 1], [4, 6], [8, 9]]);
  });
});
