import type { BackfillSummary, SyncRunSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import type { EventBus } from '../events/event-bus.js';
import { AppError, diskFullError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { MailProvider, MessageHeaders, ScanStart } from '../providers/mail-provider.js';

/** What a backfill fetches: everything since a date, or mail naming some addresses since a date. */
export type BackfillStart = Extract<ScanStart, { kind: 'since' | 'search' }>;
import type { MailboxOpener } from '../providers/provider-factory.js';
import type { OwnAddressSource } from '../domain/address-guard.js';
import type { Store } from '../store/store.js';
import { pause, retryDelay, type BackoffPolicy } from './backoff.js';
import { MailboxSync, statusAfterFailure } from './mailbox-sync.js';

/** How live sync paces itself (issue 7); every field has a default for real servers. */
export interface LiveSyncOptions {
  /**
   * Keep every mailbox current by itself: IDLE (or polling) on INBOX, the other scanned
   * folders (Sent) checked every `checkIntervalMs`, reconnect with backoff. Default true;
   * false leaves sync to "sync now" (tests that count what one run did).
   */
  live?: boolean;
  /** How long a quiet watch lasts before every scanned folder (Sent) is checked again; default 60 s. */
  checkIntervalMs?: number;
  /** Backoff after a failure: first delay, and the cap; defaults 2 s and 5 min. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export interface SyncSchedulerOptions {
  store: Store;
  /** Opens a mailbox's provider with its shared credential source. */
  opener: MailboxOpener;
  guard: OwnAddressSource;
  events: EventBus;
  dataFolder: string;
  logger: Logger;
  now?: () => Date;
  live?: LiveSyncOptions;
  /** Jitter's source; default `Math.random`. */
  random?: () => number;
}

export const defaultCheckIntervalMs = 60_000;
export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/** A backfill in progress: how to cancel it, and its end (never rejects). */
interface RunningBackfill {
  readonly cancel: AbortController;
  done: Promise<void>;
}

/** One mailbox kept current: its provider (kept open between runs) and how to end it. */
interface LiveLoop {
  readonly mailboxId: string;
  readonly abort: AbortController;
  provider: MailProvider | null;
  /** Ends a backoff wait early (the user asked to sync). */
  wake: (() => void) | null;
  /** Ends the watch for a change early (the window gained focus); null while not watching. */
  watch: AbortController | null;
  done: Promise<void>;
}

/**
 * Runs mailbox syncs: at most one run per mailbox at a time (a second request joins the
 * running one), each status change stored and pushed to those who may see the mailbox
 * (R14). With live sync on, each mailbox that is not paused has a loop that syncs, then
 * waits on INBOX for a change (or `checkIntervalMs`, which also covers Sent), and after a
 * failure waits a jittered, capped exponential backoff before it connects again — except
 * for a refused login (`auth-required`), which waits for the user: retrying a wrong
 * password only locks the account.
 */
export class SyncScheduler {
  readonly #options: SyncSchedulerOptions;
  readonly #running = new Map<string, Promise<SyncRunSummary>>();
  readonly #loops = new Map<string, LiveLoop>();
  readonly #backfills = new Map<string, RunningBackfill>();
  readonly #abort = new AbortController();
  readonly #now: () => Date;
  readonly #live: boolean;
  readonly #checkIntervalMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;

  constructor(options: SyncSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#live = options.live?.live ?? true;
    this.#checkIntervalMs = options.live?.checkIntervalMs ?? defaultCheckIntervalMs;
    this.#backoff = { baseMs: options.live?.backoffBaseMs ?? defaultBackoff.baseMs, capMs: options.live?.backoffCapMs ?? defaultBackoff.capMs };
    this.#random = options.random ?? Math.random;
  }

  /** Starts keeping every connected mailbox current, except the paused ones (engine start). */
  start(): void {
    if (!this.#live) return;
    for (const mailbox of this.#options.store.mailboxes.all()) {
      if (mailbox.status.state !== 'paused' && !this.#isUnlinked(mailbox.id) && this.#options.store.mailboxes.connectionOf(mailbox.id) !== null) this.#startLoop(mailbox.id);
    }
  }

  /** A mailbox just connected (or resumed): its first sync starts at once; live sync keeps it current from then on. */
  startMailbox(mailboxId: string): void {
    if (this.#live) this.#startLoop(mailboxId);
    else this.syncNow(mailboxId).catch(() => {});
  }

  /**
   * Syncs the mailbox now, or joins the run in progress. A mailbox that waits out a
   * backoff is tried at once; a paused one is refused (`conflict`): resume it first.
   */
  syncNow(mailboxId: string): Promise<SyncRunSummary> {
    if (this.#isUnlinked(mailboxId)) {
      return Promise.reject(new AppError('conflict', 'This mailbox was unlinked; connect it again to sync it.', { rule: 'R12' }));
    }
    const running = this.#running.get(mailboxId);
    if (running !== undefined) return running;
    if (this.#options.store.mailboxes.get(mailboxId)?.status.state === 'paused') {
      return Promise.reject(new AppError('conflict', 'This mailbox is paused; resume it to sync.', { field: 'mailboxId' }));
    }
    const loop = this.#loops.get(mailboxId);
    if (loop !== undefined && loop.wake !== null) {
      // The loop waits out a backoff: the user's request is its next attempt.
      loop.wake();
    }
    if (loop === undefined && this.#live) {
      // The loop ended (a refused password, a changed certificate): the user's "sync now"
      // starts it again; its first run is registered at once and answered here.
      this.#startLoop(mailboxId);
      const first = this.#running.get(mailboxId);
      if (first !== undefined) return first;
    }
    return this.#runOnce(mailboxId, loop?.provider ?? null, true, this.#abort.signal, true);
  }

  /** Pause (R14): stops the mailbox's sync and keeps it stopped, also across restarts. */
  async pause(mailboxId: string): Promise<void> {
    await this.#stopMailbox(mailboxId, new AppError('conflict', 'Paused.'));
    this.#setStatus(mailboxId, { state: 'paused' });
  }

  /**
   * The mailbox's SMTP server refused the login (follow-ups of issues 6–10): the mailbox
   * waits for the user as after a refused IMAP login — status `auth-required`, its live
   * loop stopped (a run would only report `up-to-date` and wake the outbox into the same
   * refusal) — until they resume it ("try again"). A paused mailbox is held too: the refused
   * password needs the user more than the pause says (and "try again" resumes it).
   */
  async holdForAuth(mailboxId: string): Promise<void> {
    if (this.#isUnlinked(mailboxId)) return;
    const held: MailboxStatus = { state: 'auth-required', kind: 'password-rejected' };
    // Stored at once, so the sender holds the mailbox's outbox from now on.
    this.#setStatus(mailboxId, held);
    await this.#stopMailbox(mailboxId, new AppError('auth-required', 'The mail server refused the login.'));
    // A run that ended meanwhile may have said `up-to-date`; the refusal stands.
    this.#setStatus(mailboxId, held);
    this.#options.logger.warn('mailbox held until the user acts: the SMTP server refused the login', { mailboxId });
  }

  /**
   * The mailbox's connection changed (a new password, other servers): its loop ends, and a
   * new one starts at once with the new settings — also after a refused login, which is what
   * the new password repairs. Cursors and stored mail stay, so it resumes where it stopped.
   * A paused mailbox stays paused (its next resume uses the new settings).
   */
  async restart(mailboxId: string): Promise<void> {
    if (this.#isUnlinked(mailboxId)) throw new AppError('conflict', 'This mailbox was unlinked; connect it again to sync it.', { rule: 'R12' });
    await this.#stopMailbox(mailboxId, new AppError('conflict', 'Reconnecting with new settings.'));
    // Paused or unlinked meanwhile: that stands.
    if (this.#isUnlinked(mailboxId) || this.#options.store.mailboxes.get(mailboxId)?.status.state === 'paused') return;
    this.#setStatus(mailboxId, { state: 'connecting' });
    this.startMailbox(mailboxId);
  }

  /** Resume (R14): syncs at once and keeps the mailbox current again; also "try again" after `auth-required`. */
  resume(mailboxId: string): void {
    if (this.#loops.has(mailboxId)) return;
    if (this.#isUnlinked(mailboxId)) throw new AppError('conflict', 'This mailbox was unlinked; connect it again to sync it.', { rule: 'R12' });
    this.#setStatus(mailboxId, { state: 'connecting' });
    this.startMailbox(mailboxId);
  }

  /**
   * Backfill (R10 beyond): mail the initial window left out, through the matcher, in the
   * mailbox's scanned folders — everything since a date, or what a server search for
   * candidates' addresses finds. Runs beside live sync, on a provider (and so IMAP
   * sessions) of its own: a long backfill — an import's hundreds of candidates, searched a
   * few addresses at a time — never holds up the live loop, whose IDLE and runs go on
   * meanwhile (issue 23, defect 1: the backfill used to take the loop's provider and stand in
   * for its runs, so mail arriving meanwhile waited for the backfill's end). What both store
   * is deduplicated at write time (Message-ID, locations), so nothing is stored twice.
   * Progress as `syncing` phase `backfill`; `cancelBackfill` ends it early, keeping what
   * was stored.
   */
  async backfill(mailboxId: string, start: BackfillStart): Promise<BackfillSummary> {
    if (this.#isUnlinked(mailboxId)) throw new AppError('conflict', 'This mailbox was unlinked; connect it again to fetch older mail.', { rule: 'R12' });
    if (this.#options.store.mailboxes.get(mailboxId)?.status.state === 'paused') {
      throw new AppError('conflict', 'This mailbox is paused; resume it to fetch older mail.', { field: 'mailboxId' });
    }
    if (this.#backfills.has(mailboxId)) throw new AppError('conflict', 'Older mail is being fetched for this mailbox already; wait for it or cancel it.', { field: 'mailboxId' });
    const cancel = new AbortController();
    const running: RunningBackfill = { cancel, done: Promise.resolve() };
    this.#backfills.set(mailboxId, running);
    const work = (async (): Promise<BackfillSummary> => {
      const signal = AbortSignal.any([this.#abort.signal, cancel.signal]);
      let cancelled = false;
      let summary: Omit<BackfillSummary, 'cancelled'>;
      const provider = await this.#options.opener.open(mailboxId);
      try {
        const sync = this.#mailboxSync(mailboxId, provider, true, signal);
        const done = await waitingOutRateLimits(() => sync.backfill(start, signal), {
          policy: this.#backoff,
          random: this.#random,
          signal,
          onWait: (error, delayMs) => {
            this.#setStatus(mailboxId, statusAfterFailure(error, this.#now(), new Date(this.#now().getTime() + delayMs)));
            this.#options.logger.info('backfill waits: the server asks to slow down', { mailboxId, delayMs });
          },
        });
        summary = { headersScanned: done.headersScanned, messagesStored: done.messagesStored, bodiesFetched: done.bodiesFetched, forwardPeeks: done.forwardPeeks };
      } catch (error) {
        if (!cancel.signal.aborted || this.#abort.signal.aborted) {
          // A failed backfill says why (a refused password, an unreachable server), not "up to date".
          if (!this.#abort.signal.aborted) this.#setStatus(mailboxId, statusAfterFailure(error, this.#now()));
          throw error;
        }
        cancelled = true;
        summary = { headersScanned: 0, messagesStored: 0, bodiesFetched: 0, forwardPeeks: 0 };
      } finally {
        await provider.close().catch(() => undefined);
      }
      // The mailbox is as current as before (unless it was paused, held or unlinked meanwhile,
      // or a live run is saying something else right now).
      const state = this.#options.store.mailboxes.get(mailboxId)?.status.state;
      if (!this.#abort.signal.aborted && state !== 'paused' && state !== 'auth-required' && !this.#running.has(mailboxId)) this.#setStatus(mailboxId, { state: 'up-to-date' });
      this.#options.logger.info('backfill done', { mailboxId, kind: start.kind, cancelled, ...summary });
      return { ...summary, cancelled };
    })();
    running.done = work.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await work;
    } finally {
      if (this.#backfills.get(mailboxId) === running) this.#backfills.delete(mailboxId);
    }
  }

  /** Cancels the mailbox's backfill; what it stored stays. Answers whether one was running. */
  cancelBackfill(mailboxId: string): boolean {
    const running = this.#backfills.get(mailboxId);
    running?.cancel.abort(new AppError('conflict', 'Cancelled by the user.'));
    return running !== undefined;
  }

  /**
   * Runs `work` with a provider of its own for the mailbox (never the live loop's, so a
   * long read-only search does not delay live updates) and a `MailboxSync` for matching;
   * closes the provider after. Ends with the engine.
   */
  async withProvider<T>(mailboxId: string, work: (provider: MailProvider, sync: MailboxSync, signal: AbortSignal) => Promise<T>): Promise<T> {
    const provider = await this.#options.opener.open(mailboxId);
    try {
      return await work(provider, this.#mailboxSync(mailboxId, provider, false), this.#abort.signal);
    } finally {
      await provider.close();
    }
  }

  /** Ends the mailbox's backfill and live loop (for `reason`) and waits for a run in progress to end. */
  async #stopMailbox(mailboxId: string, reason: AppError): Promise<void> {
    const backfill = this.#backfills.get(mailboxId);
    this.cancelBackfill(mailboxId);
    await backfill?.done;
    const loop = this.#loops.get(mailboxId);
    if (loop !== undefined) {
      loop.abort.abort(reason);
      await loop.done;
    }
    await this.#running.get(mailboxId)?.catch(() => undefined);
  }

  /** Stops every loop and run and waits for them to end (engine close). */
  async stop(): Promise<void> {
    this.#abort.abort(new AppError('internal', 'Hirebox is shutting down.'));
    await Promise.allSettled([...this.#loops.values()].map((loop) => loop.done));
    await Promise.allSettled(this.#running.values());
    await Promise.allSettled([...this.#backfills.values()].map((backfill) => backfill.done));
  }

  #startLoop(mailboxId: string): void {
    if (this.#loops.has(mailboxId) || this.#abort.signal.aborted || this.#isUnlinked(mailboxId)) return;
    const loop: LiveLoop = { mailboxId, abort: new AbortController(), provider: null, wake: null, watch: null, done: Promise.resolve() };
    this.#loops.set(mailboxId, loop);
    loop.done = this.#keepCurrent(loop).finally(() => {
      if (this.#loops.get(mailboxId) === loop) this.#loops.delete(mailboxId);
    });
  }

  /**
   * The live loop. The first run is registered synchronously, so a "sync now" right after
   * connect joins it instead of starting a second one.
   */
  async #keepCurrent(loop: LiveLoop): Promise<void> {
    const { store, logger } = this.#options;
    const signal = AbortSignal.any([this.#abort.signal, loop.abort.signal]);
    let failures = 0;
    let loud = true;
    try {
      while (!signal.aborted) {
        try {
          loop.provider ??= await this.#options.opener.open(loop.mailboxId);
          await this.#runOnce(loop.mailboxId, loop.provider, loud, signal, false);
          failures = 0;
          loud = false;
          const inbox = store.folders.list(loop.mailboxId).find((folder) => folder.scanned && folder.role === 'inbox');
          if (inbox === undefined) await this.#sleep(loop, this.#checkIntervalMs, signal);
          // From the cursor the run just stored: mail that arrived between the run and the
          // watch counts as a change at once.
          else {
            const arrived = await this.#watch(loop, inbox.path, inbox.cursor, signal);
            // Issue 22: new mail is stored straight from the watch, before the run that
            // follows (which checks Sent and the folder itself, off the critical path).
            if (arrived !== null) await this.#storeArrivals(loop, inbox.path, arrived, signal);
          }
        } catch (error) {
          if (signal.aborted) break;
          await this.#dropProvider(loop);
          const code = error instanceof AppError ? error.code : 'internal';
          if (code === 'auth-required' || code === 'not-found') {
            // A refused login waits for the user (resume, or a new password): no retry storm.
            // An expired sign-in (`auth-expired`: a token the provider could not renew just
            // now) is no refusal: it is retried below, after a short backoff.
            this.#setStatus(loop.mailboxId, statusAfterFailure(error, this.#now()));
            logger.warn('mailbox sync stopped until the user acts', { mailboxId: loop.mailboxId, code });
            return;
          }
          // A server that asked to wait (Retry-After, an IMAP throttle) is given at least that long.
          const delayMs = retryDelay(this.#backoff, failures, error instanceof AppError ? error.retryAfterMs : undefined, this.#random);
          failures += 1;
          loud = true;
          const now = this.#now();
          const status = liveFailureStatus(error, now, new Date(now.getTime() + delayMs));
          this.#setStatus(loop.mailboxId, status);
          logger.info('mailbox sync retries after a pause', { mailboxId: loop.mailboxId, code, delayMs, failures });
          await this.#sleep(loop, delayMs, signal);
        }
      }
    } finally {
      await this.#dropProvider(loop);
    }
  }

  /**
   * Checks every mailbox that polls for changes (Gmail's history, not IMAP's IDLE, which
   * the server pushes) at once instead of at its next poll: the window gained focus, so
   * the user is looking. A mailbox in a backoff keeps waiting: the server asked for it.
   */
  checkNow(): void {
    for (const loop of this.#loops.values()) {
      if (loop.provider !== null && loop.provider.kind !== 'imap') loop.watch?.abort(new AppError('conflict', 'Checking now.'));
    }
  }

  /**
   * The provider's watch on INBOX; ended early by `checkNow` (then the loop's next run
   * checks). Answers the headers of new mail when the provider fetched them on the watch
   * (`waitForArrivals`, issue 22), else null.
   */
  async #watch(loop: LiveLoop, folder: string, cursor: string | null, signal: AbortSignal): Promise<MessageHeaders[] | null> {
    const watch = new AbortController();
    loop.watch = watch;
    const provider = loop.provider;
    try {
      const watched = AbortSignal.any([signal, watch.signal]);
      if (provider?.waitForArrivals !== undefined && cursor !== null) {
        const change = await provider.waitForArrivals(folder, cursor, this.#checkIntervalMs, watched);
        return typeof change === 'object' ? change.headers : null;
      }
      await provider?.waitForChange(folder, cursor, this.#checkIntervalMs, watched);
      return null;
    } catch (error) {
      if (signal.aborted || !watch.signal.aborted) throw error;
      return null;
    } finally {
      loop.watch = null;
    }
  }

  /**
   * Matches and stores the new mail the watch fetched; `inbox:changed` goes out as its
   * transaction commits. Never fails the loop: whatever went wrong (a source the server
   * refused, a dropped session) is left to the run that follows, which reads the folder
   * from its cursor and reports a failure with the loop's backoff.
   */
  async #storeArrivals(loop: LiveLoop, folder: string, headers: MessageHeaders[], signal: AbortSignal): Promise<void> {
    const provider = loop.provider;
    if (provider === null || headers.length === 0) return;
    try {
      const summary = await this.#mailboxSync(loop.mailboxId, provider, false, signal).storeArrivals(folder, headers, signal);
      if (summary.messagesStored > 0) this.#options.logger.info('new mail stored from the watch', { mailboxId: loop.mailboxId, headersScanned: summary.headersScanned, messagesStored: summary.messagesStored });
    } catch (error) {
      if (signal.aborted) throw error;
      this.#options.logger.info('new mail from the watch left to the next run', { mailboxId: loop.mailboxId, code: error instanceof AppError ? error.code : 'internal' });
    }
  }

  /** Waits `ms`, or less when woken or aborted; never throws. */
  #sleep(loop: LiveLoop, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', end);
        loop.wake = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      signal.addEventListener('abort', end, { once: true });
      loop.wake = end;
    });
  }

  async #dropProvider(loop: LiveLoop): Promise<void> {
    const provider = loop.provider;
    loop.provider = null;
    if (provider === null) return;
    // A "sync now" may still use it.
    await this.#running.get(loop.mailboxId)?.catch(() => undefined);
    await provider.close().catch(() => undefined);
  }

  /** Unlinked (R12): never synced again; its imported mail stays. */
  #isUnlinked(mailboxId: string): boolean {
    return this.#options.store.outbox.sendingFacts(mailboxId)?.disconnectedAt != null;
  }

  /** One run, or the one in progress. `provider` null: one is opened for the run and closed after it. */
  #runOnce(mailboxId: string, provider: MailProvider | null, loud: boolean, signal: AbortSignal, reportFailure: boolean): Promise<SyncRunSummary> {
    const running = this.#running.get(mailboxId);
    if (running !== undefined) return running;
    const run = this.#run(mailboxId, provider, loud, signal, reportFailure).finally(() => this.#running.delete(mailboxId));
    this.#running.set(mailboxId, run);
    return run;
  }

  /**
   * Unlinking (R12): stops the mailbox's live loop and lets a run in progress end; the
   * password is deleted afterwards, and the opener refuses an unlinked mailbox, so no later
   * run can reach the server.
   */
  async settle(mailboxId: string): Promise<void> {
    await this.#stopMailbox(mailboxId, new AppError('conflict', 'Unlinked.'));
  }

  /**
   * A loud run shows every step (connecting, syncing n of N, up to date); a routine check
   * of the live loop shows `syncing` only when it found mail, so the status does not
   * flicker once a minute.
   */
  async #run(mailboxId: string, given: MailProvider | null, loud: boolean, signal: AbortSignal, reportFailure: boolean): Promise<SyncRunSummary> {
    const { logger } = this.#options;
    let provider: MailProvider | null = null;
    if (loud) this.#setStatus(mailboxId, { state: 'connecting' });
    try {
      provider = given ?? (await this.#options.opener.open(mailboxId));
      const sync = this.#mailboxSync(mailboxId, provider, loud, signal);
      const summary = await sync.run(signal);
      // A run stopped meanwhile (paused, held for a refused login, unlinked) leaves the status to whoever stopped it.
      if (!signal.aborted) this.#setStatus(mailboxId, { state: 'up-to-date' }, this.#now().toISOString());
      if (loud || summary.messagesStored > 0) logger.info('mailbox synced', { mailboxId, ...summary });
      return { headersScanned: summary.headersScanned, messagesStored: summary.messagesStored, bodiesFetched: summary.bodiesFetched, forwardPeeks: summary.forwardPeeks };
    } catch (error) {
      // Shutting down or pausing is not a failure: the status stays as the last step left it.
      // The live loop reports its own failures, with the time of its next attempt.
      if (!signal.aborted && reportFailure) this.#setStatus(mailboxId, statusAfterFailure(error, this.#now()));
      logger.warn('mailbox sync failed', { mailboxId, code: error instanceof AppError ? error.code : 'internal', error: error instanceof AppError ? error.message : String(error) });
      throw error;
    } finally {
      if (given === null) await provider?.close();
    }
  }

  #mailboxSync(mailboxId: string, provider: MailProvider, loud: boolean, signal?: AbortSignal): MailboxSync {
    const { store, logger } = this.#options;
    return new MailboxSync({
      store,
      provider,
      mailboxId,
      dataFolder: this.#options.dataFolder,
      logger,
      ownAddresses: () => this.#options.guard.ownAddresses(),
      onStatus: (status) => {
        if (signal?.aborted) return;
        // A re-scan (the server forgot the position) is shown even in a routine check: never a silent gap.
        if (loud || status.state !== 'syncing' || status.done > 0 || status.phase === 'initial-window' || status.phase === 'rescan') this.#setStatus(mailboxId, status);
      },
      // Those who may see a thread (visible(), not only who may see the mailbox) learn that it changed.
      onStored: (threadIds, arrivals) => {
        this.#options.events.publish('inbox:changed', { threadIds }, { kind: 'threads', threadIds });
        // Each user is told as they chose (newMailNotifications), and only of what they may see.
        for (const notice of arrivals) this.#options.events.publish('mail:arrived', notice, { kind: 'new-mail', threadId: notice.threadId });
      },
      now: this.#now,
    });
  }

  #setStatus(mailboxId: string, status: MailboxStatus, lastSyncedAt?: string): void {
    const { store, events } = this.#options;
    const mailbox = store.mailboxes.get(mailboxId);
    if (mailbox === null) return;
    const report = { status, lastSyncedAt: lastSyncedAt ?? mailbox.lastSyncedAt };
    try {
      store.mailboxes.setStatus(mailboxId, report);
    } catch (error) {
      // A full disk refuses the status row too: the status is still pushed (the user must see
      // why sync waits), and the loop that set it must not die of it — it retries instead.
      if (diskFullError(error) === null) throw error;
      this.#options.logger.warn('the mailbox status could not be saved: the disk is full', { mailboxId, state: status.state });
    }
    events.publish('mailbox:status', { mailboxId, ...report }, { kind: 'mailbox', mailboxId });
  }
}

/** The status while the live loop waits to try again at `retryAt`: the reason, and when (R14). */
function liveFailureStatus(error: unknown, now: Date, retryAt: Date): MailboxStatus {
  return statusAfterFailure(error, now, retryAt);
}

/** How many times one backfill waits out a rate limit before it gives up and reports it. */
export const maxBackfillRateLimitWaits = 5;

/**
 * Runs `work`; when the server asks to slow down (`rate-limited`), waits as long as it
 * asked (at least the first backoff step; without Retry-After, the backoff) and runs it
 * again, at most `maxBackfillRateLimitWaits` times. A backfill run again skips what it
 * stored already (its locations), so it continues where it was stopped.
 */
async function waitingOutRateLimits<T>(
  work: () => Promise<T>,
  pacing: { policy: BackoffPolicy; random: () => number; signal: AbortSignal; onWait: (error: AppError, delayMs: number) => void },
): Promise<T> {
  for (let waits = 0; ; waits += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'rate-limited' || waits >= maxBackfillRateLimitWaits || pacing.signal.aborted) throw error;
      const delayMs = retryDelay(pacing.policy, waits, error.retryAfterMs, pacing.random);
      pacing.onWait(error, delayMs);
      await pause(delayMs, pacing.signal);
      pacing.signal.throwIfAborted();
    }
  }
}
