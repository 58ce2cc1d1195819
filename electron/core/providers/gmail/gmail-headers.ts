import type { gmail_v1 } from '@googleapis/gmail';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import { AppError } from '../../errors.js';
import type { HeaderAddress, MessageHeaders } from '../mail-provider.js';

/** The header fields the scan asks `messages.get` for (`format=metadata`): what matching and threading need. */
export const metadataHeaders = ['Message-ID', 'In-Reply-To', 'References', 'Subject', 'Date', 'From', 'To', 'Cc', 'Bcc'] as const;

/** A message key: the label it was found under and Gmail's message id. */
export interface GmailKey {
  folder: string;
  id: string;
}

/** A folder cursor: the mailbox's history id when the scan began, for `history.list`. */
export interface GmailCursor {
  folder: string;
  historyId: string;
}

const keySchema = z.tuple([z.literal('gmail'), z.string().min(1).max(200), z.string().regex(/^[0-9a-zA-Z_-]{1,64}$/u)]);
const cursorSchema = z.strictObject({ gmail: z.literal('history'), folder: z.string().min(1).max(200), historyId: z.string().regex(/^\d{1,20}$/u) });

export function encodeKey(key: GmailKey): string {
  return JSON.stringify(['gmail', key.folder, key.id]);
}

/** @throws AppError `invalid-input` (`field: 'key'`) for a key this provider did not make. */
export function decodeKey(key: string): GmailKey {
  const parsed = keySchema.safeParse(parseJson(key));
  if (!parsed.success) throw new AppError('invalid-input', 'This is not a Gmail message key.', { field: 'key' });
  return { folder: parsed.data[1], id: parsed.data[2] };
}

export function encodeCursor(cursor: GmailCursor): string {
  return JSON.stringify({ gmail: 'history', folder: cursor.folder, historyId: cursor.historyId });
}

/** @throws AppError `invalid-input` (`field: 'cursor'`) for a cursor this provider did not make, or one of another folder. */
export function decodeCursor(cursor: string, folder: string): GmailCursor {
  const parsed = cursorSchema.safeParse(parseJson(cursor));
  if (!parsed.success || parsed.data.folder !== folder) throw new AppError('invalid-input', 'This is not a Gmail cursor of this folder.', { field: 'cursor' });
  return { folder: parsed.data.folder, historyId: parsed.data.historyId };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One `messages.get` answer (`format=metadata`) as the provider-neutral `MessageHeaders`.
 * Gmail hands the header values as the message wrote them (unfolded): encoded words
 * (RFC 2047) are decoded here. Tolerant: a malformed value yields an empty list or null.
 */
export function toMessageHeaders(message: gmail_v1.Schema$Message, folder: string, scannedAt: Date): MessageHeaders {
  const id = message.id ?? '';
  const fields = new Map<string, string[]>();
  for (const header of message.payload?.headers ?? []) {
    const name = (header.name ?? '').toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), header.value ?? '']);
  }
  const first = (name: string) => fields.get(name)?.[0] ?? null;
  const all = (name: string) => fields.get(name) ?? [];
  const internal = Number(message.internalDate);
  const labels = message.labelIds ?? [];
  const flags: string[] = [];
  if (!labels.includes('UNREAD')) flags.push('\\Seen');
  if (labels.includes('STARRED')) flags.push('\\Flagged');
  const dateHeader = first('date');
  const date = dateHeader === null ? null : new Date(dateHeader);
  return {
    key: encodeKey({ folder, id }),
    location: { folder, uidValidity: null, uid: null, providerId: id },
    internalDate: Number.isFinite(internal) && internal > 0 ? new Date(internal) : (date !== null && Number.isFinite(date.getTime()) ? date : scannedAt),
    messageId: normalizeMessageId(first('message-id')),
    inReplyTo: parseMessageIdList(all('in-reply-to').join(' ')),
    references: parseMessageIdList(all('references').join(' ')),
    subject: decodeWords(first('subject') ?? ''),
    date: date !== null && Number.isFinite(date.getTime()) ? date : null,
    from: addressesOf(all('from')),
    to: addressesOf(all('to')),
    cc: addressesOf(all('cc')),
    bcc: addressesOf(all('bcc')),
    size: typeof message.sizeEstimate === 'number' && message.sizeEstimate >= 0 ? message.sizeEstimate : 0,
    flags: flags.sort(),
  };
}

/** The addresses of header values; groups are opened, entries without an address left out. */
export function addressesOf(values: readonly string[]): HeaderAddress[] {
  const found: HeaderAddress[] = [];
  const visit = (entries: ReturnType<typeof addressparser>, depth: number): void => {
    for (const entry of entries) {
      if ('group' in entry && Array.isArray(entry.group)) {
        if (depth < 2) visit(entry.group, depth + 1);
        continue;
      }
      const address = ('address' in entry ? (entry.address ?? '') : '').trim();
      if (!/^[^@\s]+@[^@\s]+$/u.test(address)) continue;
      found.push({ name: decodeWords(entry.name ?? '').trim(), address });
    }
  };
  for (const value of values) {
    try {
      visit(addressparser(value), 0);
    } catch {
      // An unparseable field names nobody.
    }
  }
  return found;
}

/** RFC 2047 encoded words (`=?utf-8?Q?...?=`, `=?iso-8859-1?B?...?=`) decoded; white space between adjacent words dropped (§6.2). */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/gu, '$1')
    .replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/gu, (word, charset: string, encoding: string, text: string) => {
      try {
        const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text);
        return new TextDecoder(charset.replace(/\*.*$/u, '').toLowerCase(), { fatal: false }).decode(bytes);
      } catch {
        return word;
      }
    });
}

function qBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (character === '_') bytes.push(0x20);
    else if (character === '=' && /^[0-9a-fA-F]{2}$/u.test(text.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(...Buffer.from(character, 'utf8'));
  }
  return Buffer.from(bytes);
}
