import type { ImapFlow } from 'imapflow';
import { AppError } from '../../errors.js';
import type { FolderArrivals, FolderChange, MessageHeaders } from '../mail-provider.js';
import { headerFetchQuery, toMessageHeaders } from './envelope-headers.js';
import type { ImapConnection } from './imap-connection.js';
import type { ImapCursor } from './imap-keys.js';

export interface WatchOptions {
  /** The session the watch runs on: a second one, so scans never break the IDLE (issue 7). */
  connection: ImapConnection;
  /** How often a server without IDLE is asked with a NOOP (RFC 9051 §6.1.2). */
  pollIntervalMs: number;
  /** Longest wait for the answer to the liveness NOOP before the session counts as dead. */
  livenessTimeoutMs: number;
  /**
   * Keys of the messages `waitForFolderArrivals` fetched the headers of: their sources are
   * fetched on the watching session, which has them selected already (issue 22).
   */
  watchedKeys?: Set<string>;
}

/**
 * Waits on `folder` (selected read-only) until the server reports a change — new mail
 * (`EXISTS`), removed mail (`EXPUNGE`/`VANISHED`) — or `maxWaitMs` passes; at once when
 * the folder moved past `since` (the last scan's cursor) before the watch began. With IDLE
 * (RFC 2177) the server pushes the change; without, a NOOP every `pollIntervalMs` asks for
 * it. Before it answers `quiet`, a NOOP must come back within `livenessTimeoutMs`:
 * imapflow's `noop()` swallows errors, so a frozen server (no answer at all) is caught by
 * this deadline and the session closed, and the call fails with `timeout`. A session the
 * server or the network closes fails the call with `network`.
 */
export async function waitForFolderChange(options: WatchOptions, folder: string, since: ImapCursor | null, maxWaitMs: number, signal?: AbortSignal): Promise<FolderChange> {
  const change = await watchFolder(options, folder, since, maxWaitMs, false, signal);
  return change === 'quiet' ? 'quiet' : 'changed';
}

/**
 * Issue 22: `waitForFolderChange`, but new mail above `since` (an EXISTS during the IDLE,
 * or UIDs past the cursor at the SELECT) is fetched at once — one `UID FETCH
 * <lastUid+1>:*` of the scan's header fields on the watching session, which has the
 * folder selected and has seen the new messages — and answered with its headers. Removed
 * mail (EXPUNGE), a rebuilt folder (other UIDVALIDITY) and a fetch that finds nothing new
 * answer `changed`: the caller's scan sorts those out. The headers' sources are fetched on
 * the same session afterwards (`watchedKeys`), without the NOOP another session needs.
 */
export async function waitForFolderArrivals(options: WatchOptions, folder: string, since: ImapCursor, maxWaitMs: number, signal?: AbortSignal): Promise<FolderArrivals> {
  return watchFolder(options, folder, since, maxWaitMs, true, signal);
}

async function watchFolder(options: WatchOptions, folder: string, since: ImapCursor | null, maxWaitMs: number, fetchArrivals: boolean, signal?: AbortSignal): Promise<FolderArrivals> {
  if (!Number.isFinite(maxWaitMs) || maxWaitMs <= 0) throw new AppError('invalid-input', 'The longest wait must be a positive number of milliseconds.', { field: 'maxWaitMs' });
  return options.connection.run(
    `watching ${folder}`,
    signal,
    async (client) => {
      // A folder still selected from the last wait keeps the UIDNEXT of that SELECT (imapflow
      // updates only the count on EXISTS): select it afresh so the cursor check below is true.
      if (client.mailbox !== false) await client.mailboxClose();
      const lock = await client.getMailboxLock(folder, { readOnly: true, description: 'hirebox watch' });
      try {
        const opened = client.mailbox;
        if (opened === false) throw new AppError('network', `The IMAP session ended while ${folder} was open.`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'connection-lost' } });
        const uidValidity = Number(opened.uidValidity);
        const sameFolder = since !== null && uidValidity === since.uidValidity;
        // Mail that arrived after the last scan, before this SELECT, raises no EXISTS: the
        // cursor tells. A rebuilt folder (other UIDVALIDITY) is a change too.
        if (since !== null && (!sameFolder || opened.uidNext - 1 > since.lastUid)) {
          return fetchArrivals && sameFolder ? arrivedSince(options, client, folder, since, signal) : 'changed';
        }
        const seen = { exists: opened.exists, uidNext: opened.uidNext };
        const change = await watchSelected(client, options, maxWaitMs, signal);
        if (change === 'exists' && fetchArrivals && sameFolder) return arrivedSince(options, client, folder, since, signal);
        if (change !== 'timeout') return 'changed';
        // The liveness check doubles as a last look: a change that arrived while IDLE was
        // being ended shows in the mailbox's counters.
        await answeredWithin(client, options.livenessTimeoutMs, folder);
        const now = client.mailbox;
        if (now !== false && (now.exists !== seen.exists || now.uidNext !== seen.uidNext)) return 'changed';
        return 'quiet';
      } finally {
        lock.release();
      }
    },
    folder,
  );
}

