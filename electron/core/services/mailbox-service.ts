import { randomUUID } from 'node:crypto';
import type { CertificateException, ConnectionTestReport, FolderView, MailboxConnectionView, MailboxSummary, ProtocolCheck, ServerSettings, SharedInboxMembers, SyncRunSummary, User } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { normalizeAddress } from '../domain/addresses.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { presetFor, presets } from '../domain/provider-presets.js';
import { isLoopbackHost, validateImapSettings } from '../providers/imap/index.js';
import { fingerprintOfPem, normalizeFingerprint } from '../providers/tls-policy.js';
import type { FolderRole } from '../providers/mail-provider.js';
import { fixedCredential, type Credential, type CredentialSource, type CredentialVault, type OAuthCredential } from '../auth/credentials.js';
import type { ImapMailboxSettings, MailboxSettings, StoredMailboxSettings } from '../providers/mailbox-settings.js';
import type { OAuthProviderKind, SignedInAccount } from '../providers/oauth-sign-in.js';
import type { ProviderFactory } from '../providers/provider-factory.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { AddressGuard } from './address-guard.js';
import { mailboxSettings } from './mailbox-opener.js';
import { mailboxDirectory, withUnlinkedAt } from './mailbox-summary.js';

export interface ConnectInput {
  address: string;
  displayName?: string | undefined;
  userName: string;
  password: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  /** Certificates the user confirmed in the connection test (issue 6). */
  certificateExceptions?: readonly CertificateException[] | undefined;
  /** A shared inbox (admins only, R13): who else is on its list. */
  shared?: SharedInboxInput | undefined;
}

/** A shared inbox's list as the connect form sends it: the admin connecting it is always on it. */
export interface SharedInboxInput {
  memberIds: readonly string[];
}

/** The connect form's settings, or a connected mailbox, for `mailboxes:test-connection`. */
export type TestConnectionInput = { mailboxId: string } | Omit<ConnectInput, 'displayName'>;

/** A connected mailbox's new password and/or server settings (`mailboxes:update-connection`); what is left out stays. */
export interface UpdateConnectionInput {
  mailboxId: string;
  password?: string | undefined;
  userName?: string | undefined;
  imap?: ServerSettings | undefined;
  smtp?: ServerSettings | undefined;
  /** Certificates the user confirmed in the failed test of this repair (for these servers). */
  certificateExceptions?: readonly CertificateException[] | undefined;
}

