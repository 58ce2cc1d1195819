import { normalizeMessageId } from '../../domain/message-headers.js';
import type { AppendOptions } from '../mail-provider.js';
import { AppError } from '../../errors.js';
import { withFolder, type ImapConnection } from './imap-connection.js';
import { decodeMessageKey, encodeMessageKey } from './imap-keys.js';
import { sortedUids, toSequenceSet } from './sequence-set.js';

/** At most this many SEARCH hits are checked for the exact Message-ID (newest first). */
const maxMessageIdCandidates = 50;

/**
 * The first `maxBytes` bytes of a message's RFC 822 source, by `BODY.PEEK[]<0.maxBytes>`
 * (RFC 9051 §6.4.5: the PEEK form never sets `\Seen`; the folder is EXAMINEd, too).
 * `not-found` when the message is gone or the key's UIDVALIDITY is no longer the folder's.
 * `seenHere`: this session has seen the message already (fetched its headers), so no NOOP.
 */
export async function fetchMessagePrefix(connection: ImapConnection, key: string, maxBytes: number, signal: AbortSignal | undefined, seenHere = false): Promise<Buffer> {
  const location = decodeMessageKey(key);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new AppError('invalid-input', 'maxBytes must be a positive whole number of bytes.', { field: 'maxBytes' });
  return connection.run(
    `fetching a message from ${location.folder}`,
    signal,
    (client) =>
      withFolder(client, location.folder, false, async (mailbox) => {
        if (Number(mailbox.uidValidity) !== location.uidValidity) {
          // RFC 9051 §2.3.1.1: under a new UIDVALIDITY the old UID may name another message.
          throw new AppError('not-found', `The message is no longer in ${location.folder}: the folder was rebuilt on the server (UIDVALIDITY changed).`);
        }
        // A message that came after this session selected the folder (the scan found it on
        // its own session) is only visible here after a NOOP (measured on Dovecot) — unless
        // this session fetched its headers already (`seenHere`: the watch, issue 22).
        if (!seenHere && !(location.uid < mailbox.uidNext)) await client.noop();
        const message = await client.fetchOne(String(location.uid), { uid: true, source: { maxLength: maxBytes } }, { uid: true });
        if (message === false) throw new AppError('not-found', `The message is no longer in ${location.folder}.`);
        const source = message.source ?? Buffer.alloc(0);
        return source.length > maxBytes ? source.subarray(0, maxBytes) : source;
      }),
    location.folder,
  );
}

/**
 * The first `maxBytes` bytes of several messages' sources (issue 22), by one `UID FETCH
 * <set> BODY.PEEK[]<0.maxBytes>` per folder instead of one command each. Per key the
 * source, or `not-found` as `fetchMessagePrefix` gives it for that message alone.
 */
export async function fetchMessagePrefixes(connection: ImapConnection, keys: readonly string[], maxBytes: number, signal: AbortSignal | undefined): Promise<Map<string, Buffer | AppError>> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new AppError('invalid-input', 'maxBytes must be a positive whole number of bytes.', { field: 'maxBytes' });
  const byFolder = new Map<string, { uidValidity: number; uid: number; key: string }[]>();
  for (const key of new Set(keys)) {
    const location = decodeMessageKey(key);
    const group = byFolder.get(location.folder);
    if (group === undefined) byFolder.set(location.folder, [{ ...location, key }]);
    else group.push({ ...location, key });
  }
  const sources = new Map<string, Buffer | AppError>();
  for (const [folder, wanted] of byFolder) {
    await connection.run(
      `fetching messages from ${folder}`,
      signal,
      (client) =>
        withFolder(client, folder, false, async (mailbox) => {
          const current = Number(mailbox.uidValidity);
          const byUid = new Map<number, string>();
          for (const { uidValidity, uid, key } of wanted) {
            // RFC 9051 §2.3.1.1: under a new UIDVALIDITY the old UID may name another message.
            if (uidValidity !== current) sources.set(key, new AppError('not-found', `The message is no longer in ${folder}: the folder was rebuilt on the server (UIDVALIDITY changed).`));
            else byUid.set(uid, key);
          }
          if (byUid.size === 0) return;
          // As in fetchMessagePrefix: mail newer than this session's SELECT shows after a NOOP.
          if ([...byUid.keys()].some((uid) => !(uid < mailbox.uidNext))) await client.noop();
          for await (const message of client.fetch(toSequenceSet(sortedUids([...byUid.keys()])), { uid: true, source: { maxLength: maxBytes } }, { uid: true })) {
            const key = byUid.get(message.uid);
            if (key === undefined) continue;
            const source = message.source ?? Buffer.alloc(0);
            sources.set(key, source.length > maxBytes ? source.subarray(0, maxBytes) : source);
          }
          for (const key of byUid.values()) if (!sources.has(key)) sources.set(key, new AppError('not-found', `The message is no longer in ${folder}.`));
        }),
      folder,
    );
  }
  return sources;
}

