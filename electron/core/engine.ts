import path from 'node:path';
import { SampleDataService } from './services/sample-data/sample-data-service.js';
import { assertNever } from '../../shared/assert-never.js';
import type { ChannelName, InputOf, OutputOf } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import type { PushedEvent } from '../../shared/events.js';
import type { Caller } from './api/caller.js';
import { Dispatcher } from './api/dispatch.js';
import { EventBus, type Audience } from './events/event-bus.js';
import { createHandlers, type Services } from './api/handlers.js';
import type { Logger } from './log/logger.js';
import type { SecretBox } from './secrets/secret-box.js';
import { AddressGuard } from './services/address-guard.js';
import { BackfillService } from './services/backfill-service.js';
import { SearchService } from './services/search-service.js';
import { WhyMissingService } from './services/why-missing-service.js';
import { OlderMailService } from './services/older-mail-service.js';
import { BlobService } from './services/blob-service.js';
import { CandidateDeletion } from './services/candidate-deletion.js';
import { PrivacyService } from './services/privacy-service.js';
import { CandidateService } from './services/candidate-service.js';
import { ImportService } from './services/import-service.js';
import { DraftAttachmentFiles } from './services/draft-attachment-files.js';
import { DraftService } from './services/draft-service.js';
import { TemplateService } from './services/template-service.js';
import { InboxService } from './services/inbox-service.js';
import { LinkService } from './services/link-service.js';
import { createDefaultProviders, createSignInRegistry, type OAuthClients, type ProviderTuning } from './providers/default-providers.js';
import { sealedCacheFile } from './providers/microsoft/index.js';
import type { OAuthSignInRegistry } from './providers/oauth-sign-in.js';
import { OAuthSignInService } from './services/oauth-sign-in-service.js';
import type { ProviderFactory } from './providers/provider-factory.js';
import { CredentialVault } from './auth/credentials.js';
import { createMailboxOpener, mailboxSettings } from './services/mailbox-opener.js';
import { SyncScheduler, type LiveSyncOptions } from './sync/sync-scheduler.js';
import { JobService } from './services/job-service.js';
import { MailboxService } from './services/mailbox-service.js';
import { SettingsDiscovery } from './services/settings-discovery.js';
import { UserService } from './services/user-service.js';
import { WorkspaceService } from './services/workspace-service.js';
import { Store } from './store/store.js';
import { AppError } from './errors.js';
import { OutboxSender, type OutboxTiming } from './outbox/outbox-sender.js';
import { OutboxService } from './services/outbox-service.js';
import { mayUseMailbox } from './domain/visibility.js';
import { mailboxDirectory } from './services/mailbox-summary.js';
import { wantsNewMailNotice } from './services/new-mail-recipients.js';
import { visibleThreadIds } from './services/thread-visibility.js';
import { IntakeService } from './services/intake-service.js';
import { ThreadTeamService } from './services/thread-team-service.js';
import { removeLeftoverParts } from './mime/message-content.js';

/** MSAL's sealed token cache in the data folder (Microsoft mailboxes). */
export const microsoftTokenCacheFileName = 'microsoft-token-cache.bin';

export interface EngineOptions {
  /** A prepared data folder (see `prepareDataFolder`). */
  dataFolder: string;
  logger: Logger;
  version: string;
  /** Encrypts passwords and tokens at rest; each shell supplies its own (DESIGN.md "Secrets"). */
  secrets?: SecretBox;
  /**
   * better-sqlite3's native build to load instead of the one in node_modules: the desktop
   * shell passes its build for Electron's ABI here; Node callers leave it out.
   */
  nativeBinding?: string;
  /** Opens mail providers; the real ones (IMAP) unless a test or a later shell says otherwise. */
  providers?: ProviderFactory;
  /** The outbox's retry and Sent-copy timing (tests shorten it). */
  outbox?: { timing?: Partial<OutboxTiming> };
  /**
   * Extra certificate authorities (PEM) the real providers trust beside the
   * system's — for tests against servers with a test CA only; no shell sets it.
   * Certificates are verified whatever is passed here (DESIGN.md "TLS").
   */
  trustedCertificates?: readonly string[];
  /** Live sync, backoff and provider timeouts; the defaults suit real servers, tests shorten them. */
  sync?: LiveSyncOptions & ProviderTuning;
  /**
   * The OAuth clients of this installation (`oauthClientsFromConfiguration`: environment or
   * `oauth-clients.json` in the data folder); none: no browser sign-in is offered.
   */
  oauthClients?: OAuthClients;
  /** The browser sign-ins; built from `oauthClients` unless a test passes its own. */
  signIns?: OAuthSignInRegistry;
  /** How long a browser sign-in waits for the person (default 5 minutes), and one `oauth-finish` call (default 25 s). */
  signIn?: { timeoutMs?: number; finishWaitMs?: number };
  /**
   * Opens an address in the system browser (desktop shell: `shell.openExternal`); answers
   * whether it did. Absent (headless shell): the UI shows the sign-in address instead.
   */
  openInBrowser?: (url: string) => Promise<boolean>;
  /** Test-only points the fault runs stop the engine at (`HIREBOX_ENGINE_TUNING` `faults`); no shell sets them. */
  faultHooks?: { afterErasureCommit?: (reportId: string) => void };
}

