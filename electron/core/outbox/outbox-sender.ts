import { assertNever } from '../../../shared/assert-never.js';
import type { OutboxState, OutboxStateName } from '../../../shared/status.js';
import type { EventBus } from '../events/event-bus.js';
import { defaultRetryDelaysMs, nextOutboxState, retryDelayMs, sendableOutboxStates, type OutboxStep } from '../domain/outbox-states.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { MailProvider, SendResult } from '../providers/mail-provider.js';
import type { MailboxOpener } from '../providers/provider-factory.js';
import type { OwnAddressSource } from '../domain/address-guard.js';
import type { OutboxRecord } from '../store/repositories/outbox-repository.js';
import type { Store } from '../store/store.js';
import { writeAttachmentFiles } from '../mime/message-content.js';
import { readSentMessage, recordSentMessage, type SentMessage } from './record-sent-message.js';

/** How long the sender waits, and how often it looks; the tests shorten these. */
export interface OutboxTiming {
  /** Delays between attempts after a temporary failure or while the server is unreachable. */
  retryDelaysMs: readonly number[];
  /** How long to wait for the copy a server files in Sent by itself (bounded, R1). */
  sentCopyWaitMs: number;
  /** How often to look for that copy meanwhile. */
  sentCopyPollMs: number;
  /** When filing the copy or a crash recovery could not reach IMAP: try again after this. */
  imapRetryMs: number;
}

export const defaultOutboxTiming: OutboxTiming = {
  retryDelaysMs: defaultRetryDelaysMs,
  sentCopyWaitMs: 120_000,
  sentCopyPollMs: 2_000,
  imapRetryMs: 60_000,
};

export interface OutboxSenderOptions {
  store: Store;
  /** Opens a mailbox's provider, which sends and files or awaits the Sent copy. */
  opener: MailboxOpener;
  guard: OwnAddressSource;
  events: EventBus;
  dataFolder: string;
  logger: Logger;
  timing?: Partial<OutboxTiming>;
  now?: () => Date;
  /**
   * A clock that never jumps (ms), for waits that are a length of time rather than a moment:
   * the undo grace period and retries. Defaults to `performance.now()`, or to `now` when a
   * test sets `now` (then both move together).
   */
  monotonic?: () => number;
  /**
   * The SMTP server refused the mailbox's login: hold the mailbox as `auth-required` until
   * the user acts (the engine stops its sync too). Called synchronously up to its first await.
   */
  onAuthRefused?: (mailboxId: string) => Promise<void> | void;
}

/**
 * Sends queued outbox items through their mailbox (R1, R15), one at a time, and files or
 * awaits their Sent copy. Every state is stored before the step it announces — `sending`
 * before the SMTP transaction, `accepted` with the message in its thread once the server
 * said 250 — and pushed to the author. On start, items found in `sending` are never sent
 * again: their Message-ID is looked up in Sent (filed → `filed`, else `outcome-unknown`).
 */
export class OutboxSender {
  readonly #options: OutboxSenderOptions;
  readonly #timing: OutboxTiming;
  readonly #now: () => Date;
  readonly #tasks = new Set<Promise<unknown>>();
  /** Items whose Sent copy is being filed or awaited, or whose crash is being resolved. */
  readonly #following = new Set<string>();
  readonly #abort = new AbortController();
  #draining: Promise<void> | null = null;
  #drainAgain = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;
  /** Mailboxes seen `auth-required` (a refused login): their waiting mail goes once they are up to date again. */
  readonly #held = new Set<string>();
  readonly #monotonic: () => number;
  /**
   * For each wait that is a length of time (`next:<id>`, `undo:<id>`), the wall clock's offset
   * from the monotonic clock when this sender first saw it: a wall clock set back an hour
   * afterwards must not add an hour to an undo window or a retry, nor one set forward cut it.
   */
  readonly #waitFrames = new Map<string, { until: string; offset: number }>();

