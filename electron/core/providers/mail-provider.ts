import type { MailboxProvider } from '../../../shared/model.js';
import type { AppError } from '../errors.js';

/**
 * The one interface every mail provider (IMAP, Gmail, Microsoft Graph) implements, so
 * that sync, sending and "why is a mail missing?" never know which one they talk to.
 * The contract is written down in docs/providers.md; the conformance suite in
 * test/integration/provider-conformance.ts runs every provider through the same cases.
 *
 * Keys and cursors are opaque strings: only the provider that made one reads it.
 * Every method throws `AppError` with an engine code (`auth-required`, `network`,
 * `timeout`, `rate-limited`, `not-found`, `invalid-input`, ...) — SDK errors are
 * translated at the provider's edge. A call whose `signal` aborts rejects with the
 * signal's reason instead (the caller asked for it; nothing to translate).
 */
export interface MailProvider {
  readonly kind: MailboxProvider;

  /**
   * Who files the copy of a mail this provider sends in the Sent folder (R1): `server`
   * (Gmail, Microsoft 365, and IMAP servers whose SMTP does — the caller then only awaits
   * it) or `client` (Hirebox appends it, with Bcc, by `append`). For IMAP the user may
   * choose per mailbox; otherwise what is known of the server.
   */
  readonly sentCopy: 'server' | 'client';

  /** Every selectable folder, with the role the provider sees for it (R9). */
  listFolders(signal?: AbortSignal): Promise<ProviderFolder[]>;

  /**
   * Header pages of one folder, oldest first within the window: from `cursor` when
   * given, else the initial window (R10), or everything received since a date (backfill).
   * Each page carries the cursor to store once the page is committed, so a restart
   * resumes after the last committed page. Every scan yields at least one page (possibly
   * without headers): the last page's cursor is the one to keep for the next scan. A
   * page may hold fewer headers than the page size, even none (the exact window filter
   * dropped them). A resumed cursor may yield a few messages again (never fewer):
   * de-duplicate by key/location. See docs/providers.md.
   */
  scanHeaders(folder: string, start: ScanStart, signal?: AbortSignal): AsyncIterable<HeaderPage>;

