import { ImapFlow, type MailboxObject } from 'imapflow';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { exceptionFor } from '../tls-policy.js';
import { hidePassword, translateImapError } from './imap-errors.js';
import { defaultImapTimeoutMs, toImapFlowOptions, validateImapSettings, type ImapSettings } from './imap-settings.js';

export interface ImapConnectionOptions {
  logger?: Logger;
  /** Connect, greeting and stalled-command timeout; default `defaultImapTimeoutMs`. */
  timeoutMs?: number;
}

/** Longest wait for a polite LOGOUT before the socket is simply closed. */
const logoutTimeoutMs = 5_000;

/**
 * One logged-in IMAP session, opened on first use and opened again after the server or
 * the network dropped it. Every call goes through `run`, which is the provider's edge:
 * whatever imapflow, the socket or TLS throws leaves it as an `AppError`.
 *
 * imapflow pitfalls handled here (RECIPES.md): an `error` listener is always attached (a
 * socket timeout without one crashes the process); auto-IDLE is off. An idle session is
 * closed by imapflow after `timeoutMs` without traffic; the next call reconnects.
 */
export class ImapConnection {
  readonly #settings: ImapSettings;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;
  #client: ImapFlow | undefined;
  #connecting: Promise<ImapFlow> | undefined;
  #closing: Promise<void> | undefined;

  constructor(settings: ImapSettings, options: ImapConnectionOptions = {}) {
    validateImapSettings(settings);
    this.#settings = settings;
    this.#timeoutMs = options.timeoutMs ?? defaultImapTimeoutMs;
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0) throw new AppError('invalid-input', 'The IMAP timeout must be a positive number of milliseconds.', { field: 'timeoutMs' });
    this.#logger = options.logger;
  }

  /**
   * Runs `work` on the logged-in client and translates every failure (`operation` names
   * it in messages; `folder` names a missing folder). When `signal` aborts, the session is
   * closed — IMAP cannot cancel a command otherwise — and the call rejects with the
   * signal's reason. `work` must only read: when an already open session turns out to be
   * gone, it runs once more on a new one.
   */
  async run<T>(operation: string, signal: AbortSignal | undefined, work: (client: ImapFlow) => Promise<T>, folder?: string): Promise<T> {
    signal?.throwIfAborted();
    const abort = () => this.#drop('aborted by the caller');
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const { client, reused } = await this.#connected();
      signal?.throwIfAborted();
      try {
        return await work(client);
      } catch (error) {
        if (!isSessionLost(error)) throw error;
        this.#forget(client);
        // A session that sat idle may have been dropped by the server or a NAT box without
        // us noticing. Every command this provider sends only reads, so running the work
        // once more on a fresh session is safe; a fresh session that fails is reported.
        if (!reused || signal?.aborted) throw error;
        this.#logger?.debug('IMAP session lost, retrying once on a new one', { host: this.#settings.host, operation });
        const fresh = await this.#connected();
        signal?.throwIfAborted();
        return await work(fresh.client);
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const { host, port } = this.#settings;
      const trustedByHand = exceptionFor({ host, port, exceptions: this.#settings.certificateExceptions }) !== null;
      throw translateImapError(error, { host, port, password: this.#settings.password, operation, trustedByHand, ...(folder === undefined ? {} : { folder }) });
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Logs out (or, when the server does not answer, closes the socket); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const pending = this.#connecting;
      if (pending !== undefined) await pending.catch(() => undefined);
      const client = this.#client;
      this.#client = undefined;
      if (client === undefined) return;
      if (client.usable) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.min(this.#timeoutMs, logoutTimeoutMs));
        });
        await Promise.race([client.logout().catch(() => undefined), timeout]);
        clearTimeout(timer);
      }
      client.close();
      this.#logger?.debug('IMAP session closed', { host: this.#settings.host });
    })();
    return this.#closing;
  }

  /** The logged-in client; `reused` when it was open before this call. */
  async #connected(): Promise<{ client: ImapFlow; reused: boolean }> {
    // Closed means closed: no call, and no retry of one, opens a session after close().
    if (this.#closing !== undefined) throw new AppError('internal', 'This IMAP connection has been closed.');
    const current = this.#client;
    if (current !== undefined && current.usable) return { client: current, reused: true };
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return { client: await this.#connecting, reused: false };
  }

  /** Stops using `client` (it failed); the next call opens a new session. */
  #forget(client: ImapFlow): void {
    if (this.#client === client) this.#client = undefined;
    client.close();
  }

  async #open(): Promise<ImapFlow> {
    const stale = this.#client;
    if (stale !== undefined) stale.close();
    const client = new ImapFlow(toImapFlowOptions(this.#settings, this.#timeoutMs));
    // Without a listener an 'error' event (socket timeout, reset) crashes the process; the
    // command that was running rejects on its own, so logging is all that is left to do.
    client.on('error', (error: { code?: string; message?: string }) => {
      this.#logger?.debug('IMAP session error', { host: this.#settings.host, code: error.code ?? null, reason: hidePassword(error.message ?? '', this.#settings.password) });
    });
    client.on('close', () => {
      if (this.#client === client) this.#client = undefined;
    });
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      if (this.#client === client) this.#client = undefined;
      client.close();
      throw error;
    }
    this.#logger?.debug('IMAP session opened', { host: this.#settings.host, secure: client.secureConnection });
    return client;
  }

  #drop(reason: string): void {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) {
      this.#logger?.debug('IMAP session dropped', { host: this.#settings.host, reason });
      client.close();
    }
  }
}

// imapflow's and Node's codes for "the session is gone": the command never ran or its
// answer was lost, and a new session may well succeed.
const sessionLostCodes = new Set(['NoConnection', 'EConnectionClosed', 'ECONNRESET', 'EPIPE']);

function isSessionLost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && sessionLostCodes.has(code);
}

/**
 * Selects `folder` read-only (EXAMINE, RFC 9051 §6.3.3: nothing this session does can set
 * `\Seen`) under imapflow's mailbox lock, runs `work`, and releases the lock in `finally`.
 * With `refresh`, a NOOP first lets the server report mail that arrived since the folder
 * was selected (measured on Dovecot: a SEARCH alone does not see new Maildir files).
 */
export async function withFolder<T>(client: ImapFlow, folder: string, refresh: boolean, work: (mailbox: MailboxObject) => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(folder, { readOnly: true, description: 'hirebox' });
  try {
    // noop() swallows its own errors; a dead session fails the next command instead.
    if (refresh) await client.noop();
    const mailbox = client.mailbox;
    if (mailbox === false) throw new AppError('network', `The IMAP session ended while ${folder} was open.`, { retryable: true, connection: { kind: 'server-unreachable', cause: 'connection-lost' } });
    return await work(mailbox);
  } finally {
    lock.release();
  }
}

/**
 * Logs in and out once, for "checked before it is saved" (R11). Throws the same
 * `AppError`s as the provider: `invalid-input` for the settings, `auth-required`,
 * `network`, `timeout`.
 */
export async function checkImapConnection(settings: ImapSettings, options: ImapConnectionOptions & { signal?: AbortSignal } = {}): Promise<void> {
  const connection = new ImapConnection(settings, options);
  try {
    await connection.run('the connection check', options.signal, async () => undefined);
  } finally {
    await connection.close();
  }
}
