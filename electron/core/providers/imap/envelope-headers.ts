import type { FetchMessageObject, FetchQueryObject, MessageAddressObject } from 'imapflow';
import addressparser from 'nodemailer/lib/addressparser';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import type { HeaderAddress, MessageHeaders } from '../mail-provider.js';
import { encodeMessageKey } from './imap-keys.js';

/**
 * One FETCH response (UID, ENVELOPE, INTERNALDATE, RFC822.SIZE, FLAGS and a few raw header
 * fields) as the provider-neutral `MessageHeaders`. The ENVELOPE (RFC 9051 §7.5.2) carries
 * Message-ID and In-Reply-To but not References, hence that field. The raw From/To/Cc/Bcc
 * fields are read too: a server's ENVELOPE stops an address list at the first entry it
 * cannot parse (Dovecot drops everything after `Mikel@Lindsaar <raasdnil@gmail.com>`), and
 * a candidate named after it must still match.
 * Tolerant: a malformed value yields an empty list or null, never an exception.
 */

/** The FETCH items the header-first scan asks for, per message. */
export const headerFetchQuery: Readonly<FetchQueryObject> = {
  uid: true,
  envelope: true,
  internalDate: true,
  size: true,
  flags: true,
  headers: ['references', 'from', 'to', 'cc', 'bcc'],
};

/** Maps one FETCH response; `scannedAt` stands in for an unreadable INTERNALDATE. */
export function toMessageHeaders(message: FetchMessageObject, folder: string, uidValidity: number, scannedAt: Date): MessageHeaders {
  const envelope = message.envelope ?? {};
  const date = toValidDate(envelope.date);
  const fields = readHeaderFields(message.headers);
  const valuesOf = (name: string) => fields.get(name) ?? [];
  return {
    key: encodeMessageKey({ folder, uidValidity, uid: message.uid }),
    location: { folder, uidValidity, uid: message.uid, providerId: null },
    internalDate: toValidDate(message.internalDate) ?? date ?? scannedAt,
    messageId: normalizeMessageId(envelope.messageId),
    inReplyTo: parseMessageIdList(envelope.inReplyTo),
    references: parseMessageIdList(valuesOf('references').join(' ')),
    subject: envelope.subject ?? '',
    date,
    from: withRawAddresses(toHeaderAddresses(envelope.from), valuesOf('from')),
    to: withRawAddresses(toHeaderAddresses(envelope.to), valuesOf('to')),
    cc: withRawAddresses(toHeaderAddresses(envelope.cc), valuesOf('cc')),
    bcc: withRawAddresses(toHeaderAddresses(envelope.bcc), valuesOf('bcc')),
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
 * The envelope's addresses (their display names decoded by the server and imapflow), plus
 * any address the raw header field names that the envelope lost. Raw-only entries keep no
 * display name: it may be an undecoded encoded word, and names never match anyway.
 */
export function withRawAddresses(fromEnvelope: HeaderAddress[], rawValues: readonly string[]): HeaderAddress[] {
  const seen = new Set(fromEnvelope.map((entry) => entry.address.toLowerCase()));
  // Nearly always the envelope has every address already: the full parse is skipped when
  // each `@` of the raw fields sits in an address the envelope holds.
  if (rawValues.every((value) => addressesAllKnown(value, seen))) return fromEnvelope;
  const merged = [...fromEnvelope];
  const visit = (entries: ReturnType<typeof addressparser>, depth: number): void => {
    for (const entry of entries) {
      if ('group' in entry && Array.isArray(entry.group)) {
        if (depth < 2) visit(entry.group, depth + 1);
        continue;
      }
      const address = ('address' in entry ? (entry.address ?? '') : '').trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(address) || seen.has(address.toLowerCase())) continue;
      seen.add(address.toLowerCase());
      merged.push({ name: '', address });
    }
  };
  for (const value of rawValues) {
    try {
      visit(addressparser(value), 0);
    } catch {
      // An unparseable field adds nothing; the envelope's reading stands.
    }
  }
  return merged;
}

/** Whether every `@` of a raw address field belongs to a plain address in `known` (lower case). */
function addressesAllKnown(value: string, known: ReadonlySet<string>): boolean {
  const ats = value.split('@').length - 1;
  if (ats === 0) return true;
  const plain = value.match(/[^\s<>(),;:"@\[\]]+@[^\s<>(),;:"@\[\]]+/gu) ?? [];
  return plain.length === ats && plain.every((address) => known.has(address.toLowerCase()));
}

/** Every field of a fetched header block, unfolded, by lower-case name (read once per message). */
function readHeaderFields(block: Buffer | undefined): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  if (block === undefined || block.length === 0) return fields;
  for (const line of block.toString('utf8').replace(/\r?\n[ \t]+/gu, ' ').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(name);
    const value = line.slice(colon + 1).trim();
    if (values === undefined) fields.set(name, [value]);
    else values.push(value);
  }
  return fields;
}

/**
 * The values of a header field in a fetched header block (`BODY[HEADER.FIELDS (...)]`),
 * unfolded (RFC 5322 §2.2.3), in order; several occurrences give several values.
 */
export function readHeaderValues(block: Buffer | undefined, name: string): string[] {
  return readHeaderFields(block).get(name.toLowerCase()) ?? [];
}

/** A usable Date, or null for a missing or unreadable one. */
function toValidDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isFinite(date.getTime()) ? date : null;
}