  /**
   * The RFC 822 source of one message, its first `maxBytes` bytes at most: a result of
   * `maxBytes` bytes for a message whose `size` is larger is cut, not whole. Never marks
   * the message read. `not-found` when the message is gone (or the key is stale).
   */
  fetchSource(key: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer>;

  /**
   * Optional (issue 22): the sources of several messages in one go, each as `fetchSource`
   * would give it — one round trip for a page's matches instead of one each. Answers per
   * key the source, or the `AppError` fetching that message alone would have thrown
   * (`not-found` for one that is gone); throws only for what fails them all.
   */
  fetchSources?(keys: readonly string[], maxBytes: number, signal?: AbortSignal): Promise<Map<string, Buffer | AppError>>;

  /**
   * The bounded forward peek (R6): the first `maxBytes` of the message as raw MIME text
   * (header block and the start of the body), enough to find a forwarded-header block
   * or an attached message's headers. Never marks the message read.
   */
  peekBody(key: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer>;

  /**
   * The key of the message with this Message-ID (with or without angle brackets) in
   * `folder`, or null. Sees messages that arrived a moment ago (the Sent copy).
   */
  findByMessageId(folder: string, messageId: string, signal?: AbortSignal): Promise<string | null>;

  /**
   * Files `raw` in `folder` — the Sent copy of a mail Hirebox sent (R1) — unless a message
   * with `messageId` is there already: then nothing is added. Answers the key of the copy.
   * Idempotent by Message-ID, so a retry after a lost answer never files a second copy.
   * The copy is stored as read (`\Seen`) with `internalDate` as its received time.
   */
  append(folder: string, raw: Buffer, options: AppendOptions, signal?: AbortSignal): Promise<string>;

  /**
   * Live updates (issue 7): waits until `folder` may have changed — new or removed mail —
   * and answers `changed`, or answers `quiet` after `maxWaitMs` without a change, having
   * made sure the server still answers. `since` is the folder's last stored scan cursor:
   * when the folder moved past it already (mail arrived between that scan and this call)
   * the answer is `changed` at once, so nothing slips through between scan and watch. Push where the provider has it (IMAP IDLE, on a
   * session of its own so scans do not break it), polling otherwise. A dead connection
   * fails the call (`timeout`, `network`) within a bounded time instead of waiting on;
   * the next call opens a new one. Callers sync the folder after `changed`; a change may
   * be reported that brings nothing new.
   */
  waitForChange(folder: string, since: string | null, maxWaitMs: number, signal?: AbortSignal): Promise<FolderChange>;

  /**
   * Issue 22 (optional; IMAP has it): `waitForChange`, except that when the change is new
   * mail above `since`, its headers are fetched at once on the watching session and
   * answered as `arrived` (the new messages only, oldest first), so the caller can match
   * and store them without a scan first. The cursor is not moved: the caller syncs the
   * folder afterwards as after `changed` (which skips what it stored, by location), so
   * every guarantee of the scan — removed mail, a rebuilt folder, replies waiting for
   * Sent — stays the scan's. Anything else (removed mail, a rebuilt folder, no cursor)
   * answers `changed` or `quiet` as `waitForChange` does.
   */
  waitForArrivals?(folder: string, since: string, maxWaitMs: number, signal?: AbortSignal): Promise<FolderArrivals>;

  /**
   * Sends one message, once (R15): `raw` is the whole message as its Sent copy keeps it —
   * Bcc header included; the provider sees that no recipient reads the Bcc line (SMTP:
   * the envelope names every recipient and the content goes without Bcc). `hooks.onSendStart`
   * is called synchronously at the last moment before which nothing can have been
   * accepted (SMTP: the server's 354 to DATA; HTTP: the request is written). Never throws
   * for the server's answer: see {@link SendResult}. Throws only for bad input. A send cut
   * short by `signal` after `onSendStart` answers `unknown`, never `not-sent`.
   */
  send(message: OutgoingMessage, hooks?: SendHooks, signal?: AbortSignal): Promise<SendResult>;

  /** Ends every connection; idempotent. Calls after it fail (no connection is reopened). */
  close(): Promise<void>;
}

export type FolderRole = 'inbox' | 'sent' | 'other';

/** One message to send. */
export interface OutgoingMessage {
  /** The sending mailbox's address (SMTP MAIL FROM). */
  from: string;
  /** Every recipient — To, Cc and Bcc. */
  recipients: readonly string[];
  /** RFC 5322 source, Bcc header included (it belongs to the Sent copy only). */
  raw: Buffer;
}

export interface SendHooks {
  /** Called once, synchronously, right before the message's content goes out. */
  onSendStart?: () => void;
}

/** A recipient the server refused while it accepted the message for the others. */
export interface RecipientRefusal {
  address: string;
  /** The server's words. */
  reason: string;
}

/**
 * What became of a message handed to `send`, in terms every provider can answer (R15):
 * - `accepted`: the server took responsibility, perhaps not for every recipient;
 * - `not-sent`: nothing was accepted, so sending again cannot deliver it twice; `failure`
 *   says what helps: `permanent` (the same will be refused again), `temporary` (try later,
 *   after `retryAfterMs` when the server said), `auth` (the sign-in was refused: only the
 *   user can help) or `unreachable` (no server answered: wait for the network);
 * - `unknown`: the connection broke after the content went out and before the server's
 *   answer — never retried by itself.
 */
export type SendResult =
  | { outcome: 'accepted'; refused: RecipientRefusal[] }
  | { outcome: 'not-sent'; failure: 'permanent' | 'temporary' | 'auth' | 'unreachable'; reason: string; retryAfterMs?: number }
  | { outcome: 'unknown'; reason: string };

/** How `append` files a message. */
export interface AppendOptions {
  /** The message's Message-ID (angle brackets optional): the copy is filed once. */
  messageId: string;
  /** Received time of the copy; default now. */
  internalDate?: Date;
}

/** What `waitForChange` saw: a change to sync, or a quiet (and answering) server. */
export type FolderChange = 'changed' | 'quiet';

/** What `waitForArrivals` saw: a change, a quiet server, or new mail with its headers. */
export type FolderArrivals = FolderChange | { kind: 'arrived'; headers: MessageHeaders[] };

export interface ProviderFolder {
  /** The provider's name for it: IMAP path, Gmail label id, Graph folder id. */
  path: string;
  /** What a person reads. */
  name: string;
  role: FolderRole;
  /** How the role was found: special-use flag, well-known name, or the provider's own id. */
  roleSource: 'special-use' | 'name' | 'provider' | null;
}

export type ScanStart =
  | { kind: 'initial-window'; now: Date }
  | { kind: 'cursor'; cursor: string }
  | { kind: 'since'; since: Date }
  /**
   * Backfill and "why is a mail missing?" (issue 7): mail received at or after `since` that
   * names one of `addresses` in From, To, Cc or Bcc, by the server's own search — which
   * over-delivers (IMAP `SEARCH FROM` matches substrings and display names), so every hit
   * must be re-checked by the matcher. Batched and paced by the provider. The cursor of
   * such a scan is not a folder position: never store it. With `before`, only mail received
   * before it (the count of older mail: what the first window left out); the provider may
   * ask the server a day wider and filters exactly.
   */
  | { kind: 'search'; since: Date; before?: Date; addresses: readonly string[] };

export interface HeaderPage {
  headers: MessageHeaders[];
  /** Opaque; store it with the page's results. */
  cursor: string;
  /**
   * IMAP: the folder's UIDVALIDITY the cursor and the page's locations belong to, also on
   * a page without headers (issue 7: stored locations under another one are stale).
   * Providers without UIDVALIDITY leave it out.
   */
  uidValidity?: number;
  /** Messages in the folder's scan range, when the provider knows (progress n of N). */
  total?: number;
  /**
   * Messages of the scan range covered so far, this page included (the n of "n of N");
   * reaches `total` on the last page. Counts messages the exact window filter dropped, so
   * it can be larger than the number of headers seen.
   */
  scanned?: number;
  /**
   * Set on every page of a scan that could not continue from its cursor and started over
   * with the initial window: locations recorded under the old cursor may be stale (IMAP:
   * the folder's UIDVALIDITY changed, RFC 9051 §2.3.1.1; Gmail: the history id expired;
   * Graph: the delta token is gone).
   */
  restarted?: 'cursor-expired';
  /**
   * Issue 7: IMAP UIDs (inclusive ranges `[first, last]`, under `uidValidity`) at or below
   * the scanned-from cursor that the folder no longer holds — mail expunged or moved away
   * on the server since. Only on a scan from a cursor, on one page of it; ranges may cover
   * UIDs that never existed. The caller forgets its locations there (the messages stay).
   */
  vanished?: [number, number][];
  /**
   * Providers with message ids (Gmail, Graph): on a scan from a cursor, the `providerId`s of
   * messages that left the folder since that cursor — deleted, or their label or folder
   * taken away. On one page of the scan. The caller forgets its locations of them in this
   * folder (the messages stay, as for `vanished`). A message that left and came back is
   * not in it: it is among the headers.
   */
  removed?: string[];
}

/** One mail address as a header names it; `name` never takes part in matching. */
export interface HeaderAddress {
  name: string;
  address: string;
}

/** What the header-first scan knows about a message before any body is fetched (R2). */
export interface MessageHeaders {
  /** Opaque; for fetchSource, peekBody. */
  key: string;
  /** Where it lives, for the location record: IMAP folder + UIDVALIDITY + UID, or a provider id. */
  location: { folder: string; uidValidity: number | null; uid: number | null; providerId: string | null };
  internalDate: Date;
  /** Without angle brackets; null when the header is missing or unreadable. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  date: Date | null;
  from: HeaderAddress[];
  to: HeaderAddress[];
  cc: HeaderAddress[];
  bcc: HeaderAddress[];
  size: number;
  /** The source's own flags (`\Seen`, …). */
  flags: string[];
}

/**
 * A send the provider knows did not go out, from the error it was translated to: a sign-in to
 * repair, a server out of reach, or a wait (with the server's Retry-After) before the next try.
 */
export function notSentFrom(error: AppError): SendResult {
  if (error.code === 'auth-required' || error.code === 'auth-expired') return { outcome: 'not-sent', failure: 'auth', reason: error.message };
  if (error.code === 'network' || error.code === 'timeout') return { outcome: 'not-sent', failure: 'unreachable', reason: error.message };
  return { outcome: 'not-sent', failure: 'temporary', reason: error.message, ...(error.code === 'rate-limited' && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
}
