import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { withoutBcc } from '../domain/header-fields.js';
import { composeMessage, forwardSubject, newMessageId, replySubject, withSender } from './compose-message.js';
import { isForward, readForwardedHeaders } from '../domain/forward-markers.js';

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
  it('signs once: a body that already holds the signature (a template with {signature}) gets no second one', async () => {
    const fromTemplate = 'Hallo Anna,\n\ndanke.\n\nViele Grüße\nOlivia Owner\nAcme GmbH';
    const composed = await composeMessage({ ...base, reply: null, subject: 'Einladung', body: fromTemplate, bcc: [] });
    const text = (await simpleParser(composed.wire)).text ?? '';
    expect(text.match(/Acme GmbH/g)).toHaveLength(1);
    expect(text).not.toContain('-- \n');
    // Without it, the signature is added below the delimiter as always.
    const plain = (await simpleParser((await composeMessage({ ...base, reply: null, subject: 'Einladung', bcc: [] })).wire)).text ?? '';
    expect(plain).toMatch(/danke\.\n\n-- \nOlivia Owner\nAcme GmbH/);
  });

  it('puts display names into To and Cc as written (RFC 2047 for non-ASCII), bare addresses stay bare', async () => {
    const composed = await composeMessage({ ...base, to: [{ name: 'Anna Apfel', address: 'anna@example.org' }], cc: [{ name: 'Jörg Kühn', address: 'joerg@example.org' }, 'ben@example.org'], bcc: [] });
    const head = composed.wire.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^To: Anna Apfel <anna@example\.org>$/m);
    const parsed = await simpleParser(composed.wire);
    expect((parsed.cc as { value: { name: string; address: string }[] }).value).toEqual([
      { name: 'Jörg Kühn', address: 'joerg@example.org' },
      { name: '', address: 'ben@example.org' },
    ]);
  });

  it('writes a forward as a new thread: marked subject, References without In-Reply-To, the original quoted below the signature', async () => {
    const composed = await composeMessage({
      ...base,
      reply: null,
      subject: '',
      forward: { messageIdHeader: 'original@example.org', references: ['root@example.org'], subject: 'Bewerbung', from: 'Anna Apfel <anna@example.org>', to: 'jobs@acme.com', cc: '', date: 'Mon, 02 Mar 2026 09:00:00 GMT', text: 'Anbei mein Lebenslauf.' },
    });
    const parsed = await simpleParser(composed.wire);
    expect(composed.subject).toBe('Fwd: Bewerbung');
    expect(isForward(composed.subject, false)).toBe(true);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.references).toEqual(['<root@example.org>', '<original@example.org>']);
    const text = parsed.text ?? '';
    expect(text.indexOf('-- \nOlivia Owner')).toBeLessThan(text.indexOf('---------- Forwarded message ---------'));
    expect(text).toContain('Anbei mein Lebenslauf.');
    // The engine's own forward peek recognises the block and finds the candidate in it.
    expect(readForwardedHeaders(text)).toEqual({ blockFound: true, addresses: ['anna@example.org', 'jobs@acme.com'] });
  });

  it('quotes the answered mail below the signature, each line once more (RFC 3676)', async () => {
    const composed = await composeMessage({ ...base, bcc: [], reply: { ...base.reply, quote: { intro: 'Am 02.03.2026 schrieb Anna Apfel <anna@example.org>:', text: 'Hallo,\n\n> alt\nneu\n' } } });
    const parsed = await simpleParser(composed.wire);
    expect(parsed.text?.trimEnd()).toBe('Hallo Anna,\n\ndanke.\n\n-- \nOlivia Owner\nAcme GmbH\n\nAm 02.03.2026 schrieb Anna Apfel <anna@example.org>:\n> Hallo,\n>\n>> alt\n> neu');
  });

  it('keeps a forward marker the user wrote and adds one otherwise', () => {
    expect(forwardSubject('WG: Bewerbung')).toBe('WG: Bewerbung');
    expect(forwardSubject('Bewerbung')).toBe('Fwd: Bewerbung');
    // `VS:` is a reply in Finnish: not enough to mark a forward.
    expect(forwardSubject('VS: Bewerbung')).toBe('Fwd: VS: Bewerbung');
  });

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
