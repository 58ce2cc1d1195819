import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAttachment } from './attachments-repository.js';
import { openTempStore, seedMailbox, seedThread, type TempStore } from '../test-support.js';

let subject: TempStore;
let messageId: string;
beforeEach(() => {
  subject = openTempStore();
  [messageId] = seedThread(subject.store, seedMailbox(subject.store, { kind: 'shared' }), [{ date: '2025-03-01T10:00:00Z', hasAttachments: true }])
    .messageIds as [string];
});
afterEach(() => subject.dispose());

function attachment(overrides: Partial<NewAttachment> = {}): NewAttachment {
  return {
    id: randomUUID(),
    messageId,
    contentHash: null,
    fileName: 'Lebenslauf.pdf',
    mimeType: 'application/pdf',
    size: 120_000,
    contentId: null,
    isInline: false,
    ...overrides,
  };
}

describe('attachments', () => {
  it('are listed per message in MIME order, and get their file once downloaded', () => {
    const { attachments } = subject.store;
    const cv = attachment();
    const logo = attachment({ fileName: 'logo.png', mimeType: 'image/png', size: 0, contentId: 'logo@acme', isInline: true, contentHash: 'ab'.repeat(32) });
    attachments.insert(cv);
    attachments.insert(logo);
    expect(attachments.listFor(messageId)).toEqual([cv, logo]);
    attachments.setContentHash(cv.id, 'cd'.repeat(32));
    expect(attachments.listFor(messageId)[0]?.contentHash).toBe('cd'.repeat(32));
    expect(attachments.listFor(randomUUID())).toEqual([]);
  });

  it('refuse a bad size, a taken id, an unknown message or attachment', () => {
    const { attachments } = subject.store;
    expect(() => attachments.insert(attachment({ size: -1 }))).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'size' }));
    expect(() => attachments.insert(attachment({ size: 1.5 }))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    const cv = attachment();
    attachments.insert(cv);
    expect(() => attachments.insert(cv)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => attachments.insert(attachment({ messageId: randomUUID() }))).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => attachments.setContentHash(randomUUID(), 'ab')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
