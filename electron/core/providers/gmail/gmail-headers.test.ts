import { describe, expect, it } from 'vitest';
import { addressesOf, decodeCursor, decodeKey, decodeWords, encodeCursor, encodeKey, toMessageHeaders } from './gmail-headers.js';

describe('Gmail keys and cursors', () => {
  it('round-trip, and refuse what this provider did not make', () => {
    expect(decodeKey(encodeKey({ folder: 'INBOX', id: '18c0000000001' }))).toEqual({ folder: 'INBOX', id: '18c0000000001' });
    for (const bad of ['', 'x', '["imap","INBOX",1]', '["gmail","INBOX","../x"]', JSON.stringify(['INBOX', 5, 7])]) expect(() => decodeKey(bad)).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'key' }));
    const cursor = encodeCursor({ folder: 'INBOX', historyId: '12345' });
    expect(decodeCursor(cursor, 'INBOX')).toEqual({ folder: 'INBOX', historyId: '12345' });
    expect(() => decodeCursor(cursor, 'SENT')).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'cursor' }));
    expect(() => decodeCursor('{"uidValidity":1,"lastUid":2}', 'INBOX')).toThrow(expect.objectContaining({ field: 'cursor' }));
  });
});

describe('Gmail metadata as MessageHeaders', () => {
  it('decodes encoded words and opens groups; reads UNREAD as not \\Seen', () => {
    const headers = toMessageHeaders(
      {
        id: 'abc',
        labelIds: ['INBOX', 'UNREAD', 'STARRED'],
        internalDate: '1733500000000',
        sizeEstimate: 1234,
        payload: {
          headers: [
            { name: 'From', value: '=?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.org>' },
            { name: 'To', value: 'undisclosed-recipients:;' },
            { name: 'Cc', value: 'Team: anna@example.org, "Berg, Bo" <bo@example.org>;' },
            { name: 'Subject', value: '=?ISO-8859-1?B?R3L832Ug?= =?utf-8?Q?aus_K=C3=B6ln?=' },
            { name: 'Message-ID', value: '<m1@example.org>' },
            { name: 'References', value: '<r1@example.org> <r2@example.org>' },
            { name: 'Date', value: 'garbage' },
          ],
        },
      },
      'INBOX',
      new Date(0),
    );
    expect(headers).toMatchObject({
      key: encodeKey({ folder: 'INBOX', id: 'abc' }),
      location: { folder: 'INBOX', uidValidity: null, uid: null, providerId: 'abc' },
      internalDate: new Date(1733500000000),
      messageId: 'm1@example.org',
      references: ['r1@example.org', 'r2@example.org'],
      subject: 'Grüße aus Köln',
      date: null,
      from: [{ name: 'Jürgen Müller', address: 'juergen@example.org' }],
      to: [],
      cc: [{ name: '', address: 'anna@example.org' }, { name: 'Berg, Bo', address: 'bo@example.org' }],
      size: 1234,
      flags: ['\\Flagged'],
    });
  });

  it('is tolerant: unknown charsets and junk stay as they are', () => {
    expect(decodeWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
    expect(addressesOf(['not an address', ''])).toEqual([]);
  });
});
