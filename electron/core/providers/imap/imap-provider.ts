import { AppError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { MailProvider } from '../mail-provider.js';
import { ImapConnection } from './imap-connection.js';
import { toProviderFolders } from './imap-folders.js';
import { appendMessage, fetchMessagePrefix, fetchMessagePrefixes, findMessageById } from './imap-messages.js';
import { scanFolderHeaders } from './imap-scan.js';
import { decodeCursor } from './imap-keys.js';
import { waitForFolderArrivals, waitForFolderChange } from './imap-watch.js';
import type { ImapSettings } from './imap-settings.js';

// Re-exported so one import gives what the engine's composition root needs.
export { checkImapConnection } from './imap-connection.js';
export type { ImapSecurity, ImapSettings } from './imap-settings.js';

export interface ImapProviderOptions {
  logger?: Logger;
  /** Connect, greeting and stalled-command timeout in ms; default 30 s. */
  timeoutMs?: number;
  /** UIDs fetched per header page; default 200. */
  pageSize?: number;
  /** The clock, for a scan that restarts with the initial window; default `new Date()`. */
  now?: () => Date;
  /** Live updates on a server without IDLE: ms between NOOPs; default 30 s. */
  pollIntervalMs?: number;
  /** Live updates: longest wait for the liveness NOOP before a session counts as dead; default 20 s. */
  livenessTimeoutMs?: number;
}

/** A server without IDLE is asked this often whether new mail arrived (issue 7). */
export const defaultImapPollIntervalMs = 30_000;
/** No answer to a NOOP within this time: the session is dead and replaced (issue 7). */
export const defaultImapLivenessTimeoutMs = 20_000;

/**
 * UIDs per header page: a FETCH of 1,000 envelopes is a few MB at most. Each page is one
 * FETCH and one store transaction; fewer, larger pages scan a big mailbox faster (issue 9
 * benchmark), and a crash loses at most one page of progress.
 */
export const defaultImapPageSize = 1000;

/** Everything of a `MailProvider` but sending, which an IMAP account does over SMTP. */
export type ImapReader = Omit<MailProvider, 'send' | 'sentCopy'>;

/**
 * The reading half of the `MailProvider` for any IMAP server (docs/providers.md), over one imapflow session
 * opened on first use. Settings are checked here, before any socket opens: `security:
 * 'none'` off loopback is refused with `invalid-input` (field `imap.security`).
 */
export function createImapProvider(settings: ImapSettings, options: ImapProviderOptions = {}): ImapReader {
  const pageSize = options.pageSize ?? defaultImapPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new AppError('invalid-input', 'The page size must be a positive whole number.', { field: 'pageSize' });
  const connection = new ImapConnection(settings, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const now = options.now ?? (() => new Date());
  // Everything but the scan goes over a session of its own (issue 22): the scan's session is
  // busy with one long streamed FETCH (under its mailbox lock until the FETCH ends), and a
  // match's source, a forward peek, a Message-ID lookup or an APPEND must not wait for its
  // end — nor, while the scan waits for its caller, deadlock with it. Opened on first use.
  const sourceConnection = new ImapConnection(settings, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  // Live updates wait on a session of their own: a scan on the first one would end the IDLE.
  const watchConnection = new ImapConnection(settings, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const watch = {
    connection: watchConnection,
    pollIntervalMs: options.pollIntervalMs ?? defaultImapPollIntervalMs,
    livenessTimeoutMs: options.livenessTimeoutMs ?? defaultImapLivenessTimeoutMs,
    watchedKeys: new Set<string>(),
  };
  // Issue 22: the source (or forward peek) of mail the watch just fetched the headers of is
  // read on the watch's session, which has the folder selected and knows the message — no
  // SELECT or NOOP first, as the source session would need.
  const read = (key: string, maxBytes: number, signal?: AbortSignal) =>
    watch.watchedKeys.has(key) ? fetchMessagePrefix(watchConnection, key, maxBytes, signal, true) : fetchMessagePrefix(sourceConnection, key, maxBytes, signal);
  return {
    kind: 'imap',
    listFolders: (signal) => sourceConnection.run('listing the folders', signal, async (client) => toProviderFolders(await client.list())),
    scanHeaders: (folder, start, signal) => scanFolderHeaders({ connection, pageSize, now }, folder, start, signal),
    fetchSource: read,
    fetchSources: (keys, maxBytes, signal) => fetchMessagePrefixes(sourceConnection, keys, maxBytes, signal),
    // The first bytes of the whole message are header block plus the start of the body:
    // enough for the forward peek (R6), at the same cost as a partial body fetch.
    peekBody: read,
    findByMessageId: (folder, messageId, signal) => findMessageById(sourceConnection, folder, messageId, signal),
    append: (folder, raw, appendOptions, signal) => appendMessage(sourceConnection, folder, raw, appendOptions, signal),
    waitForChange: (folder, since, maxWaitMs, signal) => waitForFolderChange(watch, folder, since === null ? null : decodeCursor(since), maxWaitMs, signal),
    waitForArrivals: (folder, since, maxWaitMs, signal) => {
      // Only the last watch's arrivals are read on its session (a bounded set).
      watch.watchedKeys.clear();
      return waitForFolderArrivals(watch, folder, decodeCursor(since), maxWaitMs, signal);
    },
    close: async () => {
      await Promise.all([connection.close(), sourceConnection.close(), watchConnection.close()]);
    },
  };
}
