import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { withoutBcc } from '../domain/header-fields.js';
import { composeMessage, newMessageId, replySubject, withSender } from './compose-message.js';

const base = {
  from: { address: 'olivia@acme.com', name: 'Olivia Owner' },
  to: ['anna@example.org'],
  cc: [],
  bcc: ['hidden@example.org'],
  subject: '',
  body: 'Hallo Anna,\n\ndanke.\n\n',
  signature: 'Olivia Owner\nAcme GmbH',
  attachments: [],
  reply: { messageIdHeader: 'parent@example.org', references: ['root@example.org', 'parent@example.org'], subject: 'AW: Re: Bewerbung' },
  messageId: 'chosen@acme.com',
  date: new Date('2026-03-02T10:00:00Z'),
};

describe('composeMessage', () => {
  it('threads a reply by In-Reply-To and References, keeps Bcc only in the Sent copy, and signs below "-- "', async () => {
    const composed = await composeMessage(base);
    const copy = await simpleParser(composed.raw);
    const wire = await simpleParser(composed.wire);
    expect(composed.subject).toBe('Re: Bewerbung');
    expect(wire.messageId).toBe('<chosen@acme.com>');
    expect(wire.inReplyTo).toBe('<parent@example.org>');
    // The parent once, at the end (RFC 5322 §3.6.4).
    expect(wire.references).toEqual(['<root@example.org>', '<parent@example.org>']);
    expect(wire.text?.trimEnd()).toBe('Hallo Anna,\n\ndanke.\n\n-- \nOlivia Owner\nAcme GmbH');
    expect(wire.headers.has('bcc')).toBe(false);
    expect((copy.bcc as { text: string }).text).toBe('hidden@example.org');
    // Apart from the Bcc field, the two are the same bytes.
    expect(withoutBcc(composed.raw).equals(composed.wire)).toBe(true);
  });

  it('writes a new mail without threading headers and without an empty signature block', async () => {
    const composed = await composeMessage({ ...base, reply: null, subject: 'Einladung', signature: '  ', bcc: [] });
    const parsed = await simpleParser(composed.raw);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.references).toBeUndefined();
    expect(parsed.text).toBe('Hallo Anna,\n\ndanke.\n\n');
  });
});

describe('the header helpers', () => {
  it('removes a folded Bcc field and nothing else', () => {
    const raw = Buffer.from('From: a@x.org\r\nBcc: one@x.org,\r\n two@x.org\r\nSubject: Bcc: not a header\r\n\r\nBcc: in the body stays\r\n');
    expect(withoutBcc(raw).toString()).toBe('From: a@x.org\r\nSubject: Bcc: not a header\r\n\r\nBcc: in the body stays\r\n');
  });

  it('changes the sender and keeps the rest', async () => {
    const composed = await composeMessage({ ...base, reply: null, subject: 'Einladung' });
    const moved = await simpleParser(withSender(composed.wire, { address: 'jobs@acme.com', name: 'Acme Jobs — Recruiting' }));
    expect(moved.from?.value).toEqual([{ address: 'jobs@acme.com', name: 'Acme Jobs — Recruiting' }]);
    expect(moved.messageId).toBe('<chosen@acme.com>');
    expect(moved.subject).toBe('Einladung');
  });

  it('chooses Message-IDs in the sender’s domain and strips localised reply prefixes', () => {
    expect(newMessageId('olivia@acme.com')).toMatch(/^[0-9a-f-]{36}\.hirebox@acme\.com$/);
    expect(newMessageId('olivia@acme.com')).not.toBe(newMessageId('olivia@acme.com'));
    expect(replySubject('AW: WG: Bewerbung')).toMatch(/^Re: /);
    expect(replySubject('Bewerbung')).toBe('Re: Bewerbung');
  });
});
