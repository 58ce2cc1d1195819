import { randomBytes } from 'node:crypto';
import type { MailFolder, Message } from '@microsoft/microsoft-graph-types';
import { assertNever } from '../../../../shared/assert-never.js';
import type { CredentialSource } from '../../auth/credentials.js';
import { microsoftInitialWindow } from '../../domain/initial-window.js';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import { AppError } from '../../errors.js';
import type { FolderChange, HeaderPage, MailProvider, MessageHeaders, OutgoingMessage, ProviderFolder, ScanStart, SendHooks, SendResult } from '../mail-provider.js';
import { notSentFrom } from '../mail-provider.js';
import { GraphClient } from './graph-client.js';
import { GraphHttpError, neverConnected, networkCodeOf, parseRetryAfter, translateGraphError } from './microsoft-errors.js';
import { decodeCursor, decodeKey, encodeCursor, encodeKey, headerSelect, lookupSelect, extendedExpand, toMessageHeaders } from './microsoft-headers.js';
import { addressesIn, headerBlock } from './mime-fields.js';

/**
 * The Microsoft 365 / Outlook.com provider: Microsoft Graph v1.0 behind the `MailProvider`
 * seam (docs/providers.md "Microsoft"). Folders are the well-known `inbox` and
 * `sentitems` (R9); the first scan takes the folder's newest 100 messages (R10); later scans
 * follow the folder's delta link (https://learn.microsoft.com/graph/delta-query-messages);
 * headers come by `$select` (R2), sources by `$value` only for mail the caller fetches.
 * Graph files the Sent copy of what `sendMail` sends (`sentCopy: 'server'`).
 */

export interface MicrosoftSettings {
  /** The account's address (what Entra signed in). */
  address: string;
  /** `https://graph.microsoft.com/v1.0/` unless a test points it at the stand-in. */
  graphUrl?: string;
}

