import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeMessageKey, encodeCursor, encodeMessageKey } from './imap-keys.js';

describe('IMAP message keys and cursors', () => {
  it('round-trips any folder name', () => {
    for (const folder of ['INBOX', 'Gesendete Objekte', 'INBOX.Sent Items', 'a"b\\c', 'Entwürfe/2025', '[Gmail]/Sent Mail']) {
      const location = { folder, uidValidity: 4_294_967_295, uid: 17 };
      expect(decodeMessageKey(encodeMessageKey(location))).toEqual(location);
    }
  });

  it('refuses keys it did not make', () => {
    for (const key of ['', 'INBOX', '["INBOX",1]', '["INBOX",0,1]', '["INBOX",1,-1]', '["",1,1]', '[1,1,1]', '["INBOX",1,1.5]', '["INBOX",1,4294967296]', '{"folder":"INBOX"}']) {
      expect(() => decodeMessageKey(key), key).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'key' }));
    }
  });

  it('round-trips cursors, an empty folder’s included', () => {
    expect(decodeCursor(encodeCursor({ uidValidity: 7, lastUid: 0 }))).toEqual({ uidValidity: 7, lastUid: 0 });
    expect(JSON.parse(encodeCursor({ uidValidity: 7, lastUid: 42 }))).toEqual({ uidValidity: 7, lastUid: 42 });
    for (const cursor of ['', 'null', '[]', '{"uidValidity":0,"lastUid":1}', '{"uidValidity":1,"lastUid":-1}', '{"uidValidity":1}', '{"uidValidity":1,"lastUid":1,"modseq":5}', '{"uidValidity":1,"lastUid":1,"modseq":"x","messages":1}', '{"uidValidity":1,"lastUid":1,"modseq":"5"}']) {
      expect(() => decodeCursor(cursor), cursor).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'cursor' }));
    }
  });

  it('carries the folder’s HIGHESTMODSEQ beyond 2^53, and still reads cursors stored without one (issue 7)', () => {
    const cursor = { uidValidity: 7, lastUid: 42, modseq: '9223372036854775807', messages: 3 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('{"uidValidity":7,"lastUid":42}')).toEqual({ uidValidity: 7, lastUid: 42 });
  });

  it('carries the count of messages at or below lastUid, with or without a mod-sequence (issue 9)', () => {
    for (const cursor of [{ uidValidity: 7, lastUid: 42, present: 40 }, { uidValidity: 7, lastUid: 42, modseq: '12', messages: 41, present: 0 }]) {
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    }
    for (const cursor of ['{"uidValidity":7,"lastUid":42,"present":-1}', '{"uidValidity":7,"lastUid":42,"present":"3"}', '{"uidValidity":7,"lastUid":42,"present":1.5}']) {
      expect(() => decodeCursor(cursor), cursor).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'cursor' }));
    }
  });
});