/** Connected mailboxes: connecting (R4, R8, R11), their folders (R9) and sync on request. */
export class MailboxService {
  constructor(
    private readonly store: Store,
    private readonly guard: AddressGuard,
    private readonly providers: ProviderFactory,
    private readonly vault: CredentialVault,
    private readonly scheduler: SyncScheduler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(viewer: Viewer, page: { cursor?: string | undefined; limit: number }): Page<MailboxSummary> {
    const listed = this.store.mailboxes.list({ ...page, viewerUserId: viewer.userId });
    return { ...listed, items: listed.items.map((mailbox) => withUnlinkedAt(this.store, mailbox)) };
  }

  /**
   * Connects the actor's own mailbox: refused before any network when the address is on a
   * candidate (R4) or connected already (R8); then the server is asked (log in and out)
   * before anything is saved; the password is stored sealed. The first sync starts at once.
   */
  async connect(actor: User, input: ConnectInput): Promise<MailboxSummary> {
    const address = normalizeAddress(input.address, 'address');
    this.#assertMaySetUpShared(actor, input.shared);
    this.guard.assertNotOnCandidate(address, 'address');
    this.#assertNotConnected(address, actor.id);
    const credential = { kind: 'password', password: input.password } as const;
    // Refused before any network in a shell that could not keep the password.
    const sealed = this.vault.seal(credential);
    const exceptions = this.#checkedExceptions(input);
    const settings: MailboxSettings = { provider: 'imap', userName: input.userName, imap: input.imap, smtp: input.smtp };
    const withExceptions: MailboxSettings = { ...settings, certificateExceptions: exceptions };
    // The same test the form runs (R11): IMAP and SMTP, both must pass before anything is saved.
    const report = await this.providers.testConnection(withExceptions, fixedCredential(credential));
    if (!report.ok) throw failedTestError(report);
    return this.#createConnected(actor, { address, displayName: input.displayName, stored: settings, settings: withExceptions, credential, sealed, exceptions, shared: input.shared });
  }

  /**
   * Refused before a browser sign-in starts, as `connect` refuses before any network: an
   * address on a candidate (R4) or connected already (R8) — except the actor's own mailbox
   * that was unlinked, which connecting links again.
   */
  assertConnectable(address: string, actorId: string): string {
    const normalized = normalizeAddress(address, 'address');
    this.guard.assertNotOnCandidate(normalized, 'address');
    this.#assertNotConnected(normalized, actorId);
    return normalized;
  }

  /**
   * The mailbox a browser sign-in repairs (its owner; an admin for a shared inbox): linked,
   * and signing in with `provider`. Answers its address, the account that must sign in.
   */
  assertRepairableBySignIn(viewer: Viewer, mailboxId: string, provider: OAuthProviderKind): string {
    const mailbox = this.#ownMailbox(viewer, mailboxId);
    this.#assertLinked(mailboxId);
    const settings = mailboxSettings(this.store, mailboxId);
    if (settings === null || settings.provider !== provider) throw new AppError('invalid-input', `This mailbox does not sign in with ${provider === 'gmail' ? 'Google' : 'Microsoft'}.`, { field: 'mailboxId' });
    return mailbox.address;
  }

  /**
   * Connects the actor's own mailbox from a finished browser sign-in (Gmail): R4 and R8 as
   * for `connect`, the folders from the provider, the tokens sealed; the first sync starts.
   */
  async connectSignedIn(actor: User, account: SignedInAccount, options: { displayName?: string | undefined; shared?: SharedInboxInput | undefined } = {}): Promise<MailboxSummary> {
    this.#assertMaySetUpShared(actor, options.shared);
    const address = this.assertConnectable(account.address, actor.id);
    const sealed = this.vault.seal(account.credential);
    return this.#createConnected(actor, { address, displayName: options.displayName, stored: account.settings, settings: account.settings, credential: account.credential, sealed, exceptions: [], shared: options.shared });
  }

  /**
   * The mailbox row of a connect that passed its checks: the folders from the provider, then
   * in one transaction (R8 checked again: another connect may have finished meanwhile) the
   * mailbox with its sealed credential, trusted certificates and folders; the first sync
   * starts. The actor's own unlinked mailbox of this address is linked again instead (R12):
   * same id, its mail kept, the first window fetched anew (`relink`).
   */
  async #createConnected(
    actor: User,
    mailbox: {
      address: string;
      displayName: string | undefined;
      /** What is stored; `settings` adds what the provider opens with (trusted certificates). */
      stored: StoredMailboxSettings;
      settings: MailboxSettings;
      credential: Credential;
      sealed: Buffer;
      exceptions: readonly CertificateException[];
      shared?: SharedInboxInput | undefined;
    },
  ): Promise<MailboxSummary> {
    const { address, settings, exceptions } = mailbox;
    const provider = await this.providers.open(settings, fixedCredential(mailbox.credential));
    let folders;
    try {
      folders = await provider.listFolders();
    } finally {
      await provider.close();
    }
    const shared = mailbox.shared;
    const unlinked = shared === undefined ? this.#ownUnlinked(address, actor.id) : null;
    const id = unlinked?.id ?? randomUUID();
    this.store.transaction(() => {
      this.#assertNotConnected(address, actor.id);
      if (unlinked !== null) {
        this.store.mailboxes.relink(id, { provider: settings.provider, connection: mailbox.stored, credentials: mailbox.sealed });
        this.store.mailboxes.setStatus(id, { status: { state: 'connecting' }, lastSyncedAt: unlinked.lastSyncedAt });
      } else {
        this.store.mailboxes.create({
          id,
          address,
          // A shared inbox writes as itself ("Acme Careers"), not as the admin who connected it.
          displayName: mailbox.displayName?.trim() || (shared === undefined ? actor.name : address),
          provider: settings.provider,
          kind: shared === undefined ? 'personal' : 'shared',
          ownerUserId: shared === undefined ? actor.id : null,
          connection: mailbox.stored,
          credentials: mailbox.sealed,
          createdAt: this.now().toISOString(),
        });
        if (shared !== undefined) this.#writeMembers(id, actor, shared.memberIds);
      }
      for (const exception of exceptions) this.store.certificateExceptions.save(id, exception, this.now().toISOString());
      for (const folder of folders) {
        const role = storedRole(folder.role);
        this.store.folders.upsert(id, { path: folder.path, name: folder.name, role, roleSource: folder.roleSource, scanned: role !== 'custom' });
      }
    });
    this.logger.info(unlinked === null ? 'mailbox connected' : 'mailbox linked again', { mailboxId: id, provider: settings.provider, folders: folders.length });
    // The status (offline, auth-required, error) tells the user how it goes; the log has the rest.
    this.scheduler.startMailbox(id);
    return withUnlinkedAt(this.store, this.store.mailboxes.get(id)!);
  }

