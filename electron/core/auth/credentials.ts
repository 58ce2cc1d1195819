import { z } from 'zod';
import { AppError } from '../errors.js';
import type { SecretBox } from '../secrets/secret-box.js';

/** What seals a secret at rest; providers that keep their own cache (MSAL) are handed one. */
export type { SecretBox };

/** A password (IMAP/SMTP), or the tokens of an OAuth sign-in (Gmail, Microsoft 365). */
export type Credential = PasswordCredential | OAuthCredential;

export interface PasswordCredential {
  kind: 'password';
  password: string;
}

export interface OAuthCredential {
  kind: 'oauth';
  accessToken: string;
  /** Microsoft rotates it on every refresh: the new one must be stored, the old one is spent. */
  refreshToken: string;
  /** ISO 8601; null when the token endpoint did not say. */
  expiresAt: string | null;
}

/**
 * Where the provider of one mailbox gets its credential. One source per mailbox, shared by
 * every loop that opens it (live sync, backfill, the outbox, "why missing"): a refresh is
 * done once however many of them ask at the same moment — Microsoft rotates refresh
 * tokens, so a second refresh with the old one would sign the mailbox out.
 */
export interface CredentialSource {
  /** The credential to sign in with now; an OAuth token about to expire is refreshed first. */
  current(): Promise<Credential>;
  /**
   * The server refused `rejected` as expired (HTTP 401): answers a fresh credential. When
   * another caller refreshed it already, answers that one without a second refresh.
   * @throws AppError `auth-required` when only the user can help: a password cannot be
   *   refreshed, a revoked refresh token neither.
   */
  refresh(rejected: Credential): Promise<Credential>;
}

/** A credential the user just typed (the connection test, connecting): nothing to refresh. */
export function fixedCredential(credential: Credential): CredentialSource {
  return {
    current: () => Promise.resolve(credential),
    refresh: () => Promise.reject(refusedError(credential)),
  };
}

export interface CredentialVaultOptions {
  /** Seals at rest; null in a shell without one (then no mailbox can sign in). */
  secrets: SecretBox | null;
  /** The mailbox's sealed credential, or null when it has none (unlinked, R12). */
  load(mailboxId: string): Buffer | null;
  /** Stores a sealed credential: a rotated token, a new password. Owned by the services; the vault never sees the store. */
  save(mailboxId: string, sealed: Buffer): void;
  /** Trades an OAuth credential for a fresh one at the provider's token endpoint. */
  refreshToken?: (mailboxId: string, credential: OAuthCredential) => Promise<OAuthCredential>;
  /** A token expiring sooner than this is refreshed before use; default 60 s. */
  expiryMarginMs?: number;
  now?: () => Date;
}

const credentialSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('password'), password: z.string().min(1) }),
  z.strictObject({ kind: z.literal('oauth'), accessToken: z.string().min(1), refreshToken: z.string().min(1), expiresAt: z.iso.datetime().nullable() }),
]);

/**
 * The engine's credentials, one {@link CredentialSource} per mailbox, unsealed when first
 * asked for and kept in memory after (never in a log, never sent to the renderer).
 */
export class CredentialVault {
  readonly #options: CredentialVaultOptions;
  readonly #sources = new Map<string, MailboxCredentials>();

  constructor(options: CredentialVaultOptions) {
    this.#options = options;
  }

