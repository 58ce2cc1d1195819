import { AppError } from '../../errors.js';

/**
 * The IMAP provider's opaque strings. Callers store and hand them back; only this file
 * reads them. A UID names a message only together with its folder and the folder's
 * UIDVALIDITY (RFC 9051 §2.3.1.1), so both travel with it.
 */

/** Where one message lives on an IMAP server. */
export interface ImapMessageLocation {
  folder: string;
  uidValidity: number;
  uid: number;
}

/**
 * How far a folder has been scanned: every UID up to `lastUid` under `uidValidity`, and
 * (issue 7, CONDSTORE servers) the folder's HIGHESTMODSEQ when the scan began, as a
 * decimal string (a mod-sequence is up to 2^63-1, beyond a JS number). Only the last page
 * of a scan carries `modseq`: a resumed scan must not skip pages it never fetched.
 */
export interface ImapCursor {
  uidValidity: number;
  lastUid: number;
  modseq?: string;
  /** The folder's message count with `modseq` (an expunge on a CONDSTORE-only server may leave HIGHESTMODSEQ alone). */
  messages?: number;
  /**
   * How many messages the folder held at or below `lastUid` when the scan ended (issue 9):
   * if the count now is this plus the messages above `lastUid`, nothing went away, and
   * the next scan asks only for the new UIDs instead of every UID of the folder.
   */
  present?: number;
}

// UIDs and UIDVALIDITY are nz-number: 1 .. 2^32-1 (RFC 9051 §9, "nz-number").
const maxUnsigned32 = 4_294_967_295;

function isNonZeroNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxUnsigned32;
}

/** The message key: JSON `[folder, uidValidity, uid]`. */
export function encodeMessageKey(location: ImapMessageLocation): string {
  return JSON.stringify([location.folder, location.uidValidity, location.uid]);
}

/** Reads a message key; `invalid-input` (field `key`) for anything this provider did not make. */
export function decodeMessageKey(key: string): ImapMessageLocation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [folder, uidValidity, uid] = parsed as unknown[];
    if (typeof folder === 'string' && folder !== '' && isNonZeroNumber(uidValidity) && isNonZeroNumber(uid)) return { folder, uidValidity, uid };
  }
  throw new AppError('invalid-input', 'This is not a message key of the IMAP provider.', { field: 'key' });
}

/** The scan cursor: JSON `{ uidValidity, lastUid }`, plus `modseq` where the server has CONDSTORE. */
export function encodeCursor(cursor: ImapCursor): string {
  const state = cursor.modseq === undefined || cursor.messages === undefined ? {} : { modseq: cursor.modseq, messages: cursor.messages };
  return JSON.stringify({ uidValidity: cursor.uidValidity, lastUid: cursor.lastUid, ...state, ...(cursor.present === undefined ? {} : { present: cursor.present }) });
}

/** Reads a scan cursor; `invalid-input` (field `cursor`) for anything this provider did not make. */
export function decodeCursor(cursor: string): ImapCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const { uidValidity, lastUid, modseq, messages, present } = parsed as Record<string, unknown>;
    // lastUid 0: nothing scanned yet (an empty folder). No modseq: a cursor stored before
    // issue 7's CONDSTORE support, or from a server without it.
    const modseqOk =
      (modseq === undefined && messages === undefined) ||
      (typeof modseq === 'string' && /^[1-9][0-9]{0,19}$/.test(modseq) && (messages === 0 || isNonZeroNumber(messages)));
    const presentOk = present === undefined || present === 0 || isNonZeroNumber(present);
    if (isNonZeroNumber(uidValidity) && (lastUid === 0 || isNonZeroNumber(lastUid)) && modseqOk && presentOk) {
      return {
        uidValidity,
        lastUid: lastUid as number,
        ...(modseq === undefined ? {} : { modseq: modseq as string, messages: messages as number }),
        ...(present === undefined ? {} : { present: present as number }),
      };
    }
  }
  throw new AppError('invalid-input', 'This is not a scan cursor of the IMAP provider.', { field: 'cursor' });
}
