import type { FetchMessageObject, FetchQueryObject, MessageAddressObject } from 'imapflow';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import type { HeaderAddress, MessageHeaders } from '../mail-provider.js';
import { encodeMessageKey } from './imap-keys.js';

/**
 * One FETCH response (UID, ENVELOPE, INTERNALDATE, RFC822.SIZE, FLAGS and the References
 * header) as the provider-neutral `MessageHeaders`. The ENVELOPE (RFC 9051 §7.5.2) carries
 * Message-ID and In-Reply-To but not References, hence the one header field fetched.
 * Tolerant: a malformed value yields an empty list or null, never an exception.
 */

/** The FETCH items the header-first scan asks for, per message. */
export const headerFetchQuery: Readonly<FetchQueryObject> = {
  uid: true,
  envelope: true,
  internalDate: true,
  size: true,
  flags: true,
  headers: ['references'],
};

/** Maps one FETCH response; `scannedAt` stands in for an unreadable INTERNALDATE. */
export function toMessageHeaders(message: FetchMessageObject, folder: string, uidValidity: number, scannedAt: Date): MessageHeaders {
  const envelope = message.envelope ?? {};
  const date = toValidDate(envelope.date);
  return {
    key: encodeMessageKey({ folder, uidValidity, uid: message.uid }),
    location: { folder, uidValidity, uid: message.uid, providerId: null },
    internalDate: toValidDate(message.internalDate) ?? date ?? scannedAt,
    messageId: normalizeMessageId(envelope.messageId),
    inReplyTo: parseMessageIdList(envelope.inReplyTo),
    references: parseMessageIdList(readHeaderValues(message.headers, 'references').join(' ')),
    subject: envelope.subject ?? '',
    date,
    from: toHeaderAddresses(envelope.from),
    to: toHeaderAddresses(envelope.to),
    cc: toHeaderAddresses(envelope.cc),
    bcc: toHeaderAddresses(envelope.bcc),
    size: typeof message.size === 'number' && message.size >= 0 ? message.size : 0,
    // \Recent says which session saw the message first (RFC 3501 §2.3.2; gone in RFC 9051).
    flags: [...(message.flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent').sort(),
  };
}

/**
 * Addresses of one ENVELOPE list. imapflow has already decoded encoded words (RFC 2047) and
 * 8-bit names. Group syntax (`undisclosed-recipients:;`) arrives as entries with a NIL host
 * (RFC 9051 §7.5.2), which imapflow passes on with an empty address: they name nobody and
 * are dropped, as is any entry without an address.
 */
export function toHeaderAddresses(list: readonly MessageAddressObject[] | undefined): HeaderAddress[] {
  const addresses: HeaderAddress[] = [];
  for (const entry of list ?? []) {
    const address = (entry.address ?? '').trim();
    if (address === '' || !address.includes('@') || address.startsWith('@') || address.endsWith('@')) continue;
    addresses.push({ name: (entry.name ?? '').trim(), address });
  }
  return addresses;
}

/**
 * The values of a header field in a fetched header block (`BODY[HEADER.FIELDS (...)]`),
 * unfolded (RFC 5322 §2.2.3), in order; several occurrences give several values.
 */
export function readHeaderValues(block: Buffer | undefined, name: string): string[] {
  if (block === undefined || block.length === 0) return [];
  const unfolded = block.toString('utf8').replace(/\r?\n[ \t]+/gu, ' ');
  const prefix = `${name.toLowerCase()}:`;
  const values: string[] = [];
  for (const line of unfolded.split(/\r?\n/u)) {
    if (line.slice(0, prefix.length).toLowerCase() === prefix) values.push(line.slice(prefix.length).trim());
  }
  return values;
}

/** A usable Date, or null for a missing or unreadable one. */
function toValidDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isFinite(date.getTime()) ? date : null;
}
