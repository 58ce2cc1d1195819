import type { FetchMessageObject, ImapFlow, SearchObject } from 'imapflow';
import { imapInitialWindow, type KeepInWindow } from '../../domain/initial-window.js';
import { AppError } from '../../errors.js';
import type { HeaderPage, ScanStart } from '../mail-provider.js';
import { headerFetchQuery, toMessageHeaders } from './envelope-headers.js';
import { withFolder, type ImapConnection } from './imap-connection.js';
import { decodeCursor, encodeCursor, type ImapCursor } from './imap-keys.js';
import { chunk, sortedUids, toSequenceSet } from './sequence-set.js';

export interface ScanOptions {
  connection: ImapConnection;
  pageSize: number;
  /** The clock for a scan that has to restart with the initial window. */
  now: () => Date;
}

/** What one SEARCH decided: which UIDs to fetch, how to filter them, where to end. */
interface ScanPlan {
  uidValidity: number;
  /** Ascending. */
  uids: number[];
  /** The exact filter on INTERNALDATE; null: keep every message found. */
  keep: KeepInWindow | null;
  /** `lastUid` of the cursor the last page carries. */
  finalLastUid: number;
  restarted: HeaderPage['restarted'];
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The header-first scan of one folder (R2, R10), in pages of `pageSize` UIDs, oldest
 * first. One SEARCH decides the UIDs:
 * - initial window: `SEARCH SINCE <day>`, a day earlier than the window (RFC 9051
 *   §6.4.4.1 compares dates only, in the server's zone), then the exact 24-hour filter on
 *   INTERNALDATE (`imapInitialWindow`);
 * - cursor: `UID SEARCH UID <lastUid+1>:*` under the same UIDVALIDITY, filtered to UIDs
 *   above `lastUid` (`n:*` with n above every UID still matches the last message, RFC 9051
 *   §9 "seq-range"); a changed UIDVALIDITY restarts with the initial window;
 * - since: `SEARCH SINCE` a day early, then INTERNALDATE ≥ `since` exactly.
 * Each page is fetched under its own mailbox lock, so other calls (a forward peek) can run
 * between pages, and streamed (`for await`, never all at once). Every page's cursor covers
 * the UIDs fetched so far; the last page's cursor also covers UIDs up to UIDNEXT-1, so
 * the next scan starts after everything this one could have seen.
 */
export async function* scanFolderHeaders(options: ScanOptions, folder: string, start: ScanStart, signal?: AbortSignal): AsyncGenerator<HeaderPage> {
  const cursor = start.kind === 'cursor' ? decodeCursor(start.cursor) : null;
  if (start.kind === 'initial-window' && !isValidDate(start.now)) throw new AppError('invalid-input', 'The initial window needs a valid date for now.', { field: 'start.now' });
  if (start.kind === 'since' && !isValidDate(start.since)) throw new AppError('invalid-input', 'A scan since a date needs a valid date.', { field: 'start.since' });

  const plan = await options.connection.run(
    `the scan of ${folder}`,
    signal,
    (client) => withFolder(client, folder, true, async (mailbox) => planScan(client, Number(mailbox.uidValidity), mailbox.uidNext, start, cursor, options.now)),
    folder,
  );
  const cursorAt = (lastUid: number) => encodeCursor({ uidValidity: plan.uidValidity, lastUid });
  const restarted = plan.restarted === undefined ? {} : { restarted: plan.restarted };
  const pages = chunk(plan.uids, options.pageSize);
  if (pages.length === 0) {
    yield { headers: [], cursor: cursorAt(plan.finalLastUid), uidValidity: plan.uidValidity, total: 0, scanned: 0, ...restarted };
    return;
  }

  let scanned = 0;
  for (const [index, uids] of pages.entries()) {
    signal?.throwIfAborted();
    const messages = await options.connection.run(
      `the scan of ${folder}`,
      signal,
      (client) =>
        withFolder(client, folder, false, async (mailbox) => {
          if (Number(mailbox.uidValidity) !== plan.uidValidity) {
            // The UIDs found are meaningless now. The cursors yielded so far carry the old
            // UIDVALIDITY, so the next scan from them restarts with the initial window.
            throw new AppError('conflict', `The folder ${folder} was rebuilt on the server during the scan (UIDVALIDITY changed); scan again.`, { retryable: true });
          }
          const fetched: FetchMessageObject[] = [];
          for await (const message of client.fetch(toSequenceSet(uids), headerFetchQuery, { uid: true })) fetched.push(message);
          return fetched;
        }),
      folder,
    );
    const scannedAt = options.now();
    const wanted = new Set(uids);
    const headers = messages
      .filter((message) => wanted.has(message.uid) && (plan.keep === null || plan.keep(receivedAt(message))))
      .sort((left, right) => left.uid - right.uid)
      .map((message) => toMessageHeaders(message, folder, plan.uidValidity, scannedAt));
    scanned += uids.length;
    const isLast = index === pages.length - 1;
    yield { headers, cursor: cursorAt(isLast ? plan.finalLastUid : (uids.at(-1) as number)), uidValidity: plan.uidValidity, total: plan.uids.length, scanned, ...restarted };
  }
}

async function planScan(client: ImapFlow, uidValidity: number, uidNext: number, start: ScanStart, cursor: ImapCursor | null, now: () => Date): Promise<ScanPlan> {
  // UIDs below UIDNEXT were assigned when the folder was selected: a message arriving
  // later gets UIDNEXT or above, so ending the cursor at UIDNEXT-1 never skips it.
  const belowUidNext = Number.isInteger(uidNext) && uidNext > 0 ? uidNext - 1 : 0;
  let query: SearchObject;
  let keep: KeepInWindow | null;
  let after = 0;
  let restarted: ScanPlan['restarted'];
  if (cursor !== null && cursor.uidValidity === uidValidity) {
    after = cursor.lastUid;
    query = { uid: `${after + 1}:*` };
    keep = null;
  } else {
    // A cursor of another UIDVALIDITY names UIDs that no longer mean anything (RFC 9051
    // §2.3.1.1): start over with the initial window. Later issues may do better (QRESYNC).
    if (cursor !== null) restarted = 'cursor-expired';
    const window = start.kind === 'since' ? sinceWindow(start.since) : imapInitialWindow(start.kind === 'initial-window' ? start.now : now());
    query = { since: window.since };
    keep = window.keep;
  }
  const found = await client.search(query, { uid: true });
  if (!Array.isArray(found)) throw new AppError('internal', 'The IMAP server refused the search of the folder.');
  const uids = sortedUids(found).filter((uid) => uid > after);
  return { uidValidity, uids, keep, finalLastUid: Math.max(after, uids.at(-1) ?? 0, belowUidNext), restarted };
}

/** Backfill since a date: `SEARCH SINCE` a day early (see `imapInitialWindow`), then exact. */
function sinceWindow(since: Date): { since: Date; keep: KeepInWindow } {
  const startDay = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  return { since: new Date(startDay - dayMs), keep: (received) => Number.isFinite(received.getTime()) && received.getTime() >= since.getTime() };
}

/** INTERNALDATE as a Date; an unreadable one is an invalid Date, which no window keeps. */
function receivedAt(message: FetchMessageObject): Date {
  return message.internalDate === undefined ? new Date(Number.NaN) : new Date(message.internalDate);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}
