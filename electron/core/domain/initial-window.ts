/**
 * R10 Initial window: what a newly connected mailbox syncs before the user asks for more.
 * Gmail and IMAP take the last 24 hours, Microsoft the last 100 messages.
 */

/** The initial window of Gmail and IMAP (R10). */
export const initialWindowMs = 24 * 60 * 60 * 1000;

/** Microsoft's initial window: the newest messages, this many (R10). */
export const microsoftInitialMessageCount = 100;

const dayMs = 24 * 60 * 60 * 1000;
const imapMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The instant before which mail is outside the initial window. */
export function initialWindowStart(now: Date): Date {
  return new Date(now.getTime() - initialWindowMs);
}

/** The exact filter every provider applies after its coarser server-side search. */
export type KeepInWindow = (receivedAt: Date) => boolean;

function keepSince(start: Date): KeepInWindow {
  // Inclusive: a mail received exactly 24 hours ago is in. A date in the future (clock
  // skew between server and laptop) is in too: it is certainly not older than the window.
  return (receivedAt) => Number.isFinite(receivedAt.getTime()) && receivedAt.getTime() >= start.getTime();
}

/** The IMAP initial window: a coarse server search plus an exact filter. */
export interface ImapInitialWindow {
  /**
   * For `SEARCH SINCE`: midnight UTC of the day *before* the window starts. RFC 3501
   * §6.4.4 compares only the date part of INTERNALDATE, "disregarding time and timezone",
   * and that date is the one in the INTERNALDATE's own zone, which can be a calendar day
   * earlier than in UTC (zones down to UTC−12). One day earlier always covers the window;
   * `keep` then cuts to the exact 24 hours.
   */
  since: Date;
  /** `since` as RFC 3501 `date` (`02-Mar-2025`), for a client that takes the string. */
  sinceImapDate: string;
  /** For servers with WITHIN (RFC 5032): `SEARCH YOUNGER <seconds>`. */
  youngerSeconds: number;
  /** The exact 24-hour filter on INTERNALDATE. */
  keep: KeepInWindow;
}

/**
 * IMAP: a day-granular `SINCE` (or `YOUNGER` where WITHIN is offered) and an exact filter
 * on INTERNALDATE (R10). Passing `since` as a Date to a client that formats it in local
 * time is safe too: midnight UTC is the same or an earlier local date.
 */
export function imapInitialWindow(now: Date): ImapInitialWindow {
  const start = initialWindowStart(now);
  const startDay = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const since = new Date(startDay - dayMs);
  return { since, sinceImapDate: formatImapDate(since), youngerSeconds: initialWindowMs / 1000, keep: keepSince(start) };
}

/** RFC 3501 `date` form of the UTC calendar day of `date`: `2-Mar-2025` written `02-Mar-2025`. */
export function formatImapDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${day}-${imapMonths[date.getUTCMonth()] as string}-${date.getUTCFullYear()}`;
}

/** The Gmail initial window: a search query plus an exact filter. */
export interface GmailInitialWindow {
  /**
   * The Gmail search query `q`: `after:` with epoch seconds is exact to the second, where
   * `after:2025/03/02` and `newer_than:1d` are read by day in the account's time zone.
   */
  query: string;
  /** The exact filter on the message's `internalDate`. */
  keep: KeepInWindow;
}

/** Gmail: the last 24 hours (R10), by `after:<epoch seconds>` and an exact filter. */
export function gmailInitialWindow(now: Date): GmailInitialWindow {
  const start = initialWindowStart(now);
  // Floor: a second earlier on the server is fine, `keep` filters exactly.
  return { query: `after:${Math.floor(start.getTime() / 1000)}`, keep: keepSince(start) };
}

/** The Microsoft Graph initial window: the newest messages per folder. */
export interface MicrosoftInitialWindow {
  /** Graph `$top` per scanned folder. */
  top: number;
  /** Graph `$orderby`: newest first. */
  orderBy: 'receivedDateTime desc';
}

/**
 * Microsoft: the last 100 messages (R10). Ask each scanned folder (inbox, sentitems) for
 * its newest 100, then keep the newest 100 of them all with `newestMessages`.
 */
export function microsoftInitialWindow(): MicrosoftInitialWindow {
  return { top: microsoftInitialMessageCount, orderBy: 'receivedDateTime desc' };
}

/** The newest `count` items by `dateOf`, newest first; ties keep their input order. */
export function newestMessages<T>(items: Iterable<T>, dateOf: (item: T) => Date, count = microsoftInitialMessageCount): T[] {
  return [...items]
    .map((item, index) => ({ item, index, time: dateOf(item).getTime() }))
    .sort((left, right) => (Number.isFinite(right.time) ? right.time : -Infinity) - (Number.isFinite(left.time) ? left.time : -Infinity) || left.index - right.index)
    .slice(0, Math.max(0, count))
    .map((entry) => entry.item);
}
