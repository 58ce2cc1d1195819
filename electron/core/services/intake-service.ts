import type { IntakeCreated, IntakeDraft, IntakeItem, IntakeList, MailboxSummary, User } from '../../../shared/model.js';
import { normalizeAddress } from '../domain/addresses.js';
import { findForwardMarker, forwardPeekBytes } from '../domain/forward-markers.js';
import { isInternalAddress } from '../domain/own-addresses.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { peekShape, readOriginalSender } from '../mime/intake-mail.js';
import { readMessageContent } from '../mime/message-content.js';
import type { MailProvider, MessageHeaders } from '../providers/mail-provider.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { Store } from '../store/store.js';
import { maxMessageBytes } from '../sync/mailbox-sync.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { AddressGuard } from './address-guard.js';
import type { CandidateService, NewCandidateInput } from './candidate-service.js';
import { mailboxDirectory } from './mailbox-summary.js';

const dayMs = 24 * 60 * 60 * 1000;

/** How far back the intake looks, and how much of it it lists (newest first). */
export const intakeBounds = { days: 30, items: 50 } as const;

/**
 * The company inbox's intake (issue 21, R13): CVs colleagues forward to jobs@. Hirebox stores
 * candidate mail only (R2, R3), so this mail is read live from the server, headers and the
 * bounded peek only, and nothing of it is kept — until "create candidate from this mail"
 * creates the candidate and stores that one mail, linked to them, with its attachment.
 * Only the company inbox's members see it; everybody else gets an empty list.
 */
export class IntakeService {
  constructor(
    private readonly store: Store,
    private readonly guard: AddressGuard,
    private readonly candidates: CandidateService,
    private readonly scheduler: SyncScheduler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sets (admins) which shared inbox is the company inbox, or none. */
  setCompanyInbox(actor: User, mailboxId: string | null): { companyInboxId: string | null } {
    if (actor.role !== 'admin') throw new AppError('forbidden', 'Only admins choose the company inbox.', { rule: 'R13' });
    if (mailboxId !== null) {
      const mailbox = this.store.mailboxes.get(mailboxId);
      if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.', { field: 'mailboxId' });
      if (mailbox.kind !== 'shared') throw new AppError('invalid-input', 'Only a shared inbox can be the company inbox.', { field: 'mailboxId', rule: 'R13' });
    }
    this.store.transaction(() => this.store.mailboxes.setCompanyInbox(mailboxId));
    this.logger.info('company inbox set', { mailboxId });
    return { companyInboxId: mailboxId };
  }

  /** The company inbox's recent mail that no candidate has and that carries an attachment or a forward. */
  async list(viewer: Viewer): Promise<IntakeList> {
    const since = new Date(this.now().getTime() - intakeBounds.days * dayMs);
    const mailbox = this.#companyInboxFor(viewer);
    if (mailbox === null) return { companyInbox: null, items: [], since: since.toISOString(), truncated: false };
    const items: IntakeItem[] = [];
    let truncated = false;
    // One connection: the headers of the window, then the peek of the newest unstored ones.
    await this.scheduler.withProvider(mailbox.id, async (provider, _sync, signal) => {
      const found: MessageHeaders[] = [];
      for (const folder of this.#inboxFolders(mailbox.id)) {
        for await (const page of provider.scanHeaders(folder.path, { kind: 'since', since }, signal)) {
          for (const headers of page.headers) if (!this.#isStored(mailbox.id, folder, headers)) found.push(headers);
        }
      }
      found.sort((a, b) => b.internalDate.getTime() - a.internalDate.getTime());
      for (const headers of found) {
        if (items.length >= intakeBounds.items) {
          truncated = true;
          break;
        }
        const item = await this.#item(provider, headers, signal).catch((error: unknown) => {
          // Gone between list and peek, or unreadable: left out, the rest still listed.
          this.logger.warn('intake skipped a mail', { mailboxId: mailbox.id, error: error instanceof Error ? error.message : String(error) });
          return null;
        });
        if (item !== null) items.push(item);
      }
    });
    return { companyInbox: { id: mailbox.id, address: mailbox.address, displayName: mailbox.displayName }, items, since: since.toISOString(), truncated };
  }

  /** One intake mail read whole: who the candidate is, by its original sender, and its attachments. Nothing stored. */
  async read(viewer: Viewer, key: string): Promise<IntakeDraft> {
    const mailbox = this.#requireCompanyInbox(viewer);
    const { source, headers } = await this.scheduler.withProvider(mailbox.id, async (provider, _sync, signal) => {
      const located = await this.#locate(provider, mailbox.id, key, signal);
      return { source: await provider.fetchSource(key, maxMessageBytes, signal), headers: located.headers };
    });
    const sender = await readOriginalSender(source).catch(() => null);
    const content = await readMessageContent(source).catch(() => null);
    const book = this.guard.ownAddresses();
    let address: string | null = null;
    let ownAddress: string | null = null;
    if (sender?.address != null) {
      try {
        const normalized = normalizeAddress(sender.address, 'address');
        if (book.match(normalized) !== null) ownAddress = normalized;
        else address = normalized;
      } catch {
        address = null;
      }
    }
    const holder = address === null ? null : this.store.candidates.holderOf(address);
    const existing = holder === null ? null : this.store.candidates.get(holder);
    const domains = this.store.workspace.get()?.domains ?? [];
    return {
      key,
      subject: headers.subject,
      // A colleague's own name is no candidate's name either.
      name: ownAddress !== null ? '' : (sender?.name ?? ''),
      address,
      source: sender === null ? 'none' : sender.source,
      ownAddress,
      internal: address !== null && isInternalAddress(address, domains),
      existingCandidate: existing === null ? null : { id: existing.id, name: existing.name },
      attachments: (content?.attachments ?? []).filter((attachment) => !attachment.isInline).map(({ fileName, mimeType, size }) => ({ fileName, mimeType, size })),
    };
  }

