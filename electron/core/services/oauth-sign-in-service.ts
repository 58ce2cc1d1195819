import { randomUUID } from 'node:crypto';
import type { MailboxSummary, OAuthSignInOutcome, OAuthSignInStarted, SignInOptions, User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { OAuthProviderKind, OAuthSignInRegistry, PendingOAuthSignIn, SignedInAccount } from '../providers/oauth-sign-in.js';
import type { MailboxService, SharedInboxInput } from './mailbox-service.js';

/** Every provider kind that signs in in the browser; a kind without a registry entry has no client configured. */
const oauthProviderKinds: readonly OAuthProviderKind[] = ['gmail', 'microsoft'];

/** How long a sign-in waits for the browser (the loopback listener's timeout). */
const defaultTimeoutMs = 5 * 60 * 1000;
/** How long one `finish` call waits before answering `waiting`: well below the transports' call timeouts (60 s). */
const defaultFinishWaitMs = 25_000;

interface Attempt {
  userId: string;
  provider: OAuthProviderKind;
  /** Repairing this mailbox; null: connecting a new one. */
  mailboxId: string | null;
  /** Connecting a shared inbox (an admin), with its list. */
  shared: SharedInboxInput | undefined;
  pending: PendingOAuthSignIn;
  finishing: Promise<MailboxSummary> | null;
  expiry: NodeJS.Timeout;
}

export interface OAuthSignInServiceOptions {
  registry: OAuthSignInRegistry;
  mailboxes: MailboxService;
  logger: Logger;
  /**
   * Opens an address in the system browser (the desktop shell's `shell.openExternal`);
   * answers whether it did. Absent (headless): the UI shows the address to click.
   */
  openInBrowser?: ((url: string) => Promise<boolean>) | undefined;
  timeoutMs?: number | undefined;
  /** How long one `finish` waits before answering `waiting`; default 25 s. */
  finishWaitMs?: number | undefined;
  now?: () => Date;
}

/**
 * Browser sign-ins (OAuth 2.0 for installed apps) that connect or repair a mailbox, for any
 * provider in the registry: `start` opens the loopback listener and answers the address,
 * `finish` waits for the person and then connects (or repairs) through the mailbox service,
 * `cancel` closes the listener. An attempt belongs to the user who started it; a new start
 * by the same user cancels their older one, so no listener is left waiting.
 */
export class OAuthSignInService {
  readonly #options: OAuthSignInServiceOptions;
  readonly #attempts = new Map<string, Attempt>();

  constructor(options: OAuthSignInServiceOptions) {
    this.#options = options;
  }

  /** Which browser sign-ins this installation offers. */
  signInOptions(): SignInOptions {
    return { providers: oauthProviderKinds.map((provider) => ({ provider, configured: this.#options.registry[provider] !== undefined })) };
  }

  async start(actor: User, viewer: Viewer, input: { provider: OAuthProviderKind; address?: string | undefined; mailboxId?: string | undefined; shared?: SharedInboxInput | undefined }): Promise<OAuthSignInStarted> {
    const entry = this.#options.registry[input.provider];
    if (entry === undefined) {
      throw new AppError('invalid-input', `No ${input.provider === 'gmail' ? 'Google' : 'Microsoft'} OAuth client is configured for this Hirebox (docs/providers.md "Your own OAuth client").`, { field: 'provider' });
    }
    // Refused before the browser opens, as connecting by password is refused before any network.
    if (input.shared !== undefined && actor.role !== 'admin') throw new AppError('forbidden', 'Only admins connect a shared inbox.', { rule: 'R13' });
    const loginHint = input.mailboxId === undefined ? (input.address === undefined ? undefined : this.#options.mailboxes.assertConnectable(input.address, viewer.userId)) : this.#options.mailboxes.assertRepairableBySignIn(viewer, input.mailboxId, input.provider);
    for (const [attemptId, attempt] of this.#attempts) if (attempt.userId === actor.id) this.#end(attemptId, cancelled());
    const timeoutMs = this.#options.timeoutMs ?? defaultTimeoutMs;
    const pending = await entry.start({ loginHint, timeoutMs });
    const attemptId = randomUUID();
    // Forgotten a little after the listener gave up, whether or not anyone asked.
    const expiry = setTimeout(() => this.#end(attemptId, cancelled()), timeoutMs + 60_000);
    expiry.unref();
    this.#attempts.set(attemptId, { userId: actor.id, provider: input.provider, mailboxId: input.mailboxId ?? null, shared: input.mailboxId === undefined ? input.shared : undefined, pending, finishing: null, expiry });
    this.#options.logger.info('browser sign-in started', { provider: input.provider, repair: input.mailboxId !== undefined });
    const openedInBrowser = this.#options.openInBrowser === undefined ? false : await this.#options.openInBrowser(pending.authorizationUrl).catch(() => false);
    const now = (this.#options.now ?? (() => new Date()))();
    return { attemptId, authorizationUrl: pending.authorizationUrl, openedInBrowser, expiresAt: new Date(now.getTime() + timeoutMs).toISOString() };
  }

  /**
   * Waits for the person to sign in (at most `finishWaitMs`, then `waiting`: ask again), then
   * connects or repairs. Asked again, it waits for the same outcome. The wrong account on a
   * repair is refused and its new grant withdrawn.
   */
  async finish(actor: User, viewer: Viewer, attemptId: string): Promise<OAuthSignInOutcome> {
    const attempt = this.#attempts.get(attemptId);
    if (attempt === undefined || attempt.userId !== actor.id) throw new AppError('not-found', 'There is no sign-in in progress with this id; start it again.', { field: 'attemptId' });
    attempt.finishing ??= (async () => {
      try {
        const account = await attempt.pending.result;
        return await this.#complete(actor, viewer, attempt, account);
      } finally {
        this.#end(attemptId, null);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waiting'>((resolve) => {
      timer = setTimeout(() => resolve('waiting'), this.#options.finishWaitMs ?? defaultFinishWaitMs);
    });
    try {
      const outcome = await Promise.race([attempt.finishing, waited]);
      return outcome === 'waiting' ? { state: 'waiting' } : { state: 'connected', mailbox: outcome };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops waiting: the listener closes and a pending `finish` fails. */
  cancel(actor: User, attemptId: string): { cancelled: boolean } {
    const attempt = this.#attempts.get(attemptId);
    if (attempt === undefined || attempt.userId !== actor.id) return { cancelled: false };
    this.#end(attemptId, cancelled());
    return { cancelled: true };
  }

  /** Ends every sign-in in progress (the engine closes). */
  close(): void {
    for (const attemptId of [...this.#attempts.keys()]) this.#end(attemptId, new AppError('internal', 'Hirebox is shutting down.', { retryable: true }));
  }

  async #complete(actor: User, viewer: Viewer, attempt: Attempt, account: SignedInAccount): Promise<MailboxSummary> {
    try {
      return attempt.mailboxId === null ? await this.#options.mailboxes.connectSignedIn(actor, account, { shared: attempt.shared }) : await this.#options.mailboxes.replaceSignIn(viewer, attempt.mailboxId, account);
    } catch (error) {
      // Nothing was stored with this grant: withdraw it, so no unused access stays at the provider.
      this.#options.registry[attempt.provider]?.revoke(account.settings, account.credential).catch((revokeError: unknown) => {
        this.#options.logger.warn('an unused sign-in could not be withdrawn', { provider: attempt.provider, error: revokeError instanceof Error ? revokeError.message : String(revokeError) });
      });
      throw error;
    }
  }

  #end(attemptId: string, reason: AppError | null): void {
    const attempt = this.#attempts.get(attemptId);
    if (attempt === undefined) return;
    this.#attempts.delete(attemptId);
    clearTimeout(attempt.expiry);
    if (reason !== null) attempt.pending.cancel(reason);
  }
}

function cancelled(): AppError {
  return new AppError('conflict', 'The sign-in was cancelled; start it again to connect the mailbox.', { field: 'attemptId' });
}
