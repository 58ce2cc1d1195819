import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import { AppError } from '../../errors.js';
import type { HeaderAddress, MessageHeaders } from '../mail-provider.js';

/** PR_MESSAGE_SIZE (MS-OXPROPS, PidTagMessageSize): Graph has no size property, only this extended one. */
export const messageSizeProperty = 'Integer 0x0E08';
/**
 * PR_IN_REPLY_TO_ID and PR_INTERNET_REFERENCES (MS-OXPROPS): In-Reply-To and References as
 * properties. `internetMessageHeaders` exists only on mail that came in through transport;
 * the Sent Items copy of what the mailbox sent has none, and its threading comes from these.
 */
export const inReplyToProperty = 'String 0x1042';
export const referencesProperty = 'String 0x1039';

/**
 * What a header scan asks Graph for (`$select`): what matching and threading need (R2).
 * Graph has no In-Reply-To or References property, so the internet headers come along for
 * threading (and the extended properties below, for mail without them); nothing of the body.
 */
export const headerSelect = [
  'id',
  'receivedDateTime',
  'sentDateTime',
  'subject',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'internetMessageId',
  'conversationId',
  'isRead',
  'flag',
  'internetMessageHeaders',
].join(',');

/** What looking a message up by Message-ID needs: no headers, no recipients. */
export const lookupSelect = 'id,internetMessageId,receivedDateTime,conversationId,conversationIndex';

/** The size and the threading properties come as extended properties (`$expand`). */
export const extendedExpand = `singleValueExtendedProperties($filter=${[messageSizeProperty, inReplyToProperty, referencesProperty].map((id) => `id eq '${id}'`).join(' or ')})`;

export interface GraphKey {
  folder: string;
  id: string;
}

/** `delta`: the folder's stored deltaLink. `listing`: a backfill or search scan, which is no folder position. */
export type GraphCursor = { folder: string; kind: 'delta'; deltaLink: string } | { folder: string; kind: 'listing' };

const graphId = z.string().regex(/^[A-Za-z0-9_=+/-]{1,400}$/u);
const keySchema = z.tuple([z.literal('graph'), graphId, graphId]);
const cursorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ graph: z.literal(1), kind: z.literal('delta'), folder: graphId, deltaLink: z.url().max(8_000) }),
  z.strictObject({ graph: z.literal(1), kind: z.literal('listing'), folder: graphId }),
]);

export function encodeKey(key: GraphKey): string {
  return JSON.stringify(['graph', key.folder, key.id]);
}

/** @throws AppError `invalid-input` (`field: 'key'`) for a key this provider did not make. */
export function decodeKey(key: string): GraphKey {
  const parsed = keySchema.safeParse(parseJson(key));
  if (!parsed.success) throw new AppError('invalid-input', 'This is not a Microsoft 365 message key.', { field: 'key' });
  return { folder: parsed.data[1], id: parsed.data[2] };
}

export function encodeCursor(cursor: GraphCursor): string {
  return JSON.stringify({ graph: 1, ...cursor });
}

/** @throws AppError `invalid-input` (`field: 'cursor'`) for a cursor this provider did not make, or one of another folder. */
export function decodeCursor(cursor: string, folder: string): GraphCursor {
  const parsed = cursorSchema.safeParse(parseJson(cursor));
  if (!parsed.success) throw new AppError('invalid-input', 'This is not a Microsoft 365 folder cursor.', { field: 'cursor' });
  if (parsed.data.folder !== folder) throw new AppError('invalid-input', 'This cursor belongs to another folder.', { field: 'cursor' });
  const { graph: _version, ...rest } = parsed.data;
  return rest;
}

/**
 * A Graph message as the seam's headers. Graph answers recipients decoded already (names
 * and addresses apart); Message-ID comes as `internetMessageId`, In-Reply-To and References
 * from the internet headers; received time is `receivedDateTime`, `date` is `sentDateTime`.
 */
export function toMessageHeaders(message: Message, folder: string): MessageHeaders {
  const id = message.id ?? '';
  const headers = message.internetMessageHeaders ?? [];
  const header = (name: string) => headers.find((entry) => (entry.name ?? '').toLowerCase() === name)?.value ?? null;
  const received = Date.parse(message.receivedDateTime ?? '');
  const sent = Date.parse(message.sentDateTime ?? '');
  const property = (wanted: string) => message.singleValueExtendedProperties?.find((entry) => entry.id?.toLowerCase() === wanted.toLowerCase())?.value ?? null;
  const size = Number(property(messageSizeProperty) ?? 0);
  const flags: string[] = [];
  if (message.isRead === true) flags.push('\\Seen');
  if (message.flag?.flagStatus === 'flagged') flags.push('\\Flagged');
  return {
    key: encodeKey({ folder, id }),
    location: { folder, uidValidity: null, uid: null, providerId: id },
    internalDate: new Date(Number.isFinite(received) ? received : 0),
    messageId: normalizeMessageId(message.internetMessageId ?? header('message-id')),
    inReplyTo: parseMessageIdList(header('in-reply-to') ?? property(inReplyToProperty)),
    references: parseMessageIdList(header('references') ?? property(referencesProperty)),
    subject: message.subject ?? '',
    date: Number.isFinite(sent) ? new Date(sent) : null,
    from: addresses(message.from === null || message.from === undefined ? [] : [message.from]),
    to: addresses(message.toRecipients ?? []),
    cc: addresses(message.ccRecipients ?? []),
    bcc: addresses(message.bccRecipients ?? []),
    size: Number.isSafeInteger(size) && size > 0 ? size : 0,
    flags,
  };
}

/**
 * Recipients with an address; Graph fills `name` with the address when the header had no
 * display name, which the seam reads as no name.
 */
function addresses(recipients: readonly Recipient[]): HeaderAddress[] {
  const out: HeaderAddress[] = [];
  for (const recipient of recipients) {
    const address = recipient.emailAddress?.address?.trim() ?? '';
    if (!address.includes('@')) continue;
    const name = recipient.emailAddress?.name?.trim() ?? '';
    out.push({ name: name.toLowerCase() === address.toLowerCase() ? '' : name, address });
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
