import type { OAuthCredential } from '../auth/credentials.js';
import type { StoredMailboxSettings } from './mailbox-settings.js';

/**
 * The browser sign-in of a provider whose mailboxes sign in with OAuth (Gmail now;
 * Microsoft 365 joins with its own entry under `microsoft`). The engine knows no provider:
 * `mailboxes:oauth-start` asks the registry for the kind's entry, shows or opens its
 * address, and connects or repairs the mailbox with what `result` brings.
 */
export type OAuthProviderKind = 'gmail' | 'microsoft';

/** One sign-in in progress: the address to open in the browser, and what it brings. */
export interface PendingOAuthSignIn {
  authorizationUrl: string;
  /**
   * The signed-in account and its tokens, and the settings a mailbox of it is stored with.
   * Rejects with an AppError (`auth-required` refused, `timeout` nobody came back,
   * `invalid-input` a foreign callback) or the cancel reason.
   */
  result: Promise<SignedInAccount>;
  /** Closes the loopback listener; a pending `result` rejects with `reason`. Idempotent. */
  cancel(reason?: unknown): void;
}

export interface SignedInAccount {
  /** The address the provider says was signed in (Gmail `users.getProfile` `emailAddress`), lower-case. */
  address: string;
  credential: OAuthCredential;
  /** What the mailbox is stored with: the client id the grant belongs to, the endpoints. */
  settings: StoredMailboxSettings;
}

export interface OAuthSignInProvider {
  /**
   * Starts a sign-in. `loginHint` preselects the account at the provider.
   * @throws AppError `internal` when no listener can be opened on this computer.
   */
  start(options: { loginHint?: string | undefined; timeoutMs?: number | undefined }): Promise<PendingOAuthSignIn>;
  /**
   * Withdraws the grant at the provider (disconnecting, or a sign-in to the wrong account).
   * @throws AppError when the provider could not be asked or refused; revoked already is done.
   */
  revoke(settings: StoredMailboxSettings, credential: OAuthCredential): Promise<void>;
}

/**
 * The OAuth sign-ins this Hirebox can do, by provider kind. A kind without an entry has no
 * client configured (docs/providers.md "Your own OAuth client"): the UI says so.
 */
export type OAuthSignInRegistry = Partial<Record<OAuthProviderKind, OAuthSignInProvider>>;
