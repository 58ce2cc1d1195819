import { describe, expect, it } from 'vitest';
import type { OutboxItemView } from '../../../shared/model.js';
import type { OutboxState } from '../../../shared/status.js';
import { draftInputOf, draftOfSaved, editorHtml, mayCancel, needsAttention, parseAddresses, parseRecipients, richHtml } from './outbox-store.js';

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

describe('rich-text drafts', () => {
  const saved = {
    id: 'd',
    place: 'candidate:00000000-0000-4000-8000-000000000001',
    candidateId: '00000000-0000-4000-8000-000000000001',
    candidateName: 'Anna Adler',
    mailboxId: null,
    to: 'anna@example.org',
    cc: '',
    bcc: '',
    subject: 'Hallo',
    body: 'Erste Zeile\nzweite\n\nNeuer Absatz',
    composer: { mode: 'new' as const, showBcc: false },
    attachmentBlobIds: [],
    attachments: [],
    updatedAt: 'now',
  };

  it('opens a plain-text draft saved before rich text as paragraphs, and sends it as HTML too', () => {
    const draft = draftOfSaved(saved);
    expect(draft.html).toBeUndefined();
    expect(editorHtml(draft)).toBe('<p>Erste Zeile<br>zweite</p><p>Neuer Absatz</p>');
    expect(richHtml(draft)).toBe('<p>Erste Zeile<br>zweite</p><p>Neuer Absatz</p>');
  });

  it('keeps the HTML of a rich-text draft through saving and reopening; an empty editor sends no HTML', () => {
    const draft = draftOfSaved({ ...saved, body: '*Hallo*', html: '<p><strong>Hallo</strong></p>' });
    expect(editorHtml(draft)).toBe('<p><strong>Hallo</strong></p>');
    expect(draftInputOf(draft)).toMatchObject({ body: '*Hallo*', html: '<p><strong>Hallo</strong></p>' });
    expect(richHtml({ html: '', body: '' })).toBeUndefined();
    expect(editorHtml({ body: '   ' })).toBe('');
  });

  it('reopens a saved draft with the files it keeps, and saves them with it again', () => {
    const file = { blobId: '6f1c2a4e-8b1d-4c3a-9e2f-0a1b2c3d4e5f', fileName: 'Lebenslauf.pdf', mimeType: 'application/pdf', size: 1234 };
    const draft = draftOfSaved({ ...saved, attachmentBlobIds: [file.blobId], attachments: [file] });
    expect(draft.attachments).toEqual([file]);
    expect(draftInputOf(draft).attachmentBlobIds).toEqual([file.blobId]);
  });
});
