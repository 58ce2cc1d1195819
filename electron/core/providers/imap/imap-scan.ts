import type { FetchMessageObject, ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { imapInitialWindow, type KeepInWindow } from '../../domain/initial-window.js';
import { AppError } from '../../errors.js';
import type { HeaderPage, MessageHeaders, ScanStart } from '../mail-provider.js';
import { headerFetchQuery, toMessageHeaders } from './envelope-headers.js';
import { withFolder, type ImapConnection } from './imap-connection.js';
import { decodeCursor, encodeCursor, type ImapCursor } from './imap-keys.js';
import { chunk, sortedUids, UidRanges } from './sequence-set.js';

export interface ScanOptions {
  connection: ImapConnection;
  pageSize: number;
  /** The clock for a scan that has to restart with the initial window. */
  now: () => Date;
  /** Address search: addresses per SEARCH (each one four OR'd keys), and the pause between two SEARCHes. */
  addressesPerSearch?: number;
  searchPauseMs?: number;
}

/** Ten addresses make 40 keys in one OR tree: a command line of about 1 KB. */
export const defaultAddressesPerSearch = 10;
/** The address search is paced, so a backfill over hundreds of candidates does not hog the server. */
export const defaultSearchPauseMs = 200;

/** What one SEARCH decided: which UIDs to fetch, how to filter them, where to end. */
interface ScanPlan {
  uidValidity: number;
  /** What to fetch, as ranges (never an array of every UID of a big folder). */
  uids: UidRanges;
  /** The exact filter on INTERNALDATE; null: keep every message found. */
  keep: KeepInWindow | null;
  /** `lastUid` of the cursor the last page carries. */
  finalLastUid: number;
  restarted: HeaderPage['restarted'];
  /** UID ranges at or below the cursor's `lastUid` the folder no longer has (issue 7). */
  vanished?: [number, number][];
  /** The folder's mod-sequence state when the scan began (cursor scans on CONDSTORE servers). */
  state?: ModseqState | null;
  /** Messages at or below `finalLastUid` (see `ImapCursor.present`); unknown after a window scan. */
  present?: number;
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

  if (start.kind === 'search' && !isValidDate(start.since)) throw new AppError('invalid-input', 'A search needs a valid date to search from.', { field: 'start.since' });
  if (start.kind === 'search' && start.before !== undefined && !isValidDate(start.before)) throw new AppError('invalid-input', 'A search before a date needs a valid date.', { field: 'start.before' });

  if (cursor !== null) {
    // Issue 7: one STATUS tells whether the folder changed at all since the cursor.
    const unchanged = await options.connection.run(
      `the scan of ${folder}`,
      signal,
      (client) => withFolder(client, folder, true, async () => folderUnchanged(client, folder, cursor)),
      folder,
    );
    if (unchanged) {
      yield { headers: [], cursor: encodeCursor(cursor), uidValidity: cursor.uidValidity, total: 0, scanned: 0 };
      return;
    }
  }

  const plan =
    start.kind === 'search'
      ? await planAddressSearch(options, folder, start.since, start.addresses, signal, start.before)
      : await options.connection.run(
          `the scan of ${folder}`,
          signal,
          (client) =>
            withFolder(client, folder, true, async (mailbox) => {
              // Taken before the search, so a change during the scan shows at the next one.
              const state = await modseqState(client, folder);
              return { ...(await planScan(client, mailbox, start, cursor, options.now)), state };
            }),
          folder,
        );
  // Only the last page's cursor carries the folder's mod-sequence: a scan resumed from an
  // earlier page must not take the folder for unchanged and skip the pages it never fetched.
  const planned = plan.state ?? null;
  const state = planned !== null && planned.uidValidity === plan.uidValidity ? planned : null;
  const cursorAt = (lastUid: number, isLast: boolean) =>
    encodeCursor({
      uidValidity: plan.uidValidity,
      lastUid,
      ...(isLast && state !== null ? { modseq: state.modseq, messages: state.messages } : {}),
      ...(isLast && plan.present !== undefined ? { present: plan.present } : {}),
    });
  const restarted = plan.restarted === undefined ? {} : { restarted: plan.restarted };
  let vanished = plan.vanished === undefined || plan.vanished.length === 0 ? {} : { vanished: plan.vanished };
  const total = plan.uids.count;
  if (total === 0) {
    yield { headers: [], cursor: cursorAt(plan.finalLastUid, true), uidValidity: plan.uidValidity, total: 0, scanned: 0, ...restarted, ...vanished };
    return;
  }

  // Issue 22: one streamed UID FETCH over the whole plan, read by a pump into a queue of at
  // most `maxQueuedPages` pages while the caller works on the page before: the socket keeps
  // flowing while the caller matches, fetches sources (on another session) and writes,
  // and memory stays bounded by the queue (imapflow reads the next response only once the
  // pump took the last one). Each FETCH response becomes a `MessageHeaders` at once.
  const queue = new PageQueue(maxQueuedPages);
  // The highest UID handed to the queue: a session lost mid-stream is replaced by
  // `connection.run`, and the work resumes after what the caller has already.
  let queuedUpTo = 0;
  let scanned = 0;
  const pump = options.connection.run(
    `the scan of ${folder}`,
    signal,
    (client) =>
      withFolder(client, folder, false, async (mailbox) => {
        if (Number(mailbox.uidValidity) !== plan.uidValidity) {
          // The UIDs found are meaningless now. The cursors yielded so far carry the old
          // UIDVALIDITY, so the next scan from them restarts with the initial window.
          throw new AppError('conflict', `The folder ${folder} was rebuilt on the server during the scan (UIDVALIDITY changed); scan again.`, { retryable: true });
        }
        const rest = plan.uids.above(queuedUpTo);
        if (rest.count === 0) return;
        let page: MessageHeaders[] = [];
        let pageCount = 0;
        let pageLast = queuedUpTo;
        // A full page is handed on once the next response arrives, so the last page is known as last.
        let held: QueuedPage | null = null;
        const hand = async (item: QueuedPage): Promise<boolean> => {
          const taken = await queue.push({ ...item, scanned: scanned + item.count });
          if (!taken) return false;
          queuedUpTo = Math.max(queuedUpTo, item.lastUid);
          scanned += item.count;
          return true;
        };
        const scannedAt = options.now();
        let sinceTurn = 0;
        for await (const message of client.fetch(rest.toSequenceSet(), headerFetchQuery, { uid: true })) {
          // Unsolicited FETCH responses (flag changes of other messages) are not the plan's.
          if (!rest.has(message.uid)) continue;
          // imapflow parses the responses of a socket read in microtasks, one after the
          // other: without a turn of the event loop now and then, a big FETCH keeps the
          // engine from answering anything for hundreds of milliseconds (issue 22). The
          // FETCH waits for this loop, so the pause holds the whole chain.
          if (++sinceTurn >= responsesPerTurn) {
            sinceTurn = 0;
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
          if (held !== null) {
            const item: QueuedPage = held;
            held = null;
            if (!(await hand(item))) return;
          }
          if (plan.keep === null || plan.keep(receivedAt(message))) page.push(toMessageHeaders(message, folder, plan.uidValidity, scannedAt));
          pageCount += 1;
          pageLast = Math.max(pageLast, message.uid);
          if (pageCount >= options.pageSize) {
            held = { headers: page, lastUid: pageLast, count: pageCount, isLast: false };
            page = [];
            pageCount = 0;
          }
        }
        if (pageCount > 0) {
          if (held !== null && !(await hand(held))) return;
          await hand({ headers: page, lastUid: pageLast, count: pageCount, isLast: true });
        } else {
          await hand(held === null ? { headers: [], lastUid: pageLast, count: 0, isLast: true } : { ...held, isLast: true });
        }
      }),
    folder,
  );
  pump.then(
    () => queue.close(),
    (error: unknown) => queue.fail(error),
  );
  try {
    for (;;) {
      const item = await queue.shift();
      if (item === null) break;
      signal?.throwIfAborted();
      item.headers.sort((left, right) => (left.location.uid ?? 0) - (right.location.uid ?? 0));
      yield {
        headers: item.headers,
        cursor: cursorAt(item.isLast ? Math.max(plan.finalLastUid, item.lastUid) : item.lastUid, item.isLast),
        uidValidity: plan.uidValidity,
        total,
        scanned: Math.min(total, item.scanned ?? 0),
        ...restarted,
        ...vanished,
      };
      vanished = {};
    }
  } finally {
    // A caller that stops early (an error, a cancel) ends the pump: it takes nothing more,
    // and imapflow reads the rest of the FETCH away.
    queue.cancel();
    await pump.catch(() => undefined);
  }
}

/** FETCH responses read between two turns of the event loop (issue 22: calls answered during a scan). */
const responsesPerTurn = 10;

/** Pages the pump may hold ahead of the caller: one being filled, two waiting. */
const maxQueuedPages = 2;

interface QueuedPage {
  headers: MessageHeaders[];
  /** The highest UID of the page's messages (the FETCH answers in UID order). */
  lastUid: number;
  /** Messages of the plan the page went through (some may be filtered out by the window). */
  count: number;
  isLast: boolean;
  /** Messages of the plan gone through up to and with this page (progress). */
  scanned?: number;
}

/**
 * A queue of at most `limit` pages between the FETCH pump and the scan's caller: `push`
 * waits while it is full (so the pump stops reading the socket), `shift` waits while it is
 * empty. `cancel` (the caller stopped) makes every `push` answer false at once.
 */
class PageQueue {
  readonly #limit: number;
  readonly #items: QueuedPage[] = [];
  #closed = false;
  #cancelled = false;
  #error: { error: unknown } | null = null;
  #wakeShift: (() => void) | null = null;
  #wakePush: (() => void) | null = null;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async push(item: QueuedPage): Promise<boolean> {
    while (!this.#cancelled && this.#items.length >= this.#limit) await new Promise<void>((resolve) => (this.#wakePush = resolve));
    if (this.#cancelled) return false;
    this.#items.push(item);
    this.#wake('shift');
    return true;
  }

  async shift(): Promise<QueuedPage | null> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        this.#wake('push');
        return item;
      }
      if (this.#error !== null) throw this.#error.error;
      if (this.#closed) return null;
      await new Promise<void>((resolve) => (this.#wakeShift = resolve));
    }
  }

  close(): void {
    this.#closed = true;
    this.#wake('shift');
  }

  fail(error: unknown): void {
    this.#error = { error };
    this.#wake('shift');
  }

  cancel(): void {
    this.#cancelled = true;
    this.#items.length = 0;
    this.#wake('push');
  }

  #wake(which: 'push' | 'shift'): void {
    const wake = which === 'push' ? this.#wakePush : this.#wakeShift;
    if (which === 'push') this.#wakePush = null;
    else this.#wakeShift = null;
    wake?.();
  }
}

async function planScan(client: ImapFlow, mailbox: MailboxObject, start: ScanStart, cursor: ImapCursor | null, now: () => Date): Promise<ScanPlan> {
  const uidValidity = Number(mailbox.uidValidity);
  // UIDs below UIDNEXT were assigned when the folder was selected: a message arriving
  // later gets UIDNEXT or above, so ending the cursor at UIDNEXT-1 never skips it.
  const uidNext = mailbox.uidNext;
  const belowUidNext = Number.isInteger(uidNext) && uidNext > 0 ? uidNext - 1 : 0;
  const known = cursor !== null && cursor.uidValidity === uidValidity;
  if (known) {
    const after = cursor.lastUid;
    const finalLastUid = (uids: UidRanges) => Math.max(after, uids.last() ?? 0, belowUidNext);
    // The count as of the refresh (NOOP) just before: if it is what the cursor left plus
    // the new UIDs, nothing at or below lastUid went away, and the new UIDs are all there
    // is to ask for. Mail arriving in between makes the sum too large: then the full
    // search below decides, as it does for a cursor without a count.
    const exists = mailbox.exists;
    if (cursor.present !== undefined) {
      const above = UidRanges.of(await searchUids(client, { uid: `${after + 1}:*` })).above(after);
      if (exists === cursor.present + above.count) return { uidValidity, uids: above, keep: null, finalLastUid: finalLastUid(above), restarted: undefined, vanished: [], present: exists };
    }
    // One search answers both what is new (above lastUid) and what went away (the gaps
    // at or below it: expunged or moved on the server).
    const all = UidRanges.of(await searchUids(client, { uid: '1:*' }));
    const uids = all.above(after);
    const vanished = missingFromRanges(all, after);
    return { uidValidity, uids, keep: null, finalLastUid: finalLastUid(uids), restarted: undefined, vanished, present: all.count };
  }
  // A cursor of another UIDVALIDITY names UIDs that no longer mean anything (RFC 9051
  // §2.3.1.1): start over with the initial window. Later issues may do better (QRESYNC).
  const restarted: ScanPlan['restarted'] = cursor !== null ? 'cursor-expired' : undefined;
  const window = start.kind === 'since' ? sinceWindow(start.since) : imapInitialWindow(start.kind === 'initial-window' ? start.now : now());
  const uids = UidRanges.of(await searchUids(client, { since: window.since }));
  return { uidValidity, uids, keep: window.keep, finalLastUid: Math.max(uids.last() ?? 0, belowUidNext), restarted };
}

async function searchUids(client: ImapFlow, query: SearchObject): Promise<number[]> {
  const found = await client.search(query, { uid: true });
  if (!Array.isArray(found)) throw new AppError('internal', 'The IMAP server refused the search of the folder.');
  return found;
}

/** The UID ranges in 1..`last` that `present` does not hold (the gaps between its ranges). */
export function missingFromRanges(present: UidRanges, last: number): [number, number][] {
  const ranges: [number, number][] = [];
  let next = 1;
  for (const [first, end] of present.ranges) {
    if (first > last) break;
    if (first > next) ranges.push([next, first - 1]);
    next = Math.max(next, end + 1);
  }
  if (next <= last) ranges.push([next, last]);
  return ranges;
}

/** The UID ranges in 1..`last` that `present` does not hold. */
export function missingRanges(present: readonly number[], last: number): [number, number][] {
  return missingFromRanges(UidRanges.of(present), last);
}

interface ModseqState {
  uidValidity: number;
  modseq: string;
  messages: number;
}

/**
 * The folder's UIDVALIDITY, HIGHESTMODSEQ and message count by one STATUS (RFC 7162
 * §3.1.6), or null when the server has no CONDSTORE (no HIGHESTMODSEQ then). Asked with
 * the folder selected and just refreshed (NOOP): a server may answer STATUS of the
 * selected folder from the session's own view (Dovecot does), which the NOOP brings up to date.
 */
async function modseqState(client: ImapFlow, folder: string): Promise<ModseqState | null> {
  if (!client.capabilities.has('CONDSTORE')) return null;
  const status = await client.status(folder, { uidValidity: true, highestModseq: true, messages: true });
  if (status === false || status.highestModseq === undefined || status.uidValidity === undefined || status.messages === undefined) return null;
  const modseq = String(status.highestModseq);
  if (!/^[1-9][0-9]{0,19}$/.test(modseq)) return null;
  return { uidValidity: Number(status.uidValidity), modseq, messages: status.messages };
}

/**
 * Whether the folder is as the cursor left it: same UIDVALIDITY, HIGHESTMODSEQ and message
 * count. A new message raises HIGHESTMODSEQ (RFC 7162 §3.1.1); an expunge does on a QRESYNC
 * server and lowers the count anyway, so a CONDSTORE-only server is covered too. Cursors
 * without a mod-sequence (older ones, servers without CONDSTORE) always scan.
 */
async function folderUnchanged(client: ImapFlow, folder: string, cursor: ImapCursor): Promise<boolean> {
  if (cursor.modseq === undefined || cursor.messages === undefined) return false;
  const state = await modseqState(client, folder);
  return state !== null && state.uidValidity === cursor.uidValidity && state.modseq === cursor.modseq && state.messages === cursor.messages;
}

/**
 * The address search: for each batch of addresses one `UID SEARCH SINCE <day> OR (FROM a)
 * (OR (TO a) ...)` (RFC 9051 §6.4.4: FROM/TO/CC/BCC match substrings, display names
 * included — the caller re-checks), each under its own lock and with a pause between
 * them, so other work and other clients get the server in between. UIDs are united.
 */
async function planAddressSearch(options: ScanOptions, folder: string, since: Date, addresses: readonly string[], signal?: AbortSignal, before?: Date): Promise<ScanPlan> {
  const window: { since: Date; before?: Date; keep: KeepInWindow } = before === undefined ? sinceWindow(since) : betweenWindow(since, before);
  const wanted = [...new Set(addresses.map((address) => address.trim().toLowerCase()).filter((address) => address !== ''))];
  const batches = chunk(wanted, Math.max(1, options.addressesPerSearch ?? defaultAddressesPerSearch));
  const found = new Set<number>();
  let uidValidity = 0;
  for (const [index, batch] of batches.entries()) {
    if (index > 0) await pause(options.searchPauseMs ?? defaultSearchPauseMs, signal);
    const criteria: SearchObject[] = batch.flatMap((address) => [{ from: address }, { to: address }, { cc: address }, { bcc: address }]);
    const result = await options.connection.run(
      `the search of ${folder}`,
      signal,
      (client) =>
        withFolder(client, folder, index === 0, async (mailbox) => {
          if (uidValidity !== 0 && Number(mailbox.uidValidity) !== uidValidity) throw new AppError('conflict', `The folder ${folder} was rebuilt on the server during the search; search again.`, { retryable: true });
          uidValidity = Number(mailbox.uidValidity);
          return client.search({ since: window.since, ...(window.before === undefined ? {} : { before: window.before }), or: criteria }, { uid: true });
        }),
      folder,
    );
    if (!Array.isArray(result)) throw new AppError('internal', 'The IMAP server refused the search of the folder.');
    for (const uid of result) found.add(uid);
  }
  if (batches.length === 0) {
    // Nothing to search for: an empty result, under the folder's UIDVALIDITY.
    uidValidity = await options.connection.run(`the search of ${folder}`, signal, (client) => withFolder(client, folder, false, async (mailbox) => Number(mailbox.uidValidity)), folder);
  }
  const uids = UidRanges.of(found);
  return { uidValidity, uids, keep: window.keep, finalLastUid: uids.last() ?? 0, restarted: undefined };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = () => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    };
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** Backfill since a date: `SEARCH SINCE` a day early (see `imapInitialWindow`), then exact. */
function sinceWindow(since: Date): { since: Date; keep: KeepInWindow } {
  const startDay = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  return { since: new Date(startDay - dayMs), keep: (received) => Number.isFinite(received.getTime()) && received.getTime() >= since.getTime() };
}

/**
 * Older mail (received at or after `since` and before `before`): `SEARCH SINCE` and `BEFORE`
 * a day wider on each side — both compare dates only, in the server's zone, and `BEFORE`
 * excludes its day (RFC 9051 §6.4.4.1) — then exact on INTERNALDATE.
 */
function betweenWindow(since: Date, before: Date): { since: Date; before: Date; keep: KeepInWindow } {
  const wide = sinceWindow(since);
  const endDay = Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), before.getUTCDate());
  return {
    since: wide.since,
    before: new Date(endDay + 2 * dayMs),
    keep: (received) => wide.keep(received) && received.getTime() < before.getTime(),
  };
}

/** INTERNALDATE as a Date; an unreadable one is an invalid Date, which no window keeps. */
function receivedAt(message: FetchMessageObject): Date {
  return message.internalDate === undefined ? new Date(Number.NaN) : new Date(message.internalDate);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}
