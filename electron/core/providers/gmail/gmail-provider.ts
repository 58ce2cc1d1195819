import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { assertNever } from '../../../../shared/assert-never.js';
import type { Credential, CredentialSource } from '../../auth/credentials.js';
import { gmailInitialWindow, type KeepInWindow } from '../../domain/initial-window.js';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import { AppError } from '../../errors.js';
import type { FolderChange, HeaderPage, MailProvider, MessageHeaders, OutgoingMessage, ProviderFolder, ScanStart, SendHooks, SendResult } from '../mail-provider.js';
import { notSentFrom } from '../mail-provider.js';
import { isNetworkFailure, neverConnected, reasonOf, retryAfterMsOf, statusOf, translateGmailError } from './gmail-errors.js';
import { defaultGmailRetry, quotaOf, systemClock, underQuota, type GmailClock, type GmailMethod, type GmailQuota, type GmailRetryPolicy } from './gmail-quota.js';
import { addressesOf, decodeCursor, decodeKey, encodeCursor, encodeKey, metadataHeaders, toMessageHeaders } from './gmail-headers.js';

/**
 * The Gmail provider: the Gmail API (`@googleapis/gmail`) behind the `MailProvider` seam
 * (docs/providers.md "Gmail"). Folders are the system labels INBOX and SENT (R9); the
 * first scan takes the last 24 hours by `after:` and `internalDate` (R10); later scans
 * follow `history.list` from the history id in the cursor; headers come by
 * `format=metadata`, sources by `format=raw` (which changes no label). Gmail files the
 * Sent copy of what `messages.send` sends (`sentCopy: 'server'`). Tokens come from the
 * credential source: on a 401 it is asked to refresh once and the call runs once more.
 * Every call goes through the user's quota budget (gmail-quota.ts): its units, a bounded
 * number in flight, and rate-limit answers waited out as Google asked.
 */

export interface GmailSettings {
  /** The account's address (what Google signed in). */
  address: string;
  /** The API's root, `https://gmail.googleapis.com/` unless a test points it at the stand-in. */
  rootUrl?: string;
}

export interface GmailProviderOptions {
  /** Messages per header page (one `messages.get` each); default 100. */
  pageSize?: number;
  /** `messages.get` calls in flight at once; default 4. */
  concurrency?: number;
  /** The user's budget; default the one shared by every provider of this address (`quotaOf`). */
  quota?: GmailQuota;
  /** How rate limits and passing server failures are retried in place; default `defaultGmailRetry`. */
  retry?: GmailRetryPolicy;
  /** For the quota's waits; default the system clock. */
  clock?: GmailClock;
  random?: () => number;
  /** How often `waitForChange` asks `history.list`; default 15 s. */
  pollIntervalMs?: number;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  now?: () => Date;
}

const folders: readonly ProviderFolder[] = [
  { path: 'INBOX', name: 'Inbox', role: 'inbox', roleSource: 'provider' },
  { path: 'SENT', name: 'Sent', role: 'sent', roleSource: 'provider' },
];
const historyTypes = ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'];
/** Addresses per `search` query: Gmail queries stay short, and every hit is re-checked anyway. */
const addressesPerQuery = 10;

type Call = { headers: Record<string, string>; signal?: AbortSignal; timeout: number; retry: false };