/**
 * The key of the message with this Message-ID in `folder`, or null: `UID SEARCH HEADER
 * Message-ID <id>` (a substring match, RFC 9051 §6.4.4.1), then the exact id from each
 * hit's ENVELOPE, newest first. A NOOP first, so a Sent copy filed a moment ago is seen.
 */
export async function findMessageById(connection: ImapConnection, folder: string, messageId: string, signal: AbortSignal | undefined): Promise<string | null> {
  const id = normalizeMessageId(messageId);
  if (id === null) throw new AppError('invalid-input', 'This is not a Message-ID.', { field: 'messageId' });
  return connection.run(
    `the Message-ID search in ${folder}`,
    signal,
    (client) =>
      withFolder(client, folder, true, async (mailbox) => {
        const found = await client.search({ header: { 'message-id': id } }, { uid: true });
        if (!Array.isArray(found)) throw new AppError('internal', `The IMAP server refused the Message-ID search in ${folder}.`);
        const candidates = sortedUids(found).slice(-maxMessageIdCandidates);
        if (candidates.length === 0) return null;
        let best: number | null = null;
        for await (const message of client.fetch(toSequenceSet(candidates), { uid: true, envelope: true }, { uid: true })) {
          if (normalizeMessageId(message.envelope?.messageId) === id && (best === null || message.uid > best)) best = message.uid;
        }
        return best === null ? null : encodeMessageKey({ folder, uidValidity: Number(mailbox.uidValidity), uid: best });
      }),
    folder,
  );
}

/**
 * Files `raw` in `folder` by APPEND (RFC 9051 §6.3.12) as read, unless a message with its
 * Message-ID is there already. The search comes first inside the same unit of work, so the
 * connection's one retry after a lost session (imap-connection.ts) finds the copy the
 * first try may have filed and does not file a second. The key comes from APPENDUID (RFC
 * 4315, UIDPLUS) where the server gives it, else from a Message-ID search.
 */
export async function appendMessage(connection: ImapConnection, folder: string, raw: Buffer, options: AppendOptions, signal: AbortSignal | undefined): Promise<string> {
  const id = normalizeMessageId(options.messageId);
  if (id === null) throw new AppError('invalid-input', 'This is not a Message-ID.', { field: 'messageId' });
  const present = await findMessageById(connection, folder, id, signal);
  if (present !== null) return present;
  const appended = await connection.run(
    `filing a copy in ${folder}`,
    signal,
    async (client) => {
      const again = await withFolder(client, folder, true, async () => {
        const found = await client.search({ header: { 'message-id': id } }, { uid: true });
        return Array.isArray(found) && found.length > 0;
      });
      // A hit here is a copy the first try filed before its answer was lost: use the search below.
      if (again) return null;
      const result = await client.append(folder, raw, ['\\Seen'], options.internalDate ?? new Date());
      if (result === false) throw new AppError('internal', `The IMAP server refused to file the message in ${folder}.`);
      return result.uid !== undefined && result.uidValidity !== undefined ? encodeMessageKey({ folder, uidValidity: Number(result.uidValidity), uid: result.uid }) : null;
    },
    folder,
  );
  if (appended !== null) return appended;
  const key = await findMessageById(connection, folder, id, signal);
  if (key === null) throw new AppError('internal', `The copy filed in ${folder} cannot be found again.`);
  return key;
}
