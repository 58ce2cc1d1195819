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