export function createGmailProvider(settings: GmailSettings, credentials: CredentialSource, options: GmailProviderOptions = {}): MailProvider {
  const api = gmail({ version: 'v1', ...(settings.rootUrl === undefined ? {} : { rootUrl: settings.rootUrl }) });
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const quota = options.quota ?? quotaOf(settings.address);
  const quotaPacing = { policy: options.retry ?? defaultGmailRetry, clock: options.clock ?? systemClock, random: options.random ?? Math.random };
  let closed = false;

  const accessToken = async (): Promise<{ credential: Credential; token: string }> => {
    const credential = await credentials.current();
    if (credential.kind !== 'oauth') throw new AppError('auth-required', 'This mailbox signs in with Google; sign in with Google again.');
    return { credential, token: credential.accessToken };
  };

  /**
   * One read of the API under the quota: a rate limit is waited out and tried again, so
   * is a 5xx or a dropped connection (reads are idempotent); the rest is thrown.
   */
  const call = <T>(method: GmailMethod, what: string, signal: AbortSignal | undefined, run: (options: Call) => Promise<{ data: T }>): Promise<T> =>
    underQuota(quota, method, () => callOnce(what, signal, run), { signal, retryServerErrors: true, ...quotaPacing });

  /** One API call with the current token; on 401 one refresh and one more try. Errors translated. */
  const callOnce = async <T>(what: string, signal: AbortSignal | undefined, run: (options: Call) => Promise<{ data: T }>): Promise<T> => {
    if (closed) throw new AppError('internal', 'This Gmail connection was closed.');
    signal?.throwIfAborted();
    const attempt = (token: string) => run({ headers: { Authorization: `Bearer ${token}` }, ...(signal === undefined ? {} : { signal }), timeout: timeoutMs, retry: false });
    const { credential, token } = await accessToken();
    try {
      return (await attempt(token)).data;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (statusOf(error) !== 401) throw translateGmailError(error, what);
    }
    const fresh = await credentials.refresh(credential);
    if (fresh.kind !== 'oauth') throw new AppError('auth-required', 'This mailbox signs in with Google; sign in with Google again.');
    signal?.throwIfAborted();
    try {
      return (await attempt(fresh.accessToken)).data;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (statusOf(error) === 401) throw new AppError('auth-required', 'Gmail refused the renewed sign-in; sign in with Google again.', { cause: error });
      throw translateGmailError(error, what);
    }
  };

  const profileHistoryId = async (signal?: AbortSignal): Promise<string> => {
    const profile = await call('users.getProfile', 'reading the mailbox profile', signal, (request) => api.users.getProfile({ userId: 'me' }, request));
    if (!profile.historyId) throw new AppError('internal', 'Gmail answered no history id for the mailbox.');
    return profile.historyId;
  };

  /** Every message id the query finds in the label, oldest first. */
  const listIds = async (folder: string, q: string, signal?: AbortSignal): Promise<string[]> => {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const page: gmail_v1.Schema$ListMessagesResponse = await call('users.messages.list', 'listing messages', signal, (request) =>
        api.users.messages.list({ userId: 'me', labelIds: [folder], q, maxResults: 500, ...(pageToken === undefined ? {} : { pageToken }) }, request),
      );
      for (const message of page.messages ?? []) if (message.id) ids.push(message.id);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    // Gmail lists newest first; pages go oldest first.
    return [...new Set(ids)].reverse();
  };

  /** Metadata of each id, in the same order; a message gone meanwhile (404) is left out. */
  const metadata = async (folder: string, ids: readonly string[], signal?: AbortSignal): Promise<gmail_v1.Schema$Message[]> => {
    const results: (gmail_v1.Schema$Message | null)[] = new Array(ids.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        try {
          results[index] = await call('users.messages.get', 'reading message headers', signal, (request) =>
            api.users.messages.get({ userId: 'me', id: ids[index] as string, format: 'metadata', metadataHeaders: [...metadataHeaders] }, request),
          );
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'not-found')) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return results.filter((message): message is gmail_v1.Schema$Message => message !== null && (message.labelIds ?? []).includes(folder));
  };

  /** Pages of a list query: `keep` filters exactly by `internalDate`. */
  async function* queryPages(folder: string, q: string, keep: KeepInWindow, signal: AbortSignal | undefined, flags: Partial<HeaderPage>): AsyncGenerator<HeaderPage> {
    const historyId = await profileHistoryId(signal);
    const ids = await listIds(folder, q, signal);
    const cursor = encodeCursor({ folder, historyId });
    const scannedAt = now();
    if (ids.length === 0) {
      yield { headers: [], cursor, total: 0, scanned: 0, ...flags };
      return;
    }
    for (let start = 0; start < ids.length; start += pageSize) {
      const chunk = ids.slice(start, start + pageSize);
      const headers = (await metadata(folder, chunk, signal)).map((message) => toMessageHeaders(message, folder, scannedAt)).filter((entry) => keep(entry.internalDate));
      yield { headers: byReceived(headers), cursor, total: ids.length, scanned: start + chunk.length, ...flags };
    }
  }

  async function* initialPages(folder: string, at: Date, signal: AbortSignal | undefined, flags: Partial<HeaderPage> = {}): AsyncGenerator<HeaderPage> {
    const window = gmailInitialWindow(at);
    yield* queryPages(folder, window.query, window.keep, signal, flags);
  }

  /** What changed in the label since `historyId`: ids added (in order) and ids gone; null when Gmail no longer has that history (404). */
  const changesSince = async (folder: string, historyId: string, signal?: AbortSignal): Promise<{ added: string[]; removed: string[]; historyId: string } | null> => {
    const state = new Map<string, 'added' | 'removed'>();
    let pageToken: string | undefined;
    let latest = historyId;
    try {
      do {
        const page: gmail_v1.Schema$ListHistoryResponse = await call('users.history.list', 'reading the mailbox history', signal, (request) =>
          api.users.history.list({ userId: 'me', startHistoryId: historyId, labelId: folder, historyTypes, maxResults: 500, ...(pageToken === undefined ? {} : { pageToken }) }, request),
        );
        for (const record of page.history ?? []) {
          const mark = (id: string | null | undefined, change: 'added' | 'removed') => {
            if (!id) return;
            state.delete(id);
            state.set(id, change);
          };
          for (const entry of record.messagesAdded ?? []) if ((entry.message?.labelIds ?? []).includes(folder)) mark(entry.message?.id, 'added');
          for (const entry of record.labelsAdded ?? []) if ((entry.labelIds ?? []).includes(folder)) mark(entry.message?.id, 'added');
          for (const entry of record.labelsRemoved ?? []) if ((entry.labelIds ?? []).includes(folder)) mark(entry.message?.id, 'removed');
          for (const entry of record.messagesDeleted ?? []) mark(entry.message?.id, 'removed');
        }
        if (page.historyId) latest = page.historyId;
        pageToken = page.nextPageToken ?? undefined;
      } while (pageToken !== undefined);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not-found') return null;
      throw error;
    }
    const added = [...state].filter(([, change]) => change === 'added').map(([id]) => id);
    const removed = [...state].filter(([, change]) => change === 'removed').map(([id]) => id);
    return { added, removed, historyId: latest };
  };

  async function* cursorPages(folder: string, cursor: string, signal: AbortSignal | undefined): AsyncGenerator<HeaderPage> {
    const from = decodeCursor(cursor, folder);
    const changes = await changesSince(folder, from.historyId, signal);
    if (changes === null) {
      // The history id is older than Gmail keeps: start over with the window, and say so.
      yield* initialPages(folder, now(), signal, { restarted: 'cursor-expired' });
      return;
    }
    const next = encodeCursor({ folder, historyId: changes.historyId });
    const removed = changes.removed.length > 0 ? { removed: changes.removed } : {};
    const scannedAt = now();
    if (changes.added.length === 0) {
      yield { headers: [], cursor: next, total: 0, scanned: 0, ...removed };
      return;
    }
    for (let start = 0; start < changes.added.length; start += pageSize) {
      const chunk = changes.added.slice(start, start + pageSize);
      const last = start + chunk.length >= changes.added.length;
      const headers = (await metadata(folder, chunk, signal)).map((message) => toMessageHeaders(message, folder, scannedAt));
      yield {
        headers: byReceived(headers),
        // Until the last page, resuming from the old cursor repeats these pages (never misses one).
        cursor: last ? next : cursor,
        total: changes.added.length,
        scanned: start + chunk.length,
        ...(start === 0 ? removed : {}),
      };
    }
  }

  async function* searchPages(folder: string, since: Date, addresses: readonly string[], signal: AbortSignal | undefined, before?: Date): AsyncGenerator<HeaderPage> {
    // `before:` in epoch seconds is exclusive; a second wider, then exact on internalDate.
    const after = `after:${Math.floor(since.getTime() / 1000)}${before === undefined ? '' : ` before:${Math.ceil(before.getTime() / 1000) + 1}`}`;
    const keep: KeepInWindow = (receivedAt) => receivedAt.getTime() >= since.getTime() && (before === undefined || receivedAt.getTime() < before.getTime());
    const usable = [...new Set(addresses.map((address) => address.trim()).filter((address) => /^[^\s"{}()]+@[^\s"{}()]+$/u.test(address)))];
    if (usable.length === 0) {
      yield { headers: [], cursor: encodeCursor({ folder, historyId: await profileHistoryId(signal) }), total: 0, scanned: 0 };
      return;
    }
    const seen = new Set<string>();
    for (let start = 0; start < usable.length; start += addressesPerQuery) {
      const terms = usable.slice(start, start + addressesPerQuery).flatMap((address) => [`from:${address}`, `to:${address}`, `cc:${address}`, `bcc:${address}`]);
      for await (const page of queryPages(folder, `${after} {${terms.join(' ')}}`, keep, signal, {})) {
        const fresh = page.headers.filter((entry) => !seen.has(entry.key));
        for (const entry of fresh) seen.add(entry.key);
        yield { ...page, headers: fresh };
      }
    }
  }

  const provider: MailProvider = {
    kind: 'gmail',
    sentCopy: 'server',

    async listFolders(signal) {
      const answer = await call('users.labels.list', 'listing labels', signal, (request) => api.users.labels.list({ userId: 'me' }, request));
      const present = new Set((answer.labels ?? []).map((label) => label.id));
      return folders.filter((folder) => present.has(folder.path)).map((folder) => ({ ...folder }));
    },

    scanHeaders(folder: string, start: ScanStart, signal?: AbortSignal): AsyncIterable<HeaderPage> {
      switch (start.kind) {
        case 'initial-window':
          return initialPages(folder, start.now, signal);
        case 'since': {
          const since = start.since;
          return queryPages(folder, `after:${Math.floor(since.getTime() / 1000)}`, (receivedAt) => receivedAt.getTime() >= since.getTime(), signal, {});
        }
        case 'cursor':
          return cursorPages(folder, start.cursor, signal);
        case 'search':
          return searchPages(folder, start.since, start.addresses, signal, start.before);
        default:
          return assertNever(start);
      }
    },

    async fetchSource(key, maxBytes, signal) {
      return raw(key, maxBytes, signal);
    },

    async peekBody(key, maxBytes, signal) {
      return raw(key, maxBytes, signal);
    },

    async findByMessageId(folder, messageId, signal) {
      const id = normalizeMessageId(messageId);
      if (id === null) throw new AppError('invalid-input', 'This is not a Message-ID.', { field: 'messageId' });
      const hits = await listIds(folder, `rfc822msgid:${id}`, signal);
      const exact = (await metadata(folder, hits, signal)).filter((message) => {
        const header = (message.payload?.headers ?? []).find((entry) => (entry.name ?? '').toLowerCase() === 'message-id');
        return normalizeMessageId(header?.value ?? null) === id;
      });
      const newest = exact.sort((left, right) => Number(right.internalDate ?? 0) - Number(left.internalDate ?? 0))[0];
      return newest?.id ? encodeKey({ folder, id: newest.id }) : null;
    },

    async append() {
      throw new AppError('invalid-input', 'Gmail files the Sent copy itself when it sends; Hirebox never files one in a Gmail mailbox.', { field: 'sentCopy' });
    },

    async waitForChange(folder, since, maxWaitMs, signal): Promise<FolderChange> {
      const deadline = Date.now() + Math.max(0, maxWaitMs);
      const historyId = since === null ? await profileHistoryId(signal) : decodeCursor(since, folder).historyId;
      for (;;) {
        // All of it: the first records may be read-state changes that bring nothing to sync.
        const changes = await changesSince(folder, historyId, signal);
        if (changes === null || changes.added.length > 0 || changes.removed.length > 0) return 'changed';
        const left = deadline - Date.now();
        if (left <= 0) return 'quiet';
        await sleep(Math.min(pollIntervalMs, left), signal);
      }
    },

    send: (message, hooks, signal) => send(message, hooks, signal),

    async close() {
      closed = true;
    },
  };

  const raw = async (key: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> => {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new AppError('invalid-input', 'maxBytes must be a positive whole number.', { field: 'maxBytes' });
    const { id } = decodeKey(key);
    const message = await call('users.messages.get', 'reading a message', signal, (request) => api.users.messages.get({ userId: 'me', id, format: 'raw' }, request));
    if (typeof message.raw !== 'string') throw new AppError('internal', 'Gmail answered a message without its source.');
    const source = Buffer.from(message.raw, 'base64url');
    return source.length > maxBytes ? Buffer.from(source.subarray(0, maxBytes)) : source;
  };

  const send = async (message: OutgoingMessage, hooks: SendHooks = {}, signal?: AbortSignal): Promise<SendResult> => {
    if (message.raw.length === 0) throw new AppError('invalid-input', 'The message to send is empty.', { field: 'raw' });
    if (message.recipients.length === 0) throw new AppError('invalid-input', 'The message has no recipient.', { field: 'recipients' });
    const head = headerBlock(message.raw);
    // Gmail sends to what To, Cc and Bcc name: a recipient missing there would silently get nothing.
    const named = new Set(addressesOf([...(head.get('to') ?? []), ...(head.get('cc') ?? []), ...(head.get('bcc') ?? [])]).map((entry) => entry.address.toLowerCase()));
    const missing = message.recipients.filter((recipient) => !named.has(recipient.trim().toLowerCase()));
    if (missing.length > 0) throw new AppError('invalid-input', 'Every recipient must be named in To, Cc or Bcc of the message.', { field: 'recipients' });
    const messageId = normalizeMessageId(head.get('message-id')?.[0] ?? null);
    if (closed) return { outcome: 'not-sent', failure: 'temporary', reason: 'This Gmail connection was closed.' };
    let token: { credential: Credential; token: string };
    try {
      signal?.throwIfAborted();
      token = await accessToken();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return notSentFor(error);
    }
    // In the Gmail thread of the conversation: the thread of the message it answers.
    const threadId = await threadOf(parseMessageIdList([...(head.get('in-reply-to') ?? []), ...(head.get('references') ?? [])].join(' ')).reverse(), signal);
    const body = { raw: message.raw.toString('base64url'), ...(threadId === null ? {} : { threadId }) };
    const attempt = (bearer: string) =>
      api.users.messages.send({ userId: 'me', requestBody: body }, { headers: { Authorization: `Bearer ${bearer}` }, ...(signal === undefined ? {} : { signal }), timeout: timeoutMs, retry: false });
    // Under the budget (100 units) and never retried in place: a send that may have gone out is judged below.
    let release: () => void;
    try {
      release = await quota.take('users.messages.send', signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return notSentFor(error);
    }
    const sent = await (async (): Promise<SendResult | { failure: unknown }> => {
      try {
        hooks.onSendStart?.();
        let failure: unknown;
        try {
          await attempt(token.token);
          return { outcome: 'accepted', refused: [] };
        } catch (error) {
          failure = error;
        }
        if (!signal?.aborted && statusOf(failure) === 401) {
          // Refused before anything was taken: renew and send once more.
          try {
            const fresh = await credentials.refresh(token.credential);
            if (fresh.kind !== 'oauth') return { outcome: 'not-sent', failure: 'auth', reason: 'This mailbox signs in with Google; sign in with Google again.' };
            await attempt(fresh.accessToken);
            return { outcome: 'accepted', refused: [] };
          } catch (error) {
            if (error instanceof AppError) return notSentFor(error);
            failure = error;
            if (statusOf(failure) === 401) return { outcome: 'not-sent', failure: 'auth', reason: 'Gmail refused the renewed sign-in; sign in with Google again.' };
          }
        }
        return { failure };
      } finally {
        release();
      }
    })();
    // The slot is given back first: looking the Message-ID up needs one of its own.
    return 'outcome' in sent ? sent : judgeSendFailure(sent.failure, messageId, signal);
  };

  /**
   * The Gmail thread of the first of `messageIds` (nearest parent first) the mailbox holds,
   * by `rfc822msgid:`. Null when none is found or Gmail cannot say now: the message then
   * goes without a thread id (Gmail threads it by its headers where it can).
   */
  const threadOf = async (messageIds: readonly string[], signal?: AbortSignal): Promise<string | null> => {
    for (const id of messageIds.slice(0, 3)) {
      try {
        const found = await call('users.messages.list', 'finding the conversation', signal, (request) => api.users.messages.list({ userId: 'me', q: `rfc822msgid:${id}`, maxResults: 1 }, request));
        const threadId = found.messages?.[0]?.threadId;
        if (threadId) return threadId;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        return null;
      }
    }
    return null;
  };

  /** A send that failed: refused for sure, or unknown — then the Sent label is asked before anyone retries (R15). */
  const judgeSendFailure = async (failure: unknown, messageId: string | null, signal?: AbortSignal): Promise<SendResult> => {
    const status = statusOf(failure);
    const reason = translateGmailError(failure, 'sending').message;
    if (!signal?.aborted) {
      if (status === 429 || (status === 403 && /rate|quota/iu.test(reasonOf(failure) ?? ''))) {
        const retryAfterMs = retryAfterMsOf(failure);
        if (retryAfterMs !== undefined) quota.coolDown(quotaPacing.clock.now() + retryAfterMs);
        return { outcome: 'not-sent', failure: 'temporary', reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      }
      if (status === 401 || status === 403) return { outcome: 'not-sent', failure: 'auth', reason };
      if (status !== null && status >= 400 && status < 500) return { outcome: 'not-sent', failure: 'permanent', reason };
      if (status === null && neverConnected(failure)) return { outcome: 'not-sent', failure: 'unreachable', reason };
    }
    // A 5xx, a cut connection or an abort after the content went out: Gmail may have sent it.
    if (messageId !== null && !signal?.aborted && (status !== null || isNetworkFailure(failure))) {
      try {
        if ((await provider.findByMessageId('SENT', messageId)) !== null) return { outcome: 'accepted', refused: [] };
      } catch {
        // Cannot tell: unknown below.
      }
    }
    return { outcome: 'unknown', reason };
  };

  return provider;
}

function notSentFor(error: unknown): SendResult {
  return notSentFrom(error instanceof AppError ? error : translateGmailError(error, 'sending'));
}

function byReceived(headers: MessageHeaders[]): MessageHeaders[] {
  return headers.sort((left, right) => left.internalDate.getTime() - right.internalDate.getTime());
}

/** The raw message's header fields, unfolded, by lower-case name. */
function headerBlock(raw: Buffer): Map<string, string[]> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const fields = new Map<string, string[]>();
  for (const line of (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/gu, ' ').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
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