  /**
   * "Create candidate from this mail": the candidate (R4 refuses an own address, R5 flags an
   * internal one), then the mail is fetched and stored linked to them with its attachments
   * (reason `forward` for a forward, `address` for an applicant's own mail). When the mail
   * cannot be stored the candidate is taken back, so nothing half-made stays.
   */
  async createCandidate(viewer: Viewer, input: { key: string } & NewCandidateInput): Promise<IntakeCreated> {
    const mailbox = this.#requireCompanyInbox(viewer);
    return this.scheduler.withProvider(mailbox.id, async (provider, sync, signal) => {
      const { headers, folder } = await this.#locate(provider, mailbox.id, input.key, signal);
      if (this.#isStored(mailbox.id, folder, headers)) throw new AppError('conflict', 'This mail is on a candidate already.', { field: 'key' });
      const sender = await readOriginalSender(await provider.peekBody(input.key, forwardPeekBytes, signal)).catch(() => null);
      const { key: _key, ...candidate } = input;
      const candidateId = this.candidates.insert(candidate);
      try {
        const reason = sender !== null && sender.source !== 'sender' ? 'forward' : 'address';
        const { threadId } = await sync.storeChosen(headers, folder, { candidateId, reason }, signal);
        this.logger.info('candidate created from a company inbox mail', { mailboxId: mailbox.id, candidateId, reason });
        return { candidate: this.candidates.get(viewer, candidateId), threadId };
      } catch (error) {
        this.candidates.delete(viewer, candidateId);
        throw error;
      }
    });
  }

  async #item(provider: MailProvider, headers: MessageHeaders, signal: AbortSignal): Promise<IntakeItem | null> {
    const peek = await provider.peekBody(headers.key, forwardPeekBytes, signal);
    const shape = peekShape(peek);
    const sender = await readOriginalSender(peek).catch(() => null);
    const forwardedBlock = sender !== null && sender.source !== 'sender';
    const isForward = forwardedBlock || shape.attachedMessage || findForwardMarker(headers.subject) !== null;
    if (!isForward && !shape.attachment) return null;
    const from = headers.from[0];
    return {
      key: headers.key,
      subject: headers.subject,
      receivedAt: headers.internalDate.toISOString(),
      from: from === undefined ? null : { name: from.name, address: from.address },
      originalSender: forwardedBlock ? { name: sender.name, address: sender.address } : null,
      hasAttachment: shape.attachment || shape.attachedMessage,
      isForward,
    };
  }

  /** The headers of the mail with this key in the company inbox's INBOX, within the intake's days. */
  async #locate(provider: MailProvider, mailboxId: string, key: string, signal: AbortSignal): Promise<{ headers: MessageHeaders; folder: FolderRecord }> {
    const since = new Date(this.now().getTime() - intakeBounds.days * dayMs);
    for (const folder of this.#inboxFolders(mailboxId)) {
      for await (const page of provider.scanHeaders(folder.path, { kind: 'since', since }, signal)) {
        const headers = page.headers.find((candidate) => candidate.key === key);
        if (headers !== undefined) return { headers, folder };
      }
    }
    throw new AppError('not-found', 'This mail is no longer in the company inbox (moved or deleted on the server).', { field: 'key' });
  }

  #inboxFolders(mailboxId: string): FolderRecord[] {
    return this.store.folders.list(mailboxId).filter((folder) => folder.role === 'inbox');
  }

  /** Stored already: linked to a candidate by sync or by an earlier "create candidate". */
  #isStored(mailboxId: string, folder: FolderRecord, headers: MessageHeaders): boolean {
    if (headers.messageId !== null && this.store.messages.findByDedupeKey(`mid:${headers.messageId}`) !== null) return true;
    const { uid, uidValidity, providerId } = headers.location;
    if (uid !== null && uidValidity !== null) return this.store.locations.knownUids(mailboxId, folder.id, uidValidity, [uid]).length > 0;
    if (providerId !== null) return this.store.locations.knownProviderIds(mailboxId, folder.id, [providerId]).length > 0;
    return false;
  }

  #companyInboxFor(viewer: Viewer): MailboxSummary | null {
    const mailbox = this.store.mailboxes.companyInbox();
    if (mailbox === null) return null;
    if (this.store.outbox.sendingFacts(mailbox.id)?.disconnectedAt != null) return null;
    return mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store)) ? mailbox : null;
  }

  #requireCompanyInbox(viewer: Viewer): MailboxSummary {
    const mailbox = this.#companyInboxFor(viewer);
    if (mailbox === null) throw new AppError('forbidden', 'Only those on the company inbox’s list see its mail.', { rule: 'R13' });
    return mailbox;
  }
}

