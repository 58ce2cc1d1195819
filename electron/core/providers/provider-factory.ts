import type { ConnectionTestReport } from '../../../shared/model.js';
import type { CredentialSource, OAuthCredential } from '../auth/credentials.js';
import type { MailboxSettings } from './mailbox-settings.js';
import type { MailProvider } from './mail-provider.js';

/**
 * Opens providers by the kind of a mailbox's settings (`imap` today; `gmail` and
 * `microsoft` join the union of `MailboxSettings`). The engine gets the real ones; the
 * tests pass the same, pointed at Dovecot and the local API servers.
 */
export interface ProviderFactory {
  /**
   * The connection test (R11), step by step as fits the provider (IMAP and SMTP: name
   * lookup, TCP, TLS, capabilities, login). Answers for the server's failures; throws only
   * for bad settings.
   */
  testConnection(settings: MailboxSettings, credentials: CredentialSource): Promise<ConnectionTestReport>;
  /**
   * The provider for these settings, signing in with what `credentials` answers. A provider
   * whose tokens expire (OAuth) asks it whenever it connects and asks it to refresh, once,
   * when the server calls a token expired; IMAP/SMTP read the password when opened (a new
   * password restarts the mailbox's loop, `SyncScheduler.restart`).
   */
  open(settings: MailboxSettings, credentials: CredentialSource): Promise<MailProvider>;
  /** Who files the Sent copy of mail sent with these settings, as the opened provider's `sentCopy` says (R1). */
  sentCopy(settings: MailboxSettings): MailProvider['sentCopy'];
  /**
   * Trades an OAuth credential for a fresh one at the token endpoint of the mailbox's
   * provider (the vault's `refreshToken`, wired by the engine). Absent or refusing for a
   * provider that signs in with a password.
   * @throws AppError `auth-required` when the grant was revoked (`invalid_grant`).
   */
  refreshCredential?(settings: MailboxSettings, credential: OAuthCredential): Promise<OAuthCredential>;
  /**
   * Withdraws an OAuth grant at the provider (disconnecting, R12). Does nothing for a
   * provider that signs in with a password; a grant revoked already counts as done.
   * @throws AppError when the provider could not be asked or refused.
   */
  revokeCredential?(settings: MailboxSettings, credential: OAuthCredential): Promise<void>;
}

/**
 * One way to open a connected mailbox, used by every loop — live sync, backfill, the
 * outbox, "why missing": its stored settings, parsed, and its one shared credential source.
 */
export interface MailboxOpener {
  /** @throws AppError `not-found` for a mailbox without a stored connection. */
  open(mailboxId: string): Promise<MailProvider>;
}
