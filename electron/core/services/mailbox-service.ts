import { randomUUID } from 'node:crypto';
import type { FolderView, MailboxSummary, ServerSettings, SyncRunSummary, User } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { normalizeAddress } from '../domain/addresses.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { isLoopbackHost } from '../providers/imap/index.js';
import type { FolderRole } from '../providers/mail-provider.js';
import type { MailboxConnectionSettings, ProviderFactory } from '../providers/provider-factory.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { AddressGuard } from './address-guard.js';

export interface ConnectInput {
  address: string;
  displayName?: string | undefined;
  userName: string;
  password: string;
  imap: ServerSettings;
  smtp: ServerSettings;
}

/** Connected mailboxes: connecting (R4, R8, R11), their folders (R9) and sync on request. */
export class MailboxService {
  constructor(
    private readonly store: Store,
    private readonly guard: AddressGuard,
    private readonly providers: ProviderFactory,
    private readonly secrets: SecretBox | null,
    private readonly scheduler: SyncScheduler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(viewer: Viewer, page: { cursor?: string | undefined; limit: number }): Page<MailboxSummary> {
    return this.store.mailboxes.list({ ...page, viewerUserId: viewer.userId });
  }

  /**
   * Connects the actor's own mailbox: refused before any network when the address is on a
   * candidate (R4) or connected already (R8); then the server is asked (log in and out)
   * before anything is saved; the password is stored sealed. The first sync starts at once.
   */
  async connect(actor: User, input: ConnectInput): Promise<MailboxSummary> {
    const address = normalizeAddress(input.address, 'address');
    this.guard.assertNotOnCandidate(address, 'address');
    this.#assertNotConnected(address);
    if (this.secrets === null) throw new AppError('internal', 'This shell has no safe place for passwords; mailboxes cannot be connected.');
    if (input.smtp.security === 'none' && !isLoopbackHost(input.smtp.host)) {
      throw new AppError('invalid-input', `Sending without encryption is only allowed to a server on this computer, not to ${input.smtp.host}. Choose TLS or STARTTLS.`, { field: 'smtp.security' });
    }
    const settings: MailboxConnectionSettings = { provider: 'imap', userName: input.userName, imap: input.imap, smtp: input.smtp };
    await this.providers.check(settings, input.password);
    const provider = this.providers.open(settings, input.password);
    let folders;
    try {
      folders = await provider.listFolders();
    } finally {
      await provider.close();
    }
    const id = randomUUID();
    this.store.transaction(() => {
      // Checked again: another connect may have finished while the server was asked.
      this.#assertNotConnected(address);
      this.store.mailboxes.create({
        id,
        address,
        displayName: input.displayName?.trim() || actor.name,
        provider: 'imap',
        kind: 'personal',
        ownerUserId: actor.id,
        connection: settings,
        credentials: this.secrets!.seal(input.password),
        createdAt: this.now().toISOString(),
      });
      for (const folder of folders) {
        const role = storedRole(folder.role);
        this.store.folders.upsert(id, { path: folder.path, name: folder.name, role, roleSource: folder.roleSource, scanned: role !== 'custom' });
      }
    });
    this.logger.info('mailbox connected', { mailboxId: id, folders: folders.length });
    // The status (offline, auth-required, error) tells the user how it goes; the log has the rest.
    this.scheduler.startMailbox(id);
    return this.store.mailboxes.get(id)!;
  }

  /** Sender name and signature: the mailbox's owner, or an admin for a shared inbox. */
  update(viewer: Viewer, input: { mailboxId: string; displayName?: string | undefined; signature?: string | undefined }): MailboxSummary {
    this.#ownMailbox(viewer, input.mailboxId);
    // Line ends as one form; trailing blank lines say nothing in a signature.
    const signature = input.signature?.replace(/\r\n?/gu, '\n').replace(/\s+$/u, '');
    this.store.mailboxes.updateSettings(input.mailboxId, { displayName: input.displayName, signature });
    return this.store.mailboxes.get(input.mailboxId)!;
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
    return this.store.mailboxes.get(mailboxId)!;
  }

  /** Resume (R14, issue 7): syncs at once; also "try again" after the server refused the login. */
  resume(viewer: Viewer, mailboxId: string): MailboxSummary {
    this.#visibleMailbox(viewer, mailboxId);
    this.scheduler.resume(mailboxId);
    this.logger.info('mailbox resumed', { mailboxId });
    return this.store.mailboxes.get(mailboxId)!;
  }

  #assertNotConnected(address: string): void {
    if (this.store.mailboxes.addresses().some((mailbox) => mailbox.address === address)) {
      throw new AppError('conflict', `${address} is connected already, by you or a colleague. A mailbox several people use is connected once, as a shared inbox.`, { field: 'address', rule: 'R8' });
    }
  }

  #visibleMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.');
    const allowed = mailbox.kind === 'personal' ? mailbox.ownerUserId === viewer.userId : this.store.mailboxes.members(mailboxId).includes(viewer.userId);
    if (!allowed) throw new AppError('forbidden', 'This mailbox is not yours.');
    return mailbox;
  }

  #ownMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (mailbox.kind === 'shared' && viewer.role !== 'admin') throw new AppError('forbidden', 'Only admins change the folders of a shared inbox.');
    return mailbox;
  }
}

function storedRole(role: FolderRole): FolderView['role'] {
  return role === 'other' ? 'custom' : role;
}

function toFolderView(folder: FolderRecord): FolderView {
  return { id: folder.id, path: folder.path, name: folder.name, role: folder.role, roleSource: folder.roleSource, scanned: folder.scanned };
}
