import type { SyncRunSummary } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import type { EventBus } from '../api/events.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { MailProvider } from '../providers/mail-provider.js';
import type { MailboxConnectionSettings, ProviderFactory } from '../providers/provider-factory.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { AddressGuard } from '../services/address-guard.js';
import type { Store } from '../store/store.js';
import { MailboxSync, statusAfterFailure } from './mailbox-sync.js';

export interface SyncSchedulerOptions {
  store: Store;
  providers: ProviderFactory;
  secrets: SecretBox | null;
  guard: AddressGuard;
  events: EventBus;
  dataFolder: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * Runs mailbox syncs: at most one run per mailbox at a time (a second request joins the
 * running one), each status change stored and pushed to those who may see the mailbox
 * (R14). Live updates and backoff build on this (IMAP sync II).
 */
export class SyncScheduler {
  readonly #options: SyncSchedulerOptions;
  readonly #running = new Map<string, Promise<SyncRunSummary>>();
  readonly #abort = new AbortController();
  readonly #now: () => Date;

  constructor(options: SyncSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Syncs the mailbox now, or joins the run in progress. */
  syncNow(mailboxId: string): Promise<SyncRunSummary> {
    // Issue 8 (R12): an unlinked mailbox is not synced any more; its imported mail stays.
    if (this.#options.store.outbox.sendingFacts(mailboxId)?.disconnectedAt != null) {
      return Promise.reject(new AppError('conflict', 'This mailbox was unlinked; connect it again to sync it.', { rule: 'R12' }));
    }
    const running = this.#running.get(mailboxId);
    if (running !== undefined) return running;
    const run = this.#run(mailboxId).finally(() => this.#running.delete(mailboxId));
    this.#running.set(mailboxId, run);
    return run;
  }

  // Issue 8 (R12): unlinking lets a running sync of the mailbox end first; its password is
  // gone afterwards, so no later run can reach the server.
  /** Waits for the mailbox's running sync, if any, to end (its outcome is reported as usual). */
  async settle(mailboxId: string): Promise<void> {
    await this.#running.get(mailboxId)?.catch(() => undefined);
  }

  /** Stops every run and waits for them to end. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#running.values());
  }

  async #run(mailboxId: string): Promise<SyncRunSummary> {
    const { store, providers, logger } = this.#options;
    let provider: MailProvider | null = null;
    this.#setStatus(mailboxId, { state: 'connecting' });
    try {
      const stored = store.mailboxes.connectionOf(mailboxId);
      if (stored === null) throw new AppError('not-found', 'There is no mailbox with this id.');
      // Issue 6: certificates trusted by hand live in their own table.
      const settings: MailboxConnectionSettings = { ...(stored.connection as MailboxConnectionSettings), certificateExceptions: store.certificateExceptions.list(mailboxId) };
      provider = providers.open(settings, this.#unseal(stored.credentials));
      const sync = new MailboxSync({
        store,
        provider,
        mailboxId,
        dataFolder: this.#options.dataFolder,
        logger,
        ownAddresses: () => this.#options.guard.ownAddresses(),
        onStatus: (status) => this.#setStatus(mailboxId, status),
        // Those who may see the mailbox learn which threads changed; the list they reload is
        // filtered by the visibility rule.
        onStored: (threadIds) => this.#options.events.publish('inbox:changed', { threadIds }, { kind: 'mailbox', mailboxId }),
        now: this.#now,
      });
      const summary = await sync.run(this.#abort.signal);
      this.#setStatus(mailboxId, { state: 'up-to-date' }, this.#now().toISOString());
      logger.info('mailbox synced', { mailboxId, ...summary });
      return { headersScanned: summary.headersScanned, messagesStored: summary.messagesStored, bodiesFetched: summary.bodiesFetched, forwardPeeks: summary.forwardPeeks };
    } catch (error) {
      // Shutting down is not a failure: the status stays as the last step left it.
      if (!this.#abort.signal.aborted) this.#setStatus(mailboxId, statusAfterFailure(error, this.#now()));
      logger.warn('mailbox sync failed', { mailboxId, code: error instanceof AppError ? error.code : 'internal', error: error instanceof AppError ? error.message : String(error) });
      throw error;
    } finally {
      await provider?.close();
    }
  }

  #unseal(credentials: Buffer | null): string {
    const { secrets } = this.#options;
    if (credentials === null || secrets === null) {
      throw new AppError('auth-required', 'Hirebox has no password for this mailbox; enter it again.');
    }
    return secrets.open(credentials);
  }

  #setStatus(mailboxId: string, status: MailboxStatus, lastSyncedAt?: string): void {
    const { store, events } = this.#options;
    const previous = store.mailboxes.get(mailboxId)?.lastSyncedAt ?? null;
    const report = { status, lastSyncedAt: lastSyncedAt ?? previous };
    store.mailboxes.setStatus(mailboxId, report);
    events.publish('mailbox:status', { mailboxId, ...report }, { kind: 'mailbox', mailboxId });
  }
}
