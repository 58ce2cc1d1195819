import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { readHeaderValues, toHeaderAddresses, toMessageHeaders, withRawAddresses } from './envelope-headers.js';
import { decodeMessageKey } from './imap-keys.js';

const scannedAt = new Date('2025-03-02T12:00:00Z');

function fetched(changes: Partial<FetchMessageObject> = {}): FetchMessageObject {
  return {
    seq: 1,
    uid: 42,
    size: 1234,
    flags: new Set(['\\Seen', '\\Recent']),
    internalDate: new Date('2025-03-02T10:00:00Z'),
    envelope: {
      date: new Date('2025-03-02T09:59:00Z'),
      subject: 'Bewerbung – Grüße',
      messageId: '<abc@example.org>',
      inReplyTo: '<parent@example.org>',
      from: [{ name: 'Jürgen Müller', address: 'juergen@example.org' }],
      to: [{ name: 'undisclosed-recipients', address: '' }],
      cc: [{ name: '', address: 'Carl@Example.org ' }, { name: 'MAILER-DAEMON', address: '' }],
    },
    headers: Buffer.from('References: <root@example.org>\r\n <parent@example.org>\r\n\r\n'),
    ...changes,
  };
}

describe('toMessageHeaders', () => {
  it('maps the envelope, the References header and the location', () => {
    const headers = toMessageHeaders(fetched(), 'INBOX', 7, scannedAt);
    expect(decodeMessageKey(headers.key)).toEqual({ folder: 'INBOX', uidValidity: 7, uid: 42 });
    expect(headers).toMatchObject({
      location: { folder: 'INBOX', uidValidity: 7, uid: 42, providerId: null },
      internalDate: new Date('2025-03-02T10:00:00Z'),
      date: new Date('2025-03-02T09:59:00Z'),
      messageId: 'abc@example.org',
      inReplyTo: ['parent@example.org'],
      references: ['root@example.org', 'parent@example.org'],
      subject: 'Bewerbung – Grüße',
      from: [{ name: 'Jürgen Müller', address: 'juergen@example.org' }],
      // A group without members names nobody (RFC 5322 §3.4).
      to: [],
      cc: [{ name: '', address: 'Carl@Example.org' }],
      bcc: [],
      size: 1234,
      flags: ['\\Seen'],
    });
  });

  it('is tolerant of missing and broken values', () => {
    const headers = toMessageHeaders(fetched({ envelope: { date: 'Mon, 45 Foo 2025' }, headers: undefined, internalDate: 'garbage', flags: undefined, size: undefined }), 'INBOX', 7, scannedAt);
    expect(headers).toMatchObject({ messageId: null, inReplyTo: [], references: [], subject: '', date: null, from: [], size: 0, flags: [], internalDate: scannedAt });
    expect(toMessageHeaders(fetched({ envelope: undefined }), 'INBOX', 7, scannedAt).messageId).toBeNull();
  });
});

describe('header helpers', () => {
  it('reads every occurrence of a folded header field', () => {
    const block = Buffer.from('REFERENCES: <a@x>\r\n\t<b@x>\r\nReferences: <c@x>\r\nX-Other: <d@x>\r\n\r\n');
    expect(readHeaderValues(block, 'references')).toEqual(['<a@x> <b@x>', '<c@x>']);
    expect(readHeaderValues(Buffer.alloc(0), 'references')).toEqual([]);
  });

  it('drops entries without a usable address', () => {
    expect(toHeaderAddresses([{ name: 'x', address: 'user@' }, { address: '@host' }, { name: 'Anna', address: 'anna@example.org' }, {}])).toEqual([{ name: 'Anna', address: 'anna@example.org' }]);
  });
});

describe('withRawAddresses', () => {
  it('adds the addresses a server ENVELOPE lost after a broken entry, once each, without display names', () => {
    const envelope = [{ name: '', address: 'smith@gmail.com' }];
    expect(withRawAddresses(envelope, ['smith@gmail.com, Mikel@Lindsaar <raasdnil@gmail.com>, tom@gmail.com'])).toEqual([
      { name: '', address: 'smith@gmail.com' },
      { name: '', address: 'raasdnil@gmail.com' },
      { name: '', address: 'tom@gmail.com' },
    ]);
  });

  it('reads group members, ignores empty groups and junk, and keeps the envelope as it is', () => {
    const envelope = [{ name: 'Anna Äpfel', address: 'anna@example.org' }];
    expect(withRawAddresses(envelope, ['undisclosed-recipients:;', 'team: bert@example.org, ANNA@example.org;', 'not an address at all'])).toEqual([
      { name: 'Anna Äpfel', address: 'anna@example.org' },
      { name: '', address: 'bert@example.org' },
    ]);
  });
});