  /**
   * Repairs a mailbox with a new browser sign-in: only the mailbox's own account may sign
   * in (another one is refused, `field: 'account'`); the new tokens replace the old sealed
   * ones, the settings take the client the grant belongs to, and sync starts again where it
   * stopped — same id, same mail, cursors kept.
   */
  async replaceSignIn(viewer: Viewer, mailboxId: string, account: SignedInAccount): Promise<MailboxSummary> {
    const expected = this.assertRepairableBySignIn(viewer, mailboxId, account.settings.provider as OAuthProviderKind);
    if (normalizeAddress(account.address, 'account') !== normalizeAddress(expected, 'address')) {
      throw new AppError('invalid-input', `You signed in as ${account.address}, but this mailbox is ${expected}. Sign in with ${expected} to repair it; to add ${account.address}, connect it as a new mailbox.`, { field: 'account' });
    }
    this.store.transaction(() => {
      this.#assertLinked(mailboxId);
      this.store.mailboxes.updateConnection(mailboxId, account.settings);
      this.vault.replace(mailboxId, account.credential);
    });
    this.logger.info('mailbox signed in again', { mailboxId, provider: account.settings.provider });
    await this.scheduler.restart(mailboxId);
    return withUnlinkedAt(this.store, this.store.mailboxes.get(mailboxId)!);
  }

  /**
   * The OAuth grant of a mailbox the caller may unlink, read before unlinking deletes it
   * (R12): null for a mailbox that signs in with a password or holds no readable tokens.
   */
  grantOf(viewer: Viewer, mailboxId: string): { settings: MailboxSettings; credential: OAuthCredential } | null {
    this.#visibleMailbox(viewer, mailboxId);
    const settings = mailboxSettings(this.store, mailboxId);
    const credential = this.vault.stored(mailboxId);
    if (settings === null || settings.provider === 'imap' || credential?.kind !== 'oauth') return null;
    return { settings, credential };
  }