  /** The mailbox's one credential source; the same object for every caller. */
  sourceFor(mailboxId: string): CredentialSource {
    let source = this.#sources.get(mailboxId);
    if (source === undefined) {
      source = new MailboxCredentials(mailboxId, this.#options);
      this.#sources.set(mailboxId, source);
    }
    return source;
  }

  /**
   * `credential` sealed for the store (a mailbox being connected).
   * @throws AppError `internal` in a shell without a safe place for secrets.
   */
  seal(credential: Credential): Buffer {
    return sealCredential(this.#options.secrets, credential);
  }

  /**
   * The mailbox's stored credential as it is, never refreshed (what disconnecting revokes);
   * null when it has none or it cannot be read.
   */
  stored(mailboxId: string): Credential | null {
    const { secrets } = this.#options;
    const sealed = this.#options.load(mailboxId);
    if (sealed === null || secrets === null) return null;
    try {
      return parseCredential(secrets.open(sealed));
    } catch {
      return null;
    }
  }

  /** Seals and stores `credential` as the mailbox's new one (a new password, a new sign-in); every loop signs in with it from its next connection. */
  replace(mailboxId: string, credential: Credential): void {
    this.#options.save(mailboxId, this.seal(credential));
  }
}

function sealCredential(secrets: SecretBox | null, credential: Credential): Buffer {
  if (secrets === null) throw new AppError('internal', 'This shell has no safe place for passwords; mailboxes cannot be connected.');
  return secrets.seal(JSON.stringify(credential));
}

/**
 * One mailbox's credential. What was unsealed is kept with the sealed bytes it came from and
 * used only while the store still holds exactly those: a new password saved by the services,
 * or credentials deleted by unlinking (R12), take effect at the next ask — no cache can
 * outlive them.
 */
class MailboxCredentials implements CredentialSource {
  readonly #mailboxId: string;
  readonly #options: CredentialVaultOptions;
  #unsealed: { sealed: Buffer; credential: Credential } | null = null;
  #refreshing: Promise<Credential> | null = null;

  constructor(mailboxId: string, options: CredentialVaultOptions) {
    this.#mailboxId = mailboxId;
    this.#options = options;
  }

  async current(): Promise<Credential> {
    if (this.#refreshing !== null) return this.#refreshing;
    const credential = this.#stored();
    if (credential.kind === 'oauth' && this.#expiresSoon(credential)) return this.refresh(credential);
    return credential;
  }

  refresh(rejected: Credential): Promise<Credential> {
    if (this.#refreshing !== null) return this.#refreshing;
    let current: Credential;
    try {
      current = this.#stored();
    } catch (error) {
      return Promise.reject(error);
    }
    // Another loop refreshed it since `rejected` was handed out: that one is fresh.
    if (!sameCredential(current, rejected)) return Promise.resolve(current);
    const refreshToken = this.#options.refreshToken;
    if (current.kind === 'password' || refreshToken === undefined) return Promise.reject(refusedError(current));
    const before = this.#unsealed?.sealed ?? null;
    // No caller's signal: the refresh is shared, and a rotated token must not be lost
    // because the first of its waiters gave up.
    const refreshing = refreshToken(this.#mailboxId, current).then((fresh) => {
      // A credential saved meanwhile (the user signed in again) wins over this refresh.
      const now = this.#options.load(this.#mailboxId);
      if (now === null || before === null || !now.equals(before)) return this.#stored();
      // Written back before anyone uses it: a rotated refresh token must survive a crash.
      const sealed = sealCredential(this.#options.secrets, fresh);
      this.#options.save(this.#mailboxId, sealed);
      this.#unsealed = { sealed, credential: fresh };
      return fresh;
    });
    this.#refreshing = refreshing;
    const clear = () => {
      if (this.#refreshing === refreshing) this.#refreshing = null;
    };
    refreshing.then(clear, clear);
    return refreshing;
  }

  /** The stored credential, unsealed again only when the sealed bytes changed. */
  #stored(): Credential {
    const { secrets } = this.#options;
    const sealed = this.#options.load(this.#mailboxId);
    if (sealed === null || secrets === null) {
      this.#unsealed = null;
      throw new AppError('auth-required', 'Hirebox has no password for this mailbox; enter it again.');
    }
    if (this.#unsealed === null || !this.#unsealed.sealed.equals(sealed)) this.#unsealed = { sealed, credential: parseCredential(secrets.open(sealed)) };
    return this.#unsealed.credential;
  }

  #expiresSoon(credential: OAuthCredential): boolean {
    if (credential.expiresAt === null) return false;
    const now = (this.#options.now ?? (() => new Date()))().getTime();
    return Date.parse(credential.expiresAt) - now < (this.#options.expiryMarginMs ?? 60_000);
  }
}

/**
 * A sealed credential's text: the JSON `sealCredential` wrote, or — as mailboxes connected
 * before credentials had kinds stored it — the bare password.
 */
function parseCredential(text: string): Credential {
  let json: unknown;
  try {
    json = text.startsWith('{') ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: a password that starts with a brace.
  }
  if (typeof json !== 'object' || json === null || !('kind' in json)) return { kind: 'password', password: text };
  const parsed = credentialSchema.safeParse(json);
  // Never sign in with a damaged credential's text as if it were a password.
  if (!parsed.success) throw new AppError('auth-required', 'The stored password of this mailbox cannot be read; enter it again.');
  return parsed.data;
}

function sameCredential(a: Credential, b: Credential): boolean {
  if (a.kind === 'password') return b.kind === 'password' && a.password === b.password;
  return b.kind === 'oauth' && a.accessToken === b.accessToken;
}

function refusedError(credential: Credential): AppError {
  return credential.kind === 'password'
    ? new AppError('auth-required', 'The mail server refused the password; enter the new one.')
    : new AppError('auth-required', 'The sign-in has expired and could not be renewed; sign in again.');
}