/**
 * The composition root: opens the store, wires the services and serves the handler map.
 * Both shells create exactly one Engine and bind a caller per connection.
 */
export class Engine {
  readonly store: Store;
  readonly services: Services;
  readonly blobs = new BlobService();
  /** Null when the shell supplied none; channels that store credentials need one. */
  readonly secrets: SecretBox | null;
  readonly #events = new EventBus();
  readonly #scheduler: SyncScheduler;
  readonly #sender: OutboxSender;
  readonly #dispatcher: Dispatcher;
  readonly #logger: Logger;
  #closed = false;

  private constructor(options: EngineOptions) {
    this.#logger = options.logger;
    this.secrets = options.secrets ?? null;
    this.store = Store.open(path.join(options.dataFolder, 'hirebox.db'), { nativeBinding: options.nativeBinding });
    const guard = new AddressGuard(this.store);
    const afterErasureCommit = options.faultHooks?.afterErasureCommit;
    const deletion = new CandidateDeletion({ store: this.store, dataFolder: options.dataFolder, logger: options.logger, ...(afterErasureCommit === undefined ? {} : { afterCommit: (report: { id: string }) => afterErasureCommit(report.id) }) });
    // R3: a deletion whose files were not yet purged when the last run stopped finishes now.
    deletion.resumePendingPurges();
    // Attachment parts a stopped run staged but never published belong to no stored mail.
    removeLeftoverParts(options.dataFolder);
    const candidates = new CandidateService(this.store, guard, deletion);
    // MSAL's token cache lives sealed in the data folder (DESIGN.md "Secrets"); without a secret box, in memory only.
    const oauthClients: OAuthClients = {
      ...options.oauthClients,
      ...(this.secrets === null ? {} : { microsoftTokenCache: { store: sealedCacheFile(path.join(options.dataFolder, microsoftTokenCacheFileName)), secrets: this.secrets } }),
    };
    const providers = options.providers ?? createDefaultProviders({ ...options.sync, trustedCertificates: options.trustedCertificates, oauthClients });
    // One credential source per mailbox, shared by every loop that opens it; a rotated token
    // is written back here, by the engine — providers never touch the store.
    const vault = new CredentialVault({
      secrets: this.secrets,
      load: (mailboxId) => this.store.mailboxes.connectionOf(mailboxId)?.credentials ?? null,
      save: (mailboxId, sealed) => this.store.mailboxes.saveCredentials(mailboxId, sealed),
      // OAuth mailboxes (Gmail): the token endpoint of the mailbox's provider and client.
      refreshToken: async (mailboxId, credential) => {
        const settings = mailboxSettings(this.store, mailboxId);
        if (settings === null || providers.refreshCredential === undefined) throw new AppError('auth-required', 'The sign-in has expired and could not be renewed; sign in again.');
        return providers.refreshCredential(settings, credential);
      },
    });
    const opener = createMailboxOpener(this.store, providers, vault);
    this.#scheduler = new SyncScheduler({ store: this.store, opener, guard, events: this.#events, dataFolder: options.dataFolder, logger: options.logger, ...(options.sync === undefined ? {} : { live: options.sync }) });
    // The sender resolves what a crash left in `sending` and drains the queue.
    this.#sender = new OutboxSender({
      store: this.store,
      opener,
      guard,
      events: this.#events,
      dataFolder: options.dataFolder,
      logger: options.logger,
      ...(options.outbox?.timing === undefined ? {} : { timing: options.outbox.timing }),
      // A refused SMTP login holds the mailbox as `auth-required`, as sync does.
      onAuthRefused: (mailboxId) => this.#scheduler.holdForAuth(mailboxId),
    });
    const mailboxes = new MailboxService(this.store, guard, providers, vault, this.#scheduler, options.logger);
    // The thread view, read state and attachments need events, blobs and the data folder.
    const inbox = new InboxService({ store: this.store, events: this.#events, blobs: this.blobs, dataFolder: options.dataFolder });
    // A draft keeps the files the user attached, beside the stored mail's (R3 purges both).
    const drafts = new DraftService(this.store, candidates, this.blobs, new DraftAttachmentFiles({ store: this.store, dataFolder: options.dataFolder, logger: options.logger }));
    this.services = {
      workspace: new WorkspaceService(this.store, this.#events, options.logger, options.version),
      users: new UserService(this.store, this.#events, guard),
      candidates,
      jobs: new JobService(this.store),
      mailboxes,
      discovery: new SettingsDiscovery(),
      links: new LinkService(this.store, candidates, deletion),
      inbox,
      imports: new ImportService(this.store, this.blobs, candidates, guard, options.logger),
      // A forward reads the stored mail and its files through the inbox's visibility rule.
      outbox: new OutboxService(this.store, candidates, this.blobs, this.#sender, this.#scheduler, providers, this.#events, options.logger, inbox, drafts),
      drafts,
      templates: new TemplateService(this.store),
      backfill: new BackfillService(this.store, candidates, this.#scheduler),
      whyMissing: new WhyMissingService(this.store, candidates, this.#scheduler, options.logger),
      olderMail: new OlderMailService(this.store, candidates, this.#scheduler, options.logger),
      search: new SearchService(this.store),
      threadTeam: new ThreadTeamService(this.store, this.#events),
      intake: new IntakeService(this.store, guard, candidates, this.#scheduler, options.logger),
      signIns: new OAuthSignInService({
        registry: options.signIns ?? createSignInRegistry(oauthClients, options.sync?.timeoutMs === undefined ? {} : { timeoutMs: options.sync.timeoutMs }),
        mailboxes,
        logger: options.logger,
        openInBrowser: options.openInBrowser,
        timeoutMs: options.signIn?.timeoutMs,
        finishWaitMs: options.signIn?.finishWaitMs,
      }),
      privacy: new PrivacyService({ store: this.store, candidates, deletion, blobs: this.blobs, dataFolder: options.dataFolder, logger: options.logger }),

      sampleData: new SampleDataService({ store: this.store, guard, candidates, deletion, dataFolder: options.dataFolder, logger: options.logger }),
    };
    this.#sender.start();
    this.#dispatcher = new Dispatcher(createHandlers(this.services), this.services, options.logger);
    // Every connected mailbox that is not paused is kept current.
    this.#scheduler.start();
  }

  /** Opens the database (running migrations) and wires the services. */
  static open(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** Calls a channel by name with untrusted input (transports use this). */
  dispatch(caller: Caller, channel: unknown, input: unknown): Promise<Result<unknown>> {
    if (this.#closed) {
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Hirebox is shutting down.', retryable: true } });
    }
    return this.#dispatcher.dispatch(caller, channel, input);
  }

  /** Typed form of `dispatch`, for tests and in-process callers. */
  call<C extends ChannelName>(caller: Caller, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    return this.dispatch(caller, channel, input) as Promise<Result<OutputOf<C>>>;
  }

  /** The user a caller stands for right now (null before first run). */
  userOf(caller: Caller): { id: string } | null {
    return this.#dispatcher.resolveUser(caller);
  }

  /** Pushes the events this caller may see; returns the unsubscribe. */
  subscribe(caller: Caller, listener: (event: PushedEvent) => void): () => void {
    return this.#events.subscribe((event, audience) => {
      if (audience.kind === 'new-mail') {
        if (this.#wantsNotice(caller, audience.threadId)) listener(event);
        return;
      }
      if (audience.kind === 'threads') {
        // Thread events go through visible(): each caller is told only of what they may see.
        const narrowed = this.#visibleThreadEvent(caller, event, audience.threadIds);
        if (narrowed !== null) listener(narrowed);
        return;
      }
      if (this.#reaches(caller, audience)) listener(event);
    });
  }

  /** Whether the caller is told of new mail in this thread: visible() first, then their choice. */
  #wantsNotice(caller: Caller, threadId: string): boolean {
    const user = this.#dispatcher.resolveUser(caller);
    if (user === null) return false;
    return wantsNewMailNotice(this.store, { userId: user.id, role: user.role }, threadId);
  }

  /** `event` for the threads of `threadIds` the caller may see, or null when none. */
  #visibleThreadEvent(caller: Caller, event: PushedEvent, threadIds: readonly string[]): PushedEvent | null {
    const user = this.#dispatcher.resolveUser(caller);
    if (user === null) return null;
    const visible = visibleThreadIds(this.store, { userId: user.id, role: user.role }, threadIds);
    if (visible.length === 0) return null;
    return event.name === 'inbox:changed' ? { name: 'inbox:changed', payload: { ...event.payload, threadIds: visible } } : event;
  }

  /**
   * The app's window gained focus: mailboxes that poll (Gmail) check for new mail now
   * instead of at their next poll. Called by the desktop shell, not over the contract.
   */
  windowFocused(): void {
    this.#scheduler.checkNow();
  }

  /** Stops every sync, checkpoints the WAL and closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.blobs.clear();
    this.services.signIns.close();
    await this.#sender.stop();
    await this.#scheduler.stop();
    this.store.close();
    this.#logger.info('engine closed');
  }

  #reaches(caller: Caller, audience: Audience): boolean {
    const user = this.#dispatcher.resolveUser(caller);
    if (user === null) return false;
    switch (audience.kind) {
      case 'workspace':
        return true;
      case 'user':
        return audience.userId === user.id;
      case 'threads':
      case 'new-mail':
        // Decided per caller in `subscribe`, which never asks here.
        return false;
      case 'mailbox': {
        const mailbox = this.store.mailboxes.get(audience.mailboxId);
        // The one mailbox rule of the domain.
        return mailbox !== null && mayUseMailbox({ userId: user.id }, mailbox, mailboxDirectory(this.store));
      }
      default:
        return assertNever(audience);
    }
  }
}