  /**
   * Withdraws an unlinked mailbox's grant at its provider. Answers whether that worked: a
   * failure is logged and answered, never thrown — the mailbox is unlinked either way.
   */
  async revokeGrant(mailboxId: string, grant: { settings: MailboxSettings; credential: OAuthCredential }): Promise<boolean> {
    if (this.providers.revokeCredential === undefined) return false;
    try {
      await this.providers.revokeCredential(grant.settings, grant.credential);
      this.logger.info('sign-in grant withdrawn at the provider', { mailboxId, provider: grant.settings.provider });
      return true;
    } catch (error) {
      this.logger.warn('the sign-in grant could not be withdrawn at the provider', { mailboxId, provider: grant.settings.provider, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /**
   * The connection test (R11, issue 6): for the connect form's settings (nothing saved) or
   * for a connected mailbox the caller may see, with its stored password and exceptions.
   * A failed login carries the provider's hint (an app password, IMAP to be switched on).
   */
  async testConnection(viewer: Viewer, input: TestConnectionInput): Promise<ConnectionTestReport> {
    let settings: MailboxSettings;
    let credentials: CredentialSource;
    let address: string;
    if ('mailboxId' in input) {
      const mailbox = this.#visibleMailbox(viewer, input.mailboxId);
      this.#assertLinked(input.mailboxId);
      const stored = mailboxSettings(this.store, input.mailboxId);
      if (stored === null) throw new AppError('not-found', 'This mailbox has no stored connection to test.');
      settings = stored;
      credentials = this.vault.sourceFor(input.mailboxId);
      address = mailbox.address;
    } else {
      address = normalizeAddress(input.address, 'address');
      // What connect would refuse before any network is refused here too (R4, R8).
      this.guard.assertNotOnCandidate(address, 'address');
      this.#assertNotConnected(address, viewer.userId);
      const exceptions = this.#checkedExceptions(input);
      settings = { provider: 'imap', userName: input.userName, imap: input.imap, smtp: input.smtp, certificateExceptions: exceptions };
      credentials = fixedCredential({ kind: 'password', password: input.password });
    }
    const report = await this.providers.testConnection(settings, credentials);
    return this.#withProviderHint(report, address, settings);
  }

  /** The mailbox's sign-in and servers for its settings form; never the password. */
  connection(viewer: Viewer, mailboxId: string): MailboxConnectionView {
    this.#ownMailbox(viewer, mailboxId);
    const settings = serverSettingsOf(mailboxSettings(this.store, mailboxId));
    if (settings === null) throw new AppError('not-found', 'This mailbox has no stored connection.');
    return { provider: settings.provider, userName: settings.userName, imap: settings.imap, smtp: settings.smtp };
  }

  /**
   * Repairs a connected mailbox (its owner, or an admin for a shared inbox): a new password
   * after the server refused the old one, or changed server settings. The connection is
   * tested with them first; only when the test passes are they stored (the password sealed),
   * and sync starts again where it stopped — cursors, stored mail and the outbox stay, so
   * nothing is lost or fetched twice, and what waited to be sent goes once. A failed test
   * saves nothing and answers its report.
   */
  async updateConnection(viewer: Viewer, input: UpdateConnectionInput): Promise<{ saved: boolean; report: ConnectionTestReport; mailbox: MailboxSummary }> {
    const mailbox = this.#ownMailbox(viewer, input.mailboxId);
    this.#assertLinked(input.mailboxId);
    const stored = serverSettingsOf(mailboxSettings(this.store, input.mailboxId));
    if (stored === null) throw new AppError('not-found', 'This mailbox has no stored connection.');
    const settings: ImapMailboxSettings & MailboxSettings = { ...stored, userName: input.userName ?? stored.userName, imap: input.imap ?? stored.imap, smtp: input.smtp ?? stored.smtp };
    const credential = input.password === undefined ? null : ({ kind: 'password', password: input.password } as const);
    const current = await this.vault.sourceFor(input.mailboxId).current().catch(() => null);
    const password = credential?.password ?? (current?.kind === 'password' ? current.password : null);
    if (password === null) throw new AppError('invalid-input', 'Enter the password of this mailbox.', { field: 'password' });
    const confirmed = this.#checkedExceptions({ userName: settings.userName, password, imap: settings.imap, smtp: settings.smtp, certificateExceptions: input.certificateExceptions ?? [] });
    // A certificate confirmed now replaces the one pinned for its server before.
    const pinned = [...(settings.certificateExceptions ?? []).filter((old) => !confirmed.some((next) => next.host === old.host && next.port === old.port)), ...confirmed];
    const tested: MailboxSettings = { ...settings, certificateExceptions: pinned };
    const report = this.#withProviderHint(await this.providers.testConnection(tested, fixedCredential({ kind: 'password', password })), mailbox.address, tested);
    if (!report.ok) return { saved: false, report, mailbox: withUnlinkedAt(this.store, this.store.mailboxes.get(input.mailboxId)!) };
    this.store.transaction(() => {
      // Unlinked while the server was asked: nothing is written back onto it (R12).
      this.#assertLinked(input.mailboxId);
      this.store.mailboxes.updateConnection(input.mailboxId, { provider: 'imap', userName: settings.userName, imap: settings.imap, smtp: settings.smtp });
      for (const exception of confirmed) this.store.certificateExceptions.save(input.mailboxId, exception, this.now().toISOString());
      if (credential !== null) this.vault.replace(input.mailboxId, credential);
    });
    this.logger.info('mailbox connection updated', { mailboxId: input.mailboxId, password: credential !== null, servers: input.imap !== undefined || input.smtp !== undefined || input.userName !== undefined });
    await this.scheduler.restart(input.mailboxId);
    return { saved: true, report, mailbox: withUnlinkedAt(this.store, this.store.mailboxes.get(input.mailboxId)!) };
  }

  /** The report with the provider's hint on a refused login, by the address's domain or else its servers. */
  #withProviderHint(report: ConnectionTestReport, address: string, settings: MailboxSettings): ConnectionTestReport {
    // The provider's hint by the address's domain, else by its servers (a company domain
    // hosted at GMX or Gmail uses their servers).
    if (settings.provider !== 'imap') return report;
    const hint = (presetFor(address) ?? presets.find((preset) => preset.imap !== undefined && preset.imap.host === settings.imap.host.trim().toLowerCase()))?.hint;
    if (hint === undefined) return report;
    const withHint = (check: ProtocolCheck): ProtocolCheck => ({
      ...check,
      steps: check.steps.map((step) => (step.problem?.code === 'auth-failed' ? { ...step, problem: { code: 'auth-failed', hint } } : step)),
    });
    return { ...report, checks: report.checks.map(withHint) };
  }

  /**
   * Trusts a certificate by hand for one server of a connected mailbox (its owner, or an
   * admin for a shared inbox), replacing the one trusted for that server before, and tests
   * the connection with it. When the test passes, sync starts again at once.
   */
  async trustCertificate(viewer: Viewer, mailboxId: string, certificate: CertificateException): Promise<ConnectionTestReport> {
    this.#ownMailbox(viewer, mailboxId);
    this.#assertLinked(mailboxId);
    const settings = serverSettingsOf(mailboxSettings(this.store, mailboxId));
    if (settings === null) throw new AppError('not-found', 'This mailbox has no stored connection.');
    const [exception] = checkedExceptions([certificate], settings.imap, settings.smtp, 'certificate');
    this.store.certificateExceptions.save(mailboxId, exception!, this.now().toISOString());
    this.logger.info('certificate trusted by hand', { mailboxId, host: exception!.host, port: exception!.port, fingerprint256: exception!.fingerprint256 });
    const report = await this.testConnection(viewer, { mailboxId });
    if (report.ok) this.scheduler.syncNow(mailboxId).catch(() => {});
    return report;
  }

  /**
   * Settings checked before any socket opens, and the confirmed certificates: each for the
   * IMAP or SMTP server of these settings, and its PEM exactly the fingerprint confirmed.
   */
  #checkedExceptions(input: Omit<ConnectInput, 'displayName' | 'address'>): CertificateException[] {
    validateImapSettings({ ...input.imap, user: input.userName, password: input.password });
    if (input.smtp.security === 'none' && !isLoopbackHost(input.smtp.host)) {
      throw new AppError('invalid-input', `Sending without encryption is only allowed to a server on this computer, not to ${input.smtp.host}. Choose TLS or STARTTLS.`, { field: 'smtp.security' });
    }
    return checkedExceptions(input.certificateExceptions ?? [], input.imap, input.smtp, 'certificateExceptions');
  }

  /** Sender name and signature: the mailbox's owner, or an admin for a shared inbox. */
  update(viewer: Viewer, input: { mailboxId: string; displayName?: string | undefined; signature?: string | undefined }): MailboxSummary {
    this.#ownMailbox(viewer, input.mailboxId);
    // Line ends as one form; trailing blank lines say nothing in a signature.
    const signature = input.signature?.replace(/\r\n?/gu, '\n').replace(/\s+$/u, '');
    this.store.mailboxes.updateSettings(input.mailboxId, { displayName: input.displayName, signature });
    return withUnlinkedAt(this.store, this.store.mailboxes.get(input.mailboxId)!);
  }

  folders(viewer: Viewer, mailboxId: string): FolderView[] {
    this.#visibleMailbox(viewer, mailboxId);
    return this.store.folders.list(mailboxId).map(toFolderView);
  }

  setFolderScanned(viewer: Viewer, mailboxId: string, folderId: string, scanned: boolean): FolderView[] {
    this.#ownMailbox(viewer, mailboxId);
    const folder = this.store.folders.get(folderId);
    if (folder === null || folder.mailboxId !== mailboxId) throw new AppError('not-found', 'This mailbox has no such folder.', { field: 'folderId' });
    this.store.folders.setScanned(folderId, scanned);
    // A folder just added is read at once, not at some later sync.
    if (scanned) this.scheduler.syncNow(mailboxId).catch(() => {});
    return this.folders(viewer, mailboxId);
  }

  syncNow(viewer: Viewer, mailboxId: string): Promise<SyncRunSummary> {
    this.#visibleMailbox(viewer, mailboxId);
    return this.scheduler.syncNow(mailboxId);
  }

  /** Pause (R14, issue 7): who may see the mailbox may pause its sync. */
  async pause(viewer: Viewer, mailboxId: string): Promise<MailboxSummary> {
    this.#visibleMailbox(viewer, mailboxId);
    await this.scheduler.pause(mailboxId);
    this.logger.info('mailbox paused', { mailboxId });
    return withUnlinkedAt(this.store, this.store.mailboxes.get(mailboxId)!);
  }

  /** Resume (R14, issue 7): syncs at once; also "try again" after the server refused the login. */
  resume(viewer: Viewer, mailboxId: string): MailboxSummary {
    this.#visibleMailbox(viewer, mailboxId);
    this.scheduler.resume(mailboxId);
    this.logger.info('mailbox resumed', { mailboxId });
    return withUnlinkedAt(this.store, this.store.mailboxes.get(mailboxId)!);
  }

  #assertLinked(mailboxId: string): void {
    if (this.store.outbox.sendingFacts(mailboxId)?.disconnectedAt != null) throw new AppError('conflict', 'This mailbox was unlinked; connect it again.', { rule: 'R12' });
  }

  /** Who is on a shared inbox's list (R13), for those who may use it. */
  members(viewer: Viewer, mailboxId: string): SharedInboxMembers {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (mailbox.kind !== 'shared') throw new AppError('invalid-input', 'Only a shared inbox has a list of who may see it.', { field: 'mailboxId', rule: 'R13' });
    return this.#membersView(mailboxId);
  }

  /**
   * Sets a shared inbox's list (admins only, R13). The admin setting it stays on it; a user
   * taken off no longer sees its mail from the next call on (visibility is asked every time).
   */
  setMembers(actor: User, mailboxId: string, memberIds: readonly string[]): SharedInboxMembers {
    if (actor.role !== 'admin') throw new AppError('forbidden', 'Only admins choose who is on a shared inbox.', { rule: 'R13' });
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.');
    if (mailbox.kind !== 'shared') throw new AppError('invalid-input', 'Only a shared inbox has a list of who may see it.', { field: 'mailboxId', rule: 'R13' });
    this.store.transaction(() => this.#writeMembers(mailboxId, actor, memberIds));
    this.logger.info('shared inbox members set', { mailboxId, members: this.store.mailboxes.members(mailboxId).length });
    return this.#membersView(mailboxId);
  }

  #writeMembers(mailboxId: string, actor: User, memberIds: readonly string[]): void {
    for (const [index, userId] of memberIds.entries()) {
      if (this.store.users.get(userId) === null) throw new AppError('not-found', 'There is no team member with this id.', { field: `memberIds.${index}` });
    }
    this.store.mailboxes.setMembers(mailboxId, [actor.id, ...memberIds]);
  }

  #membersView(mailboxId: string): SharedInboxMembers {
    const members = this.store.mailboxes
      .members(mailboxId)
      .map((userId) => this.store.users.get(userId))
      .filter((user): user is User => user !== null)
      .map((user) => ({ userId: user.id, name: user.name, email: user.email }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { mailboxId, members };
  }

  #assertMaySetUpShared(actor: User, shared: SharedInboxInput | undefined): void {
    if (shared !== undefined && actor.role !== 'admin') throw new AppError('forbidden', 'Only admins connect a shared inbox.', { rule: 'R13' });
  }

  /** The actor's own personal mailbox of this address that was unlinked (R12), which connecting links again. */
  #ownUnlinked(address: string, actorId: string): MailboxSummary | null {
    const mailbox = this.store.mailboxes.all().find((known) => known.address === address);
    if (mailbox === undefined || mailbox.kind !== 'personal' || mailbox.ownerUserId !== actorId) return null;
    return this.store.outbox.sendingFacts(mailbox.id)?.disconnectedAt != null ? mailbox : null;
  }

