import type { Page } from '../../../shared/paging.js';
import { AppError } from '../errors.js';

/**
 * Key-set paging. A cursor is the base64url JSON of `[list, ...sortKeyOfLastRow]`; the
 * list name stops a cursor of one list from being replayed against another. Clients treat
 * it as opaque.
 */

type KeyPart = 'string' | 'number';
type KeyValues<Shape extends readonly KeyPart[]> = { [I in keyof Shape]: Shape[I] extends 'string' ? string : number };

const base64url = /^[A-Za-z0-9_-]+$/;

/** The cursor that resumes `list` after the row whose sort key is `key`. */
export function encodeCursor(list: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/**
 * The sort key inside `cursor`, checked against `list` and `shape`.
 * @throws AppError `invalid-input` (field `cursor`) for anything else.
 */
export function decodeCursor<const Shape extends readonly KeyPart[]>(
  list: string,
  cursor: string,
  shape: Shape,
): KeyValues<Shape> {
  const invalid = () =>
    new AppError('invalid-input', 'This page cursor is not valid here; load the list from its first page.', {
      field: 'cursor',
    });
  if (!base64url.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== list) throw invalid();
  const key = parsed.slice(1);
  shape.forEach((part, index) => {
    const value: unknown = key[index];
    const fits = part === 'string' ? typeof value === 'string' : Number.isSafeInteger(value);
    if (!fits) throw invalid();
  });
  return key as KeyValues<Shape>;
}

/** The limit as given, or `invalid-input` (field `limit`) when it is not a positive integer. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new AppError('invalid-input', 'The page size must be a positive whole number.', { field: 'limit' });
  }
  return limit;
}

/**
 * A page from rows fetched with `LIMIT limit + 1`: the extra row only says that more
 * follow, and the cursor points after the last row returned.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  list: string,
  sortKey: (row: Row) => readonly (string | number)[],
  toItem: (row: Row) => Item,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(list, sortKey(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}