/**
 * The headers of the selected folder's messages above the cursor, by one `UID FETCH
 * <lastUid+1>:*` (imapflow ends the IDLE first); `changed` when there are none (`n:*`
 * still names the last message, RFC 9051 §9) or the folder was rebuilt meanwhile.
 */
async function arrivedSince(options: WatchOptions, client: ImapFlow, folder: string, since: ImapCursor, signal?: AbortSignal): Promise<FolderArrivals> {
  signal?.throwIfAborted();
  const headers: MessageHeaders[] = [];
  const fetchedAt = new Date();
  for await (const message of client.fetch(`${since.lastUid + 1}:*`, headerFetchQuery, { uid: true })) {
    if (message.uid > since.lastUid) headers.push(toMessageHeaders(message, folder, since.uidValidity, fetchedAt));
  }
  const now = client.mailbox;
  if (now === false || Number(now.uidValidity) !== since.uidValidity || headers.length === 0) return 'changed';
  headers.sort((left, right) => (left.location.uid ?? 0) - (right.location.uid ?? 0));
  for (const message of headers) options.watchedKeys?.add(message.key);
  return { kind: 'arrived', headers };
}

/** Resolves on the first change (new or removed mail), at `maxWaitMs`, or rejects when the session closes. */
function watchSelected(client: ImapFlow, options: WatchOptions, maxWaitMs: number, signal?: AbortSignal): Promise<'exists' | 'expunge' | 'timeout'> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let pollTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: 'exists' | 'expunge' | 'timeout' | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pollTimer);
      client.off('exists', onExists);
      client.off('expunge', onExpunge);
      client.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onExists = () => finish('exists');
    const onExpunge = () => finish('expunge');
    const onClose = () => finish(new AppError('network', 'The IMAP server closed the connection that watched for new mail.', { retryable: true, connection: { kind: 'server-unreachable', cause: 'connection-lost' } }));
    const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new AppError('internal', 'Aborted.'));
    const deadline = setTimeout(() => finish('timeout'), maxWaitMs);
    client.on('exists', onExists);
    client.on('expunge', onExpunge);
    client.once('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (client.capabilities.has('IDLE')) {
      // Ended by the next command (the liveness NOOP) or by the session closing. A refused
      // IDLE resolves false at once: the poll below takes over.
      client.idle().then(
        (result) => {
          if (result === false && !settled) poll();
        },
        () => undefined,
      );
    } else {
      poll();
    }
    function poll(): void {
      pollTimer = setTimeout(() => {
        if (settled) return;
        answeredWithin(client, options.livenessTimeoutMs, 'the poll').then(
          () => poll(),
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
      }, options.pollIntervalMs);
    }
  });
}

/**
 * A NOOP that must come back within `timeoutMs`; otherwise the session is closed (it is
 * of no use: IMAP has no way to cancel the command) and `timeout` is thrown.
 */
async function answeredWithin(client: ImapFlow, timeoutMs: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([client.noop().then(() => 'answered' as const), timedOut]);
    if (outcome === 'timeout') {
      client.close();
      throw new AppError('timeout', `The IMAP server did not answer within ${timeoutMs} ms while watching ${what}; the connection is replaced.`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'timed-out' } });
    }
    if (!client.usable) throw new AppError('network', 'The IMAP connection that watched for new mail is gone.', { retryable: true, connection: { kind: 'server-unreachable', cause: 'connection-lost' } });
  } finally {
    clearTimeout(timer);
  }
}