  /** R8: one mailbox per address — the actor's own unlinked one may be connected again. */
  #assertNotConnected(address: string, actorId: string): void {
    if (this.#ownUnlinked(address, actorId) !== null) return;
    if (this.store.mailboxes.addresses().some((mailbox) => mailbox.address === address)) {
      throw new AppError('conflict', `${address} is connected already, by you or a colleague. A mailbox several people use is connected once, as a shared inbox.`, { field: 'address', rule: 'R8' });
    }
  }

  #visibleMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.');
    if (!mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store))) throw new AppError('forbidden', 'This mailbox is not yours.');
    return mailbox;
  }

  #ownMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (mailbox.kind === 'shared' && viewer.role !== 'admin') throw new AppError('forbidden', 'Only admins change the folders of a shared inbox.');
    return mailbox;
  }
}

/** Each exception for the IMAP or SMTP server, its PEM exactly the fingerprint confirmed; `field` names the input at fault. */
function checkedExceptions(exceptions: readonly CertificateException[], imap: ServerSettings, smtp: ServerSettings, field: string): CertificateException[] {
  const servers = [imap, smtp].map((server) => `${server.host.trim().toLowerCase()}:${server.port}`);
  return exceptions.map((exception, index) => {
    const at = field === 'certificate' ? field : `${field}.${index}`;
    const host = exception.host.trim().toLowerCase();
    if (!servers.includes(`${host}:${exception.port}`)) throw new AppError('invalid-input', `The trusted certificate is for ${host}:${exception.port}, which is neither the IMAP nor the SMTP server.`, { field: at });
    let fingerprint: string;
    try {
      fingerprint = fingerprintOfPem(exception.pem);
    } catch {
      throw new AppError('invalid-input', 'The trusted certificate is not a certificate.', { field: at });
    }
    if (fingerprint !== normalizeFingerprint(exception.fingerprint256)) throw new AppError('invalid-input', 'The trusted certificate does not have the fingerprint that was confirmed.', { field: at });
    return { host, port: exception.port, fingerprint256: fingerprint, pem: exception.pem };
  });
}