export interface MicrosoftProviderOptions {
  /** Headers per page; default 100. */
  pageSize?: number;
  /** Graph requests in flight at once for this mailbox; default (and at most) 4. */
  concurrency?: number;
  /** The first scan's size per folder; default 100 (R10). */
  initialCount?: number;
  /** Header GETs per JSON batch in a cursor scan; default (and at most) 20, Graph's limit; 1: no batching. */
  headerBatchSize?: number;
  /** How often `waitForChange` reads the delta link; default 15 s. */
  pollIntervalMs?: number;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

const defaultGraphUrl = 'https://graph.microsoft.com/v1.0/';
const wellKnown = [
  { name: 'inbox', role: 'inbox' },
  { name: 'sentitems', role: 'sent' },
] as const;
/** Messages per delta page (`Prefer: odata.maxpagesize`). */
const deltaPageSize = 200;
/** Addresses per `$search`: KQL stays short, and every hit is re-checked anyway. */
const addressesPerSearch = 10;

/** Graph's limit of requests in one JSON batch. */
const maxBatchRequests = 20;

/** JSON batching's bodies (https://learn.microsoft.com/graph/json-batching), as far as Hirebox uses them. */
interface BatchRequestItem {
  id: string;
  method: 'GET';
  /** Relative to the version root. */
  url: string;
}
interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
interface BatchResponseBody {
  responses?: BatchResponseItem[];
}

type Listing = { value?: Message[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
type DeltaEntry = Message & { '@removed'?: { reason?: string } };

export function createMicrosoftProvider(settings: MicrosoftSettings, credentials: CredentialSource, options: MicrosoftProviderOptions = {}): MailProvider {
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const initialCount = Math.max(1, options.initialCount ?? microsoftInitialWindow().top);
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  const headerBatchSize = Math.min(maxBatchRequests, Math.max(1, options.headerBatchSize ?? maxBatchRequests));
  const graph = new GraphClient(settings.graphUrl ?? defaultGraphUrl, credentials, { timeoutMs: options.timeoutMs ?? 30_000, maxInFlight: Math.min(4, options.concurrency ?? 4) });
  const folderPath = (folder: string) => `me/mailFolders/${encodeURIComponent(folder)}`;

  /** Every page of a listing, following `@odata.nextLink`. */
  const listAll = async (what: string, first: URL, signal?: AbortSignal, limit = Number.POSITIVE_INFINITY): Promise<Message[]> => {
    const all: Message[] = [];
    let url: URL | null = first;
    while (url !== null && all.length < limit) {
      const page: Listing = await graph.json<Listing>(what, url, { signal });
      all.push(...(page.value ?? []));
      url = page['@odata.nextLink'] === undefined ? null : graph.url(page['@odata.nextLink']);
    }
    return all.slice(0, limit);
  };

  /**
   * One delta round from `link` (null: a first round of the folder, ids only): the ids added
   * or changed and the ids gone, per message its last state, and the next delta link. Null
   * when Graph no longer has the sync state (410 `SyncStateNotFound`, `syncStateGone`).
   */
  const deltaRound = async (folder: string, link: string | null, signal?: AbortSignal): Promise<{ added: string[]; removed: string[]; deltaLink: string } | null> => {
    const state = new Map<string, 'added' | 'removed'>();
    let url: URL = link === null ? graph.url(`${folderPath(folder)}/messages/delta`, { $select: 'id' }) : graph.url(link);
    for (;;) {
      let page: Listing;
      try {
        page = await graph.json<Listing>('reading the folder’s changes', url, { signal, headers: { Prefer: `odata.maxpagesize=${deltaPageSize}` } });
      } catch (error) {
        if (error instanceof AppError && error.cause instanceof GraphHttpError && syncStateGone(error.cause)) return null;
        throw error;
      }
      for (const entry of (page.value ?? []) as DeltaEntry[]) {
        if (!entry.id) continue;
        state.delete(entry.id);
        state.set(entry.id, entry['@removed'] === undefined ? 'added' : 'removed');
      }
      if (page['@odata.deltaLink'] !== undefined) {
        graph.url(page['@odata.deltaLink']);
        const entries = [...state];
        return { added: entries.filter(([, kind]) => kind === 'added').map(([id]) => id), removed: entries.filter(([, kind]) => kind === 'removed').map(([id]) => id), deltaLink: page['@odata.deltaLink'] };
      }
      if (page['@odata.nextLink'] === undefined) throw new AppError('internal', 'Microsoft Graph answered a delta page without a next or delta link.');
      url = graph.url(page['@odata.nextLink']);
    }
  };

  /**
   * Headers of each id, by JSON batching (https://learn.microsoft.com/graph/json-batching):
   * `headerBatchSize` GETs in one `POST $batch`, one batch at a time — each request inside
   * still counts against the mailbox's limits, so one batch at a time keeps Hirebox as gentle
   * as four single GETs were, with a twentieth of the round trips. A message gone meanwhile
   * (404) is left out; any other failure inside fails the scan as the request alone would
   * (a 429 with its Retry-After). `headerBatchSize` 1: one GET per message, 4 in flight.
   */
  const headersOf = async (folder: string, ids: readonly string[], signal?: AbortSignal): Promise<MessageHeaders[]> => {
    const query = new URLSearchParams({ $select: headerSelect, $expand: extendedExpand }).toString();
    const found: Message[] = [];
    if (headerBatchSize === 1) {
      const single = await Promise.all(
        ids.map(async (id) => {
          try {
            return await graph.json<Message>('reading message headers', graph.url(`me/messages/${encodeURIComponent(id)}?${query}`), { signal });
          } catch (error) {
            if (error instanceof AppError && error.code === 'not-found') return null;
            throw error;
          }
        }),
      );
      for (const message of single) if (message !== null) found.push(message);
    } else {
      for (let start = 0; start < ids.length; start += headerBatchSize) {
        const chunk = ids.slice(start, start + headerBatchSize);
        const requests: BatchRequestItem[] = chunk.map((id, index) => ({ id: String(index + 1), method: 'GET', url: `/me/messages/${encodeURIComponent(id)}?${query}` }));
        const answer = await graph.json<BatchResponseBody>('reading message headers', graph.url('$batch'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requests }), signal });
        const byId = new Map((answer.responses ?? []).map((response) => [String(response.id), response]));
        for (const request of requests) {
          const response = byId.get(request.id);
          if (response === undefined) throw new AppError('internal', 'Microsoft Graph left a request of the batch unanswered.');
          if (response.status === 404) continue;
          if (response.status < 200 || response.status >= 300) throw translateGraphError(batchErrorOf(response), 'reading message headers');
          found.push(response.body as Message);
        }
      }
    }
    return found.map((message) => toMessageHeaders(message, folder));
  };

  /** Headers oldest first, in pages, all with `cursor`. */
  function* pagesOf(headers: MessageHeaders[], cursor: string, flags: Partial<HeaderPage>): Generator<HeaderPage> {
    const sorted = byReceived(headers);
    if (sorted.length === 0) {
      yield { headers: [], cursor, total: 0, scanned: 0, ...flags };
      return;
    }
    for (let start = 0; start < sorted.length; start += pageSize) {
      const chunk = sorted.slice(start, start + pageSize);
      yield { headers: chunk, cursor, total: sorted.length, scanned: start + chunk.length, ...flags };
    }
  }

  /**
   * The first scan (R10): a delta round first (ids only), so its link covers everything the
   * listing after it can show, then the folder's newest messages, one request.
   */
  async function* initialPages(folder: string, signal: AbortSignal | undefined, flags: Partial<HeaderPage> = {}): AsyncGenerator<HeaderPage> {
    const round = await deltaRound(folder, null, signal);
    if (round === null) throw new AppError('internal', 'Microsoft Graph refused a new delta query for the folder.');
    const window = microsoftInitialWindow();
    const newest = await listAll('listing the newest messages', graph.url(`${folderPath(folder)}/messages`, { $top: String(initialCount), $orderby: window.orderBy, $select: headerSelect, $expand: extendedExpand }), signal, initialCount);
    yield* pagesOf(newest.map((message) => toMessageHeaders(message, folder)), encodeCursor({ folder, kind: 'delta', deltaLink: round.deltaLink }), flags);
  }

  async function* cursorPages(folder: string, cursor: string, signal: AbortSignal | undefined): AsyncGenerator<HeaderPage> {
    const from = decodeCursor(cursor, folder);
    const round = from.kind === 'delta' ? await deltaRound(folder, from.deltaLink, signal) : null;
    if (round === null) {
      // The delta token expired (410) — or a listing's cursor was stored: start over, and say so.
      yield* initialPages(folder, signal, { restarted: 'cursor-expired' });
      return;
    }
    const next = encodeCursor({ folder, kind: 'delta', deltaLink: round.deltaLink });
    const removed = round.removed.length > 0 ? { removed: round.removed } : {};
    if (round.added.length === 0) {
      yield { headers: [], cursor: next, total: 0, scanned: 0, ...removed };
      return;
    }
    for (let start = 0; start < round.added.length; start += pageSize) {
      const chunk = round.added.slice(start, start + pageSize);
      const last = start + chunk.length >= round.added.length;
      yield {
        headers: byReceived(await headersOf(folder, chunk, signal)),
        // Until the last page, resuming from the old cursor repeats these pages (never misses one).
        cursor: last ? next : cursor,
        total: round.added.length,
        scanned: start + chunk.length,
        ...(start === 0 ? removed : {}),
      };
    }
  }

  async function* sincePages(folder: string, since: Date, signal: AbortSignal | undefined): AsyncGenerator<HeaderPage> {
    const found = await listAll('listing messages since a date', graph.url(`${folderPath(folder)}/messages`, { $filter: `receivedDateTime ge ${since.toISOString()}`, $orderby: 'receivedDateTime desc', $top: String(pageSize), $select: headerSelect, $expand: extendedExpand }), signal);
    const headers = found.map((message) => toMessageHeaders(message, folder)).filter((entry) => entry.internalDate.getTime() >= since.getTime());
    yield* pagesOf(headers, encodeCursor({ folder, kind: 'listing' }), {});
  }

  /** Graph's `$search` (KQL `participants:` covers From, To, Cc and Bcc), ten addresses a query, one query at a time. */
  async function* searchPages(folder: string, since: Date, addresses: readonly string[], signal: AbortSignal | undefined, before?: Date): AsyncGenerator<HeaderPage> {
    const cursor = encodeCursor({ folder, kind: 'listing' });
    const usable = [...new Set(addresses.map((address) => address.trim().toLowerCase()).filter((address) => /^[^\s"()]+@[^\s"()]+$/u.test(address)))];
    if (usable.length === 0) {
      yield { headers: [], cursor, total: 0, scanned: 0 };
      return;
    }
    const seen = new Set<string>();
    const day = since.toISOString().slice(0, 10);
    for (let start = 0; start < usable.length; start += addressesPerSearch) {
      const terms = usable.slice(start, start + addressesPerSearch).map((address) => `participants:${address}`);
      const search = `"received>=${day} AND (${terms.join(' OR ')})"`;
      const found = await listAll('searching messages', graph.url(`${folderPath(folder)}/messages`, { $search: search, $top: String(pageSize), $select: headerSelect, $expand: extendedExpand }), signal);
      const fresh = found
        .map((message) => toMessageHeaders(message, folder))
        // `before` is filtered here: the KQL stays the one Graph documents for whole days.
        .filter((entry) => entry.internalDate.getTime() >= since.getTime() && (before === undefined || entry.internalDate.getTime() < before.getTime()) && !seen.has(entry.key));
      for (const entry of fresh) seen.add(entry.key);
      yield* pagesOf(fresh, cursor, {});
    }
  }

  const source = async (key: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> => {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new AppError('invalid-input', 'maxBytes must be a positive whole number.', { field: 'maxBytes' });
    const { id } = decodeKey(key);
    // `$value` is the MIME source; reading it does not change `isRead`.
    const bytes = await graph.bytes('reading a message', graph.url(`me/messages/${encodeURIComponent(id)}/$value`), { signal });
    return bytes.length > maxBytes ? Buffer.from(bytes.subarray(0, maxBytes)) : bytes;
  };

  /** Messages in `folder` (a folder id or well-known name; `null`: the whole mailbox) with exactly this Message-ID, newest first. */
  const byMessageId = async (folder: string | null, messageId: string, signal?: AbortSignal): Promise<Message[]> => {
    const quoted = `<${messageId}>`.replace(/'/gu, "''");
    const path = folder === null ? 'me/messages' : `${folderPath(folder)}/messages`;
    const found = await listAll('finding a message by its Message-ID', graph.url(path, { $filter: `internetMessageId eq '${quoted}'`, $select: lookupSelect, $top: '10' }), signal, 10);
    return found.filter((message) => normalizeMessageId(message.internetMessageId ?? null) === messageId).sort((left, right) => Date.parse(right.receivedDateTime ?? '') - Date.parse(left.receivedDateTime ?? ''));
  };

  const provider: MailProvider = {
    kind: 'microsoft',
    sentCopy: 'server',

    async listFolders(signal) {
      const folders: ProviderFolder[] = [];
      for (const known of wellKnown) {
        try {
          const folder = await graph.json<MailFolder>('reading the mail folders', graph.url(folderPath(known.name), { $select: 'id,displayName' }), { signal });
          if (folder.id) folders.push({ path: folder.id, name: folder.displayName || known.name, role: known.role, roleSource: 'provider' });
        } catch (error) {
          // A mailbox without Sent Items is a valid answer (R9: the settings then ask).
          if (!(known.role === 'sent' && error instanceof AppError && error.code === 'not-found')) throw error;
        }
      }
      return folders;
    },

    scanHeaders(folder: string, start: ScanStart, signal?: AbortSignal): AsyncIterable<HeaderPage> {
      switch (start.kind) {
        case 'initial-window':
          return initialPages(folder, signal);
        case 'since':
          return sincePages(folder, start.since, signal);
        case 'cursor':
          return cursorPages(folder, start.cursor, signal);
        case 'search':
          return searchPages(folder, start.since, start.addresses, signal, start.before);
        default:
          return assertNever(start);
      }
    },

    fetchSource: (key, maxBytes, signal) => source(key, maxBytes, signal),
    peekBody: (key, maxBytes, signal) => source(key, maxBytes, signal),

    async findByMessageId(folder, messageId, signal) {
      const id = normalizeMessageId(messageId);
      if (id === null) throw new AppError('invalid-input', 'This is not a Message-ID.', { field: 'messageId' });
      const newest = (await byMessageId(folder, id, signal))[0];
      return newest?.id ? encodeKey({ folder, id: newest.id }) : null;
    },

    async append() {
      throw new AppError('invalid-input', 'Microsoft 365 files the Sent copy itself when it sends; Hirebox never files one in a Microsoft mailbox.', { field: 'sentCopy' });
    },

    async waitForChange(folder, since, maxWaitMs, signal): Promise<FolderChange> {
      const deadline = Date.now() + Math.max(0, maxWaitMs);
      let link: string;
      if (since === null) {
        const round = await deltaRound(folder, null, signal);
        if (round === null) return 'changed';
        link = round.deltaLink;
      } else {
        const cursor = decodeCursor(since, folder);
        if (cursor.kind !== 'delta') return 'changed';
        link = cursor.deltaLink;
      }
      for (;;) {
        // The stored link is read, never moved: the sync that follows a change starts from it.
        const round = await deltaRound(folder, link, signal);
        if (round === null || round.added.length > 0 || round.removed.length > 0) return 'changed';
        const left = deadline - Date.now();
        if (left <= 0) return 'quiet';
        await sleep(Math.min(pollIntervalMs, left), signal);
      }
    },

    send: (message, hooks, signal) => send(message, hooks, signal),

    async close() {
      graph.close();
    },
  };

  const send = async (message: OutgoingMessage, hooks: SendHooks = {}, signal?: AbortSignal): Promise<SendResult> => {
    if (message.raw.length === 0) throw new AppError('invalid-input', 'The message to send is empty.', { field: 'raw' });
    if (message.recipients.length === 0) throw new AppError('invalid-input', 'The message has no recipient.', { field: 'recipients' });
    const head = headerBlock(message.raw);
    // Graph sends a MIME message to what To, Cc and Bcc name: a recipient missing there would silently get nothing.
    const named = new Set(addressesIn([...(head.get('to') ?? []), ...(head.get('cc') ?? []), ...(head.get('bcc') ?? [])]).map((address) => address.toLowerCase()));
    if (message.recipients.some((recipient) => !named.has(recipient.trim().toLowerCase()))) throw new AppError('invalid-input', 'Every recipient must be named in To, Cc or Bcc of the message.', { field: 'recipients' });
    const messageId = normalizeMessageId(head.get('message-id')?.[0] ?? null);
    let raw = message.raw;
    try {
      signal?.throwIfAborted();
      raw = await inConversation(message.raw, head, signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return notSentFor(error);
    }
    let failure: unknown;
    try {
      // MIME in the body, base64, as text/plain (https://learn.microsoft.com/graph/api/user-sendmail, "MIME format").
      await graph.raw(graph.url('me/sendMail'), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: raw.toString('base64'), signal, ...(hooks.onSendStart === undefined ? {} : { onStart: hooks.onSendStart }) });
      return { outcome: 'accepted', refused: [] };
    } catch (error) {
      failure = error;
    }
    return judgeSendFailure(failure, messageId, signal);
  };

  /**
   * A reply joins the Outlook conversation of the message it answers: Exchange groups by the
   * conversation index (MS-OXOMSG 2.2.1.3), which a reply extends by a 5-byte child block;
   * the `Thread-Index` header carries it. Found by the nearest In-Reply-To/References id the
   * mailbox holds (at most three lookups); none found, the message goes as it is.
   */
  const inConversation = async (raw: Buffer, head: Map<string, string[]>, signal?: AbortSignal): Promise<Buffer> => {
    if (head.has('thread-index')) return raw;
    const parents = parseMessageIdList([...(head.get('in-reply-to') ?? []), ...(head.get('references') ?? []).reverse()].join(' '));
    for (const parentId of [...new Set(parents)].slice(0, 3)) {
      let found: Message[];
      try {
        found = await byMessageId(null, parentId, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // Cannot tell now: the reply still goes, threaded by its headers.
        return raw;
      }
      const index = found.find((entry) => entry.conversationIndex)?.conversationIndex;
      if (index) return Buffer.concat([Buffer.from(`Thread-Index: ${childConversationIndex(Buffer.from(index, 'base64')).toString('base64')}\r\n`), raw]);
    }
    return raw;
  };

  /** A send that failed: refused for sure, or unknown — then Sent Items is asked before anyone retries (R15). */
  const judgeSendFailure = async (failure: unknown, messageId: string | null, signal?: AbortSignal): Promise<SendResult> => {
    if (failure instanceof AppError) return notSentFor(failure);
    const reason = translateGraphError(failure, 'sending').message;
    if (!signal?.aborted) {
      if (failure instanceof GraphHttpError) {
        // Throttled requests are not carried out (https://learn.microsoft.com/graph/throttling).
        if (failure.status === 429 || (failure.status === 503 && failure.retryAfterMs !== undefined)) {
          return { outcome: 'not-sent', failure: 'temporary', reason, ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }) };
        }
        if (failure.status === 403) return { outcome: 'not-sent', failure: 'auth', reason };
        if (failure.status >= 400 && failure.status < 500) return { outcome: 'not-sent', failure: 'permanent', reason };
      } else if (neverConnected(failure)) {
        return { outcome: 'not-sent', failure: 'unreachable', reason };
      }
    }
    // A 5xx, a cut connection or an abort after the content went out: Graph may have sent it.
    if (messageId !== null && !signal?.aborted && (failure instanceof GraphHttpError || networkCodeOf(failure) !== null || failure instanceof TypeError)) {
      try {
        if ((await byMessageId('sentitems', messageId)).length > 0) return { outcome: 'accepted', refused: [] };
      } catch {
        // Cannot tell: unknown below.
      }
    }
    return { outcome: 'unknown', reason };
  };

  return provider;
}

function notSentFor(error: unknown): SendResult {
  return notSentFrom(error instanceof AppError ? error : translateGraphError(error, 'sending'));
}

/**
 * A reply's conversation index (MS-OXOMSG 2.2.1.3): the parent's, plus a child block of
 * 5 bytes — a delta code bit and 31 bits of time since the parent's header, then 4 random
 * bits and a 4-bit sequence count.
 */
export function childConversationIndex(parent: Buffer, now = Date.now()): Buffer {
  const header = parent.subarray(0, 22);
  if (header.length < 22) return Buffer.concat([parent, randomBytes(5)]);
  // The header's 5 time bytes are FILETIME bits 63..24 (the reserved first byte apart).
  const parentTime = BigInt(header.readUIntBE(1, 5)) << 24n;
  const nowTime = BigInt(now) * 10_000n + 116_444_736_000_000_000n;
  const difference = nowTime > parentTime ? nowTime - parentTime : 0n;
  const small = difference < 1n << 49n;
  const delta = Number((small ? difference >> 18n : difference >> 23n) & 0x7fff_ffffn);
  const block = Buffer.alloc(5);
  block.writeUInt32BE(((small ? 0 : 1) << 31) | delta, 0);
  block.writeUInt8(((randomBytes(1)[0] ?? 0) & 0xf0) | 0, 4);
  return Buffer.concat([parent, block]);
}

/**
 * Graph no longer has the delta token's sync state: 410 Gone, or a 4xx with one of the codes
 * the delta documentation names (https://learn.microsoft.com/graph/delta-query-overview,
 * "Synchronization reset"). The scan starts over.
 */
function syncStateGone(error: GraphHttpError): boolean {
  if (error.status === 410) return true;
  return error.status >= 400 && error.status < 500 && /^(syncStateNotFound|syncStateInvalid|resyncRequired)$/iu.test(error.graphCode ?? '');
}

/** A failed request inside a batch, as the same request alone would have failed. */
function batchErrorOf(response: BatchResponseItem): GraphHttpError {
  const body = typeof response.body === 'object' && response.body !== null ? (response.body as { error?: { code?: unknown; message?: unknown } }) : {};
  const retryAfter = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1] ?? null;
  return new GraphHttpError(response.status, typeof body.error?.code === 'string' ? body.error.code : null, typeof body.error?.message === 'string' ? body.error.message : '', parseRetryAfter(retryAfter));
}

function byReceived(headers: MessageHeaders[]): MessageHeaders[] {
  return headers.sort((left, right) => left.internalDate.getTime() - right.internalDate.getTime());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
