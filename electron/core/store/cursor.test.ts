import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { checkLimit, decodeCursor, encodeCursor, toPage } from './cursor.js';

function invalidField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid-input') return error.field;
    throw error;
  }
  throw new Error('expected invalid-input');
}

describe('cursors', () => {
  it('round-trip a sort key, including text that needs escaping', () => {
    const cursor = encodeCursor('users', ['Zoë "Z" O\'Neil', 'id-1']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('users', cursor, ['string', 'string'] as const)).toEqual(['Zoë "Z" O\'Neil', 'id-1']);
    expect(decodeCursor('threads', encodeCursor('threads', [2 ** 52]), ['number'] as const)).toEqual([2 ** 52]);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of no JSON', Buffer.from('hello').toString('base64url')],
    ['JSON that is no array', Buffer.from('{"a":1}').toString('base64url')],
    ['a cursor of another list', encodeCursor('jobs', ['a', 'b'])],
    ['a key of the wrong length', encodeCursor('users', ['a'])],
    ['a key of the wrong type', encodeCursor('users', ['a', 1])],
  ])('reject %s with invalid-input on the field cursor', (_case, cursor) => {
    expect(invalidField(() => decodeCursor('users', cursor, ['string', 'string'] as const))).toBe('cursor');
  });

  it('reject a number key that is not a safe integer', () => {
    expect(invalidField(() => decodeCursor('threads', encodeCursor('threads', [1.5]), ['number'] as const))).toBe('cursor');
  });
});

describe('pages', () => {
  it('cut at the limit and point after the last row returned', () => {
    const page = toPage([1, 2, 3], 2, 'n', (row) => [row], (row) => row * 10);
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor('n', page.nextCursor!, ['number'] as const)).toEqual([2]);
    expect(toPage([1, 2], 2, 'n', (row) => [row], (row) => row).nextCursor).toBeNull();
  });

  it('refuse a limit that is not a positive whole number', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(invalidField(() => checkLimit(limit))).toBe('limit');
  });
});