/** The error `connect` answers with when the test failed: the first failed step, in English for logs and the CLI. */
function failedTestError(report: ConnectionTestReport): AppError {
  for (const check of report.checks) {
    const failed = check.steps.find((step) => step.status === 'failed');
    if (failed === undefined) continue;
    const server = `the ${check.protocol.toUpperCase()} server ${check.host}:${check.port}`;
    const problem = failed.problem?.code ?? 'unknown';
    switch (failed.step) {
      case 'auth':
        if (problem === 'auth-failed') return new AppError('auth-required', `${server[0]!.toUpperCase()}${server.slice(1)} refused the login: check the user name and password.`, { field: 'password' });
        return new AppError('network', `The login at ${server} failed (${problem}).`, { retryable: true });
      case 'dns':
      case 'tcp':
        return new AppError('network', `Cannot reach ${server} (${failed.step}: ${problem}).`, { retryable: true });
      case 'tls':
        return new AppError('network', `No secure connection to ${server} (${problem}); run the connection test for the details.`, { field: `${check.protocol}.security` });
      case 'capabilities':
        return new AppError('network', `${server[0]!.toUpperCase()}${server.slice(1)} lacks what Hirebox needs (${problem}).`);
    }
  }
  return new AppError('network', 'The connection test failed.');
}

function storedRole(role: FolderRole): FolderView['role'] {
  return role === 'other' ? 'custom' : role;
}

function toFolderView(folder: FolderRecord): FolderView {
  return { id: folder.id, path: folder.path, name: folder.name, role: folder.role, roleSource: folder.roleSource, scanned: folder.scanned };
}

/**
 * The settings of a mailbox with servers and a password (IMAP/SMTP). A Gmail mailbox has
 * neither: its servers are Google's and it is repaired by signing in with Google again.
 */
function serverSettingsOf(settings: MailboxSettings | null): (ImapMailboxSettings & MailboxSettings) | null {
  if (settings === null || settings.provider === 'imap') return settings;
  throw new AppError('invalid-input', 'This mailbox signs in with Google; it has no servers or password to change. Sign in with Google again instead.', { field: 'mailboxId' });
}
