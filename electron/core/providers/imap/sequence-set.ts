/**
 * UID lists as IMAP sequence sets (RFC 9051 §9, `sequence-set`): runs of consecutive UIDs
 * become `a:b`, so a page of 200 UIDs of a busy folder is a short `1201:1400`, not 200
 * numbers.
 */

/** Ascending, distinct, positive integers only. */
export function sortedUids(uids: Iterable<number>): number[] {
  return [...new Set(uids)].filter((uid) => Number.isInteger(uid) && uid > 0).sort((left, right) => left - right);
}

/** A compact sequence set for ascending, distinct UIDs (`[1, 2, 3, 7]` → `1:3,7`); empty for none. */
export function toSequenceSet(ascendingUids: readonly number[]): string {
  const parts: string[] = [];
  let runStart: number | undefined;
  let previous: number | undefined;
  for (const uid of ascendingUids) {
    if (runStart !== undefined && previous !== undefined && uid === previous + 1) {
      previous = uid;
      continue;
    }
    if (runStart !== undefined && previous !== undefined) parts.push(runStart === previous ? String(runStart) : `${runStart}:${previous}`);
    runStart = uid;
    previous = uid;
  }
  if (runStart !== undefined && previous !== undefined) parts.push(runStart === previous ? String(runStart) : `${runStart}:${previous}`);
  return parts.join(',');
}

/** Consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/**
 * A set of UIDs kept as ascending, disjoint ranges (issue 22: a scan of 100,000 messages
 * holds a handful of ranges, not an array of 100,000 numbers). Built from any order.
 */
export class UidRanges {
  /** Ascending, disjoint, non-adjacent `[first, last]` ranges. */
  readonly ranges: readonly (readonly [number, number])[];
  /** How many UIDs the set holds. */
  readonly count: number;

  private constructor(ranges: readonly (readonly [number, number])[]) {
    this.ranges = ranges;
    this.count = ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  }

  static readonly empty = new UidRanges([]);

  /** The positive whole numbers of `uids`, in any order, with repeats. */
  static of(uids: Iterable<number>): UidRanges {
    const sorted = sortedUids(uids);
    const ranges: [number, number][] = [];
    for (const uid of sorted) {
      const last = ranges.at(-1);
      if (last !== undefined && uid === last[1] + 1) last[1] = uid;
      else ranges.push([uid, uid]);
    }
    return new UidRanges(ranges);
  }

  /** The highest UID, or undefined for an empty set. */
  last(): number | undefined {
    return this.ranges.at(-1)?.[1];
  }

  /** The UIDs above `uid`. */
  above(uid: number): UidRanges {
    const kept: [number, number][] = [];
    for (const [first, last] of this.ranges) {
      if (last <= uid) continue;
      kept.push([Math.max(first, uid + 1), last]);
    }
    return new UidRanges(kept);
  }

  has(uid: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [first, last] = this.ranges[middle]!;
      if (uid < first) high = middle - 1;
      else if (uid > last) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** `1:3,7` for {1, 2, 3, 7}; empty for none. */
  toSequenceSet(): string {
    return this.ranges.map(([first, last]) => (first === last ? String(first) : `${first}:${last}`)).join(',');
  }
}