  constructor(options: OutboxSenderOptions) {
    this.#options = options;
    this.#timing = { ...defaultOutboxTiming, ...options.timing };
    const now = options.now;
    this.#now = now ?? (() => new Date());
    this.#monotonic = options.monotonic ?? (now === undefined ? () => performance.now() : () => now().getTime());
  }

  /**
   * Resolves what the last run left unfinished — `sending` (looked up in Sent, never
   * resent) and `accepted` (its copy filed or awaited) — and starts sending what waits.
   */
  start(): void {
    const { store, events } = this.#options;
    // A mailbox that synced again is reachable again: what waited in `queued` for it goes
    // now, not at the end of its backoff (R15 "waits while offline"); so does what was
    // written while its login was refused (held, follow-ups of issues 6–10).
    for (const mailbox of store.mailboxes.all()) if (mailbox.status.state === 'auth-required') this.#held.add(mailbox.id);
    this.#unsubscribe = events.subscribe((event) => {
      if (event.name !== 'mailbox:status') return;
      const { mailboxId, status } = event.payload;
      if (status.state === 'auth-required') this.#held.add(mailboxId);
      if (status.state !== 'up-to-date') return;
      const wasHeld = this.#held.delete(mailboxId);
      if (store.outbox.wakeQueued(mailboxId) > 0 || wasHeld) this.kick();
    });
    for (const item of store.outbox.inStates(['sending'])) this.#follow(item.id, () => this.#recover(item.id));
    for (const item of store.outbox.inStates(['accepted'])) this.#follow(item.id, () => this.#fileCopy(item.id));
    this.kick();
  }

  /** Looks at the queue now (a new item, a mailbox back online, a user action). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#draining !== null) {
      this.#drainAgain = true;
      return;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = null;
      if (this.#drainAgain) {
        this.#drainAgain = false;
        this.kick();
      }
    });
    this.#track(this.#draining);
  }

  /** Stops sending and waits for what runs; an SMTP transaction under way finishes or fails by itself. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#abort.abort();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  /** Resolves when nothing is being sent, filed or recovered right now (tests). */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  async #drain(): Promise<void> {
    const { store, logger } = this.#options;
    for (;;) {
      if (this.#stopped) return;
      const now = this.#now().getTime();
      const due = store.outbox
        .inStates(sendableOutboxStates)
        .find((item) => this.#dueAt(item) <= now && this.#maySend(item.mailboxId));
      if (due === undefined) break;
      try {
        await this.#send(due);
      } catch (error) {
        // A fault of ours, not the server's. Once `sending` was stored, whether the server
        // got it is unknown; before that, the item waits for its next attempt.
        const reason = error instanceof Error ? error.message : String(error);
        logger.error('outbox item could not be sent', { itemId: due.id, error: reason });
        const current = store.outbox.get(due.id);
        if (current?.state.state === 'sending') this.#setState(due.id, 'sending', { kind: 'lose-track', at: this.#now() });
        else if (current !== null && sendableOutboxStates.includes(current.state.state)) this.#retryLater({ ...current, attempts: current.attempts + 1 }, 'temporary', reason);
      }
    }
    this.#scheduleNext();
  }

  /** Sets a timer for the next waiting item's attempt. */
  #scheduleNext(): void {
    if (this.#stopped) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const waiting = this.#options.store.outbox.inStates(sendableOutboxStates);
    const ids = new Set(waiting.map((item) => item.id));
    for (const key of this.#waitFrames.keys()) if (!ids.has(key.slice(key.indexOf(':') + 1))) this.#waitFrames.delete(key);
    const times = waiting.filter((item) => this.#maySend(item.mailboxId)).map((item) => this.#dueAt(item));
    if (times.length === 0) return;
    // Capped: a mail sent later in some weeks would overflow a timer (2^31 ms), which Node fires at once.
    const delay = Math.min(Math.max(0, Math.min(...times) - this.#now().getTime()), 3_600_000);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, delay);
    this.#timer.unref?.();
  }

  /** One attempt: `sending` stored first, then one transaction through the provider, then what the server said. */
  async #send(item: OutboxRecord): Promise<void> {
    const { store, logger, opener } = this.#options;
    const mailbox = store.mailboxes.get(item.mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'The mailbox of this outbox item is gone.');
    let provider: MailProvider;
    try {
      provider = await opener.open(item.mailboxId);
    } catch (error) {
      // No password (R12, or a shell without a vault): wait in the queue, do not fail the mail.
      if (!(error instanceof AppError) || error.code !== 'auth-required') throw error;
      this.#retryLater(item, 'unreachable', error.message);
      return;
    }
    try {
      await this.#sendWith(provider, item, mailbox.address);
    } finally {
      // What the server answered is stored already; a failing close must not be taken for a failed send.
      await provider.close().catch((error: unknown) => logger.warn('closing the mailbox after sending failed', { itemId: item.id, error: error instanceof Error ? error.message : String(error) }));
    }
  }

  async #sendWith(provider: MailProvider, item: OutboxRecord, from: string): Promise<void> {
    const { store, logger } = this.#options;
    // Read before sending: between the server's 250 and the stored `accepted` nothing but
    // one transaction should stand.
    const message = await readSentMessage(item.rawMime, item.messageIdHeader);
    // Moved to another mailbox (or unlinked) while the message was read: its new mailbox
    // sends it. Checked synchronously right before `sending` is stored, so no await lies between.
    if (store.outbox.get(item.id)?.mailboxId !== item.mailboxId || store.outbox.sendingFacts(item.mailboxId)?.disconnectedAt != null) return;
    // R15: `sending` is committed before the transaction starts, so a crash from here on
    // leaves an item that is looked up in Sent, never sent again by itself.
    if (!this.#setState(item.id, item.state.state, { kind: 'start', at: this.#now() })) return;
    const attempts = item.attempts + 1;
    const result: SendResult = await provider.send({ from, recipients: item.recipients, raw: item.rawMime }, {}, this.#abort.signal);
    switch (result.outcome) {
      case 'accepted': {
        const refused = result.refused.map((entry) => `${entry.address} (${entry.reason})`);
        this.#recordAcceptance(item, message, refused, attempts);
        logger.info('outbox item accepted', { itemId: item.id, refused: result.refused.length });
        this.#follow(item.id, () => this.#fileCopy(item.id));
        return;
      }
      case 'unknown':
        logger.warn('outbox item not sent', { itemId: item.id, outcome: 'unknown' });
        this.#setState(item.id, 'sending', { kind: 'lose-track', at: this.#now() }, { attempts });
        return;
      case 'not-sent':
        logger.warn('outbox item not sent', { itemId: item.id, outcome: 'not-sent', failure: result.failure });
        if (result.failure === 'permanent') this.#setState(item.id, 'sending', { kind: 'fail-permanently', reason: result.reason }, { attempts });
        else if (result.failure === 'auth') this.#holdForAuth(item, attempts);
        else this.#retryLater({ ...item, attempts, state: { state: 'sending', startedAt: '' } }, result.failure, result.reason, result.retryAfterMs);
        return;
      default:
        assertNever(result);
    }
  }

  /**
   * The server refused the login (nothing was sent): the item waits in `queued` — not failed,
   * not retried on a backoff — and the mailbox is held as `auth-required`. Its next attempt
   * is due at once, so the user's "try again" (a sync that reaches `up-to-date`) wakes it.
   */
  #holdForAuth(item: OutboxRecord, attempts: number): void {
    const { store, logger } = this.#options;
    this.#setState(item.id, 'sending', { kind: 'unreachable' }, { attempts, nextAttemptAt: this.#now().toISOString() });
    this.#held.add(item.mailboxId);
    const hold = this.#options.onAuthRefused;
    if (hold === undefined) {
      // No scheduler to stop: the status alone holds the outbox (#maySend).
      const mailbox = store.mailboxes.get(item.mailboxId);
      if (mailbox !== null) store.mailboxes.setStatus(item.mailboxId, { status: { state: 'auth-required', kind: 'password-rejected' }, lastSyncedAt: mailbox.lastSyncedAt });
      return;
    }
    Promise.resolve(hold(item.mailboxId)).catch((error: unknown) => logger.error('the mailbox could not be held for its password', { mailboxId: item.mailboxId, error: error instanceof Error ? error.message : String(error) }));
  }

  /** A temporary failure: `queued` (unreachable) or `failed-retryable`, with the next attempt after the backoff. */
  #retryLater(item: OutboxRecord, kind: 'unreachable' | 'temporary', reason: string, retryAfterMs = 0): void {
    const attempts = Math.max(item.attempts, 1);
    // A server that said when to come back (HTTP 429 Retry-After) is not asked earlier.
    const next = new Date(this.#now().getTime() + Math.max(retryAfterMs, retryDelayMs(attempts, this.#timing.retryDelaysMs)));
    if (item.state.state === 'sending') {
      const step: OutboxStep = kind === 'unreachable' ? { kind: 'unreachable' } : { kind: 'fail-temporarily', reason, nextAttemptAt: next, attempts };
      this.#setState(item.id, 'sending', step, { attempts, nextAttemptAt: next.toISOString() });
    } else {
      // Not started (no password): stays where it is, tried again later.
      this.#options.store.outbox.setState(item.id, item.state.state, item.state, { nextAttemptAt: next.toISOString(), at: this.#now().toISOString() });
    }
  }

  /** `accepted`, with the sent message in its thread and on its candidates' profiles, in one transaction. */
  #recordAcceptance(item: OutboxRecord, message: SentMessage, refusedRecipients: string[], attempts: number): void {
    const { store, events, dataFolder } = this.#options;
    const at = this.#now();
    const next = nextOutboxState(store.outbox.get(item.id)!.state, { kind: 'accept', at, refusedRecipients });
    const stored = store.transaction(() => {
      if (!store.outbox.setState(item.id, 'sending', next, { attempts, at: at.toISOString() })) return null;
      const recorded = recordSentMessage(message, { store, mailboxId: item.mailboxId, candidateId: item.candidateId, ownAddresses: this.#options.guard.ownAddresses(), now: at, authorUserId: item.authorUserId });
      store.outbox.setThread(item.id, recorded.threadId);
      return recorded;
    });
    if (stored === null) return;
    writeAttachmentFiles(dataFolder, message.content.attachments);
    this.#publish(item.id);
    events.publish('inbox:changed', { threadIds: [stored.threadId] }, { kind: 'threads', threadIds: [stored.threadId] });
  }

  /**
   * The Sent copy of an accepted item (R1): appended by Hirebox — with Bcc, idempotent by
   * Message-ID — or, where the server files one, awaited (bounded) and never appended.
   * IMAP out of reach: tried again later; the item stays `accepted` meanwhile.
   */
  async #fileCopy(itemId: string): Promise<void> {
    const item = this.#options.store.outbox.get(itemId);
    if (item === null || item.state.state !== 'accepted') return;
    const refused = item.state.refusedRecipients;
    const sent = this.#sentFolder(item.mailboxId);
    // Unlinked (R12): no password to file with; the mail went out and stays `accepted`.
    if (!this.#mayUse(item.mailboxId)) return;
    if (sent === null) {
      this.#options.logger.warn('no Sent folder: the copy is not filed', { itemId });
      return;
    }
    await this.#withProvider(item.mailboxId, async (provider) => {
      if (provider.sentCopy === 'client') {
        await provider.append(sent.path, item.rawMime, { messageId: item.messageIdHeader }, this.#abort.signal);
      } else {
        const key = await this.#awaitServerCopy(provider, sent.path, item.messageIdHeader);
        if (key === null) {
          this.#options.logger.warn('the server filed no Sent copy in time', { itemId });
          return;
        }
      }
      this.#file(item, 'accepted', refused);
    }, () => this.#follow(itemId, () => this.#fileCopy(itemId), this.#timing.imapRetryMs));
  }

  /**
   * After a crash: an item in `sending` may or may not have been accepted. Its Message-ID in
   * Sent is the proof (R15): found → `filed` (and into its thread); not found → `outcome-unknown`,
   * and only the user can choose "send anyway". Where the server files the copy, it is
   * awaited as after a normal send. IMAP out of reach: the item stays `sending`, looked up later.
   */
  async #recover(itemId: string): Promise<void> {
    const { store } = this.#options;
    const item = store.outbox.get(itemId);
    if (item === null || item.state.state !== 'sending') return;
    const sent = this.#sentFolder(item.mailboxId);
    // No Sent folder to look in, or the mailbox was unlinked meanwhile (R12): nothing can
    // prove delivery, so the user decides.
    if (sent === null || !this.#mayUse(item.mailboxId)) {
      this.#setState(item.id, 'sending', { kind: 'lose-track', at: this.#now() });
      return;
    }
    await this.#withProvider(item.mailboxId, async (provider) => {
      const key =
        provider.sentCopy === 'server'
          ? await this.#awaitServerCopy(provider, sent.path, item.messageIdHeader)
          : await provider.findByMessageId(sent.path, item.messageIdHeader, this.#abort.signal);
      if (key === null) {
        this.#setState(item.id, 'sending', { kind: 'lose-track', at: this.#now() });
        return;
      }
      const message = await readSentMessage(item.rawMime, item.messageIdHeader);
      const stored = store.transaction(() => {
        const at = this.#now();
        if (!store.outbox.setState(item.id, 'sending', nextOutboxState(item.state, { kind: 'file', at, refusedRecipients: [] }), { at: at.toISOString() })) return null;
        const recorded = recordSentMessage(message, { store, mailboxId: item.mailboxId, candidateId: item.candidateId, ownAddresses: this.#options.guard.ownAddresses(), now: at, authorUserId: item.authorUserId });
        store.outbox.setThread(item.id, recorded.threadId);
        return recorded;
      });
      if (stored === null) return;
      writeAttachmentFiles(this.#options.dataFolder, message.content.attachments);
      this.#publish(item.id);
      this.#options.events.publish('inbox:changed', { threadIds: [stored.threadId] }, { kind: 'threads', threadIds: [stored.threadId] });
    }, () => this.#follow(itemId, () => this.#recover(itemId), this.#timing.imapRetryMs));
  }

  /** Polls Sent for the copy the server files itself, up to `sentCopyWaitMs`. */
  async #awaitServerCopy(provider: MailProvider, folder: string, messageId: string): Promise<string | null> {
    const deadline = this.#now().getTime() + this.#timing.sentCopyWaitMs;
    for (;;) {
      const key = await provider.findByMessageId(folder, messageId, this.#abort.signal);
      if (key !== null) return key;
      if (this.#stopped || this.#now().getTime() + this.#timing.sentCopyPollMs > deadline) return null;
      await sleep(this.#timing.sentCopyPollMs, this.#abort.signal);
    }
  }

  /**
   * `accepted` → `filed`. The copy's location is recorded by the next sync of Sent, which
   * finds the message stored already (same Message-ID) and only adds where it lives: keys
   * stay opaque to everybody but their provider.
   */
  #file(item: OutboxRecord, from: OutboxStateName, refusedRecipients: string[]): void {
    const { store } = this.#options;
    const at = this.#now();
    const moved = store.transaction(() => {
      const current = store.outbox.get(item.id);
      if (current === null || current.state.state !== from) return false;
      store.outbox.setState(item.id, from, nextOutboxState(current.state, { kind: 'file', at, refusedRecipients }), { at: at.toISOString() });
      return true;
    });
    if (moved) this.#publish(item.id);
  }

  /** Opens the mailbox's provider for `work`; a network failure calls `later` instead of failing the item. */
  async #withProvider(mailboxId: string, work: (provider: MailProvider) => Promise<void>, later: () => void): Promise<void> {
    const { opener, logger } = this.#options;
    let provider: MailProvider | null = null;
    try {
      provider = await opener.open(mailboxId);
      await work(provider);
    } catch (error) {
      if (this.#stopped) return;
      logger.warn('the Sent folder could not be reached; trying again later', { mailboxId, code: error instanceof AppError ? error.code : 'internal' });
      later();
    } finally {
      await provider?.close();
    }
  }

  /** Runs `task` now (or after `delayMs`), once per item at a time, tracked for `stop()`. */
  #follow(itemId: string, task: () => Promise<void>, delayMs = 0): void {
    if (this.#stopped || (delayMs === 0 && this.#following.has(itemId))) return;
    this.#following.add(itemId);
    const run = (async () => {
      try {
        if (delayMs > 0) await sleep(delayMs, this.#abort.signal);
        if (!this.#stopped) await task();
      } catch (error) {
        if (!this.#stopped) this.#options.logger.error('outbox follow-up failed', { itemId, error: error instanceof Error ? error.message : String(error) });
      } finally {
        this.#following.delete(itemId);
      }
    })();
    this.#track(run);
  }

  #track(task: Promise<unknown>): void {
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  /** Takes one step of the state machine and pushes it; false when the item was not in `from` any more. */
  #setState(itemId: string, from: OutboxStateName, step: OutboxStep, extra: { attempts?: number; nextAttemptAt?: string } = {}): boolean {
    const { store } = this.#options;
    const current = store.outbox.get(itemId);
    if (current === null || current.state.state !== from) return false;
    const next: OutboxState = nextOutboxState(current.state, step);
    const moved = store.outbox.setState(itemId, from, next, { ...extra, at: this.#now().toISOString() });
    if (moved) this.#publish(itemId);
    return moved;
  }

  #publish(itemId: string): void {
    const item = this.#options.store.outbox.get(itemId);
    if (item === null) return;
    this.#options.events.publish('outbox:changed', { itemId, threadId: item.threadId, state: item.state }, { kind: 'user', userId: item.authorUserId });
  }

  #mayUse(mailboxId: string): boolean {
    const facts = this.#options.store.outbox.sendingFacts(mailboxId);
    return facts !== null && facts.disconnectedAt === null;
  }

  /** Linked, and not waiting for the user to sign in again (a refused login, SMTP or IMAP): retrying would lock the account. */
  #maySend(mailboxId: string): boolean {
    return this.#mayUse(mailboxId) && this.#options.store.mailboxes.get(mailboxId)?.status.state !== 'auth-required';
  }

  /**
   * When an item may go (wall-clock ms): after its next attempt and after the time it is held
   * until. A "Send later" time is a moment on the wall clock; a retry and the undo window are
   * lengths of time, measured on the monotonic clock from when this sender first saw them.
   */
  #dueAt(item: OutboxRecord): number {
    const next = item.nextAttemptAt === null ? 0 : this.#steadyTime(`next:${item.id}`, item.nextAttemptAt);
    const after = item.sendAfter === null ? 0 : isUndoHold(item) ? this.#steadyTime(`undo:${item.id}`, item.sendAfter) : Date.parse(item.sendAfter);
    return Math.max(next, after);
  }

  /** `until` (an ISO time written on the wall clock), moved by however far the wall clock jumped since it was first seen. */
  #steadyTime(key: string, until: string): number {
    const offset = this.#now().getTime() - this.#monotonic();
    let frame = this.#waitFrames.get(key);
    if (frame === undefined || frame.until !== until) {
      frame = { until, offset };
      this.#waitFrames.set(key, frame);
    }
    return Date.parse(until) - frame.offset + offset;
  }

  #sentFolder(mailboxId: string): { id: string; path: string } | null {
    const folder = this.#options.store.folders.list(mailboxId).find((candidate) => candidate.role === 'sent');
    return folder === undefined ? null : { id: folder.id, path: folder.path };
  }

}

/** The longest undo grace period (`undoSendSeconds`): a hold no longer than this after queuing is one. */
const longestUndoMs = 60_000;

/** Whether `sendAfter` is the undo grace period (a length of time) rather than a time the user chose ("Send later"). */
function isUndoHold(item: OutboxRecord): boolean {
  return item.sendAfter !== null && Date.parse(item.sendAfter) - Date.parse(item.createdAt) <= longestUndoMs;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
