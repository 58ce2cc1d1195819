import { describe, expect, it } from 'vitest';
import type { OutboxItemView } from '../../../shared/model.js';
import type { OutboxState } from '../../../shared/status.js';
import { mayCancel, needsAttention, parseAddresses, parseRecipients } from './outbox-store.js';

function item(state: OutboxState): OutboxItemView {
  return { id: 'i', mailboxId: 'm', candidateId: 'c', threadId: null, messageId: 'x@y', subject: 's', to: ['a@b.c'], state, attempts: 0, createdAt: '', updatedAt: '', sendAfter: null, waiting: null };
}

describe('composer address fields', () => {
  it('split on commas, semicolons and new lines and keep the address of "Name <address>"', () => {
    expect(parseAddresses('Anna Adler <anna@example.org>, ben@example.org; \n  carla@example.org ,,')).toEqual(['anna@example.org', 'ben@example.org', 'carla@example.org']);
  });
  it('pass on what is not an address as typed, so the engine names it', () => {
    expect(parseAddresses('anna-at-example')).toEqual(['anna-at-example']);
    expect(parseAddresses('  ')).toEqual([]);
  });
  it('keep display names for the headers, a comma inside a quoted name included', () => {
    expect(parseRecipients('"Apfel, Anna" <anna@example.org>; Ben Brandt <ben@example.org>, carla@example.org')).toEqual([
      '"Apfel, Anna" <anna@example.org>',
      'Ben Brandt <ben@example.org>',
      'carla@example.org',
    ]);
    expect(parseAddresses('"Apfel, Anna" <anna@example.org>')).toEqual(['anna@example.org']);
  });
});

describe('outbox states in the UI', () => {
  it('count as needing attention only what did not go or may not have gone', () => {
    expect(needsAttention(item({ state: 'failed-permanent', reason: 'r' }))).toBe(true);
    expect(needsAttention(item({ state: 'outcome-unknown', since: '' }))).toBe(true);
    expect(needsAttention(item({ state: 'failed-retryable', reason: 'r', nextAttemptAt: '', attempts: 1 }))).toBe(true);
    expect(needsAttention(item({ state: 'filed', filedAt: '', refusedRecipients: [] }))).toBe(false);
    expect(needsAttention(item({ state: 'queued' }))).toBe(false);
    expect(needsAttention(item({ state: 'cancelled' }))).toBe(false);
  });
  it('offer Cancel only until anything may have reached the server', () => {
    expect(mayCancel(item({ state: 'queued' }))).toBe(true);
    expect(mayCancel(item({ state: 'outcome-unknown', since: '' }))).toBe(true);
    expect(mayCancel(item({ state: 'sending', startedAt: '' }))).toBe(false);
    expect(mayCancel(item({ state: 'accepted', acceptedAt: '', refusedRecipients: [] }))).toBe(false);
  });
});
