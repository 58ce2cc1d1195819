import { randomUUID } from 'node:crypto';
import type { MailAddressView, MailboxSummary, OutboxItemView, OutboxWaiting, SentCopySetting, SentCopyView, ThreadDetail, ThreadMessageView, User } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import type { OutboxState } from '../../../shared/status.js';
import type { EventBus } from '../events/event-bus.js';
import { parseNamedAddress } from '../domain/addresses.js';
import { standingPlaceholders } from '../../../shared/templates.js';
import { htmlToText } from '../domain/forward-markers.js';
import { sanitiseComposedHtml } from '../mime/composed-html.js';
import { htmlToPlainText } from '../../../shared/rich-text.js';
import { canTake, nextOutboxState, waitingOutboxStates, type OutboxStep } from '../domain/outbox-states.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { composeMessage, newMessageId, withSender, type ForwardOriginal, type ReplyParent } from '../outbox/compose-message.js';
import { withReplyTo } from '../outbox/reply-to.js';
import { normalizeAddress } from '../domain/addresses.js';
import type { OutboxSender } from '../outbox/outbox-sender.js';
import type { ProviderFactory } from '../providers/provider-factory.js';
import type { OutboxRecord } from '../store/repositories/outbox-repository.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { BlobService } from './blob-service.js';
import type { CandidateService } from './candidate-service.js';
import { mailboxSettings } from './mailbox-opener.js';
import { mailboxDirectory, withUnlinkedAt } from './mailbox-summary.js';

export interface SendInput {
  mailboxId: string;
  candidateId: string;
  replyToMessageId?: string | undefined;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  /** Rich text: the editor's HTML; the engine sanitises it and makes the text part from it (then `body` is not used). */
  html?: string | undefined;
  attachmentBlobIds: string[];
  /** The caller's saved draft this is sent from: its kept files count as attachments, and it goes once the mail is queued. */
  draftPlace?: string | undefined;
  /** "Send later": not before this time (ISO 8601). Without it, the user's grace period to undo holds the mail. */
  sendAt?: string | undefined;
  /** The line above the quoted history of a reply, in the user's language (`Am … schrieb …:`). */
  quoteIntro?: string | undefined;
  /** A forward of this stored mail (never with `replyToMessageId`). */
  forwardMessageId?: string | undefined;
  /** Attachments of the forwarded mail to carry on. */
  forwardAttachmentIds?: string[] | undefined;
}

/** Addresses as a header shows them: `Anna Apfel <anna@example.org>, ben@example.org`. */
function formatNames(addresses: readonly MailAddressView[]): string {
  return addresses.map((address) => (address.name ? `${address.name} <${address.address}>` : address.address)).join(', ');
}

/** What a forward reads of the stored mail, through the visibility rule (the inbox's). */
export interface ForwardSource {
  get(viewer: Viewer, threadId: string): ThreadDetail;
  readAttachment(viewer: Viewer, attachmentId: string): { messageId: string; fileName: string; mimeType: string; data: Buffer };
}

/** What sending reads of the draft a mail is written in: its kept files, and deleting it once queued. */
export interface DraftFileSource {
  keptFile(actor: User, place: string, attachmentId: string, field: string): { fileName: string; mimeType: string; content: Buffer } | null;
  delete(actor: User, place: string): { deleted: boolean };
}

/**
 * The outbox through the contract (R1, R12, R15): writing a mail to a candidate from a
 * mailbox the caller may send from, the caller's items and the user's choices on them
 * (cancel, send anyway, another mailbox), and unlinking a mailbox. Sending itself is the
 * `OutboxSender`'s.
 */
export class OutboxService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly blobs: BlobService,
    private readonly sender: OutboxSender,
    private readonly scheduler: SyncScheduler,
    private readonly providers: ProviderFactory,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly forwardSource: ForwardSource,
    private readonly drafts: DraftFileSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Builds the message (Message-ID chosen now, signature added), freezes it and queues it. */
  async send(actor: User, viewer: Viewer, input: SendInput): Promise<OutboxItemView> {
    // Rich text: what may leave of the HTML, and the text part made from that same HTML.
    const cleanHtml = input.html === undefined ? undefined : sanitiseComposedHtml(input.html);
    const richText = cleanHtml === undefined ? null : htmlToPlainText(cleanHtml);
    const html = richText === null || richText === '' ? undefined : cleanHtml;
    const body = html === undefined ? input.body : richText!;
    // A template's placeholder without a value is never sent as `{...}`.
    for (const [field, text] of [['subject', input.subject], ['body', body]] as const) {
      const standing = standingPlaceholders(text);
      if (standing.length > 0) throw new AppError('invalid-input', `{${standing[0]}} has no value in this mail; fill it in or remove it.`, { field });
    }
    const mailbox = this.#sendingMailbox(viewer, input.mailboxId);
    // Throws not-found for a candidate the caller may not see.
    this.candidates.get(viewer, input.candidateId);
    // Display names go into the headers as written; matching and the outbox list use the addresses.
    const namedTo = input.to.map((value, index) => parseNamedAddress(value, `to.${index}`));
    const namedCc = input.cc.map((value, index) => parseNamedAddress(value, `cc.${index}`));
    const namedBcc = input.bcc.map((value, index) => parseNamedAddress(value, `bcc.${index}`));
    const [to, cc, bcc] = [namedTo, namedCc, namedBcc].map((list) => list.map((entry) => entry.address)) as [string[], string[], string[]];
    let reply: ReplyParent | null = null;
    let threadId: string | null = null;
    if (input.replyToMessageId !== undefined) {
      const parent = this.store.outbox.replyParent(input.replyToMessageId);
      // A reply answers mail the caller sees through this candidate (the visibility rule goes by candidates).
      if (parent === null || !this.store.links.candidatesOf(input.replyToMessageId).includes(input.candidateId)) {
        throw new AppError('not-found', 'There is no such mail with this candidate.', { field: 'replyToMessageId' });
      }
      if (parent.messageIdHeader === null) throw new AppError('invalid-input', 'This mail has no Message-ID, so a reply could not be threaded; write a new mail instead.', { field: 'replyToMessageId' });
      const quoted = this.#storedMessage(viewer, parent.threadId, input.replyToMessageId, 'replyToMessageId');
      const text = quoted.text ?? (quoted.html === null ? null : htmlToText(quoted.html).trim());
      reply = {
        messageIdHeader: parent.messageIdHeader,
        references: parent.references,
        subject: parent.subject,
        // Quoted history below the answer (RFC 3676 `>`), unless only its headers are stored.
        ...(text === null || text === '' ? {} : { quote: { intro: input.quoteIntro ?? `${formatNames(quoted.from)} wrote on ${new Date(quoted.date).toUTCString()}:`, text } }),
      };
      threadId = parent.threadId;
    }
    let forward: ForwardOriginal | null = null;
    const forwardAttachments: { fileName: string; mimeType: string; content: Buffer }[] = [];
    if (input.forwardMessageId !== undefined) {
      if (reply !== null) throw new AppError('invalid-input', 'A mail is either a reply or a forward.', { field: 'forwardMessageId' });
      forward = this.#forwardOriginal(viewer, input.candidateId, input.forwardMessageId);
      for (const [index, attachmentId] of (input.forwardAttachmentIds ?? []).entries()) {
        const stored = this.forwardSource.readAttachment(viewer, attachmentId);
        if (stored.messageId !== input.forwardMessageId) throw new AppError('invalid-input', 'This attachment belongs to another mail.', { field: `forwardAttachmentIds.${index}` });
        forwardAttachments.push({ fileName: stored.fileName, mimeType: stored.mimeType, content: stored.data });
      }
    } else if ((input.forwardAttachmentIds ?? []).length > 0) {
      throw new AppError('invalid-input', 'Attachments of a stored mail go only with its forward.', { field: 'forwardAttachmentIds' });
    }
    if (reply === null && forward === null && input.subject.trim() === '') throw new AppError('invalid-input', 'Enter a subject.', { field: 'subject' });
    const sendAfter = this.#holdUntil(actor, input.sendAt);
    // Each a fresh upload, or a file the draft kept (after a restart its blob is long gone).
    const keptFromDraft: { blobId: string; fileName: string; mimeType: string; content: Buffer }[] = [];
    const attachments = input.attachmentBlobIds.map((blobId, index) => {
      const field = `attachmentBlobIds.${index}`;
      const blob = this.blobs.fetch(actor.id, blobId);
      if (blob !== null) return { fileName: blob.ref.fileName, mimeType: blob.ref.mimeType, content: blob.data };
      const kept = input.draftPlace === undefined ? null : this.drafts.keptFile(actor, input.draftPlace, blobId, field);
      if (kept === null) throw new AppError('not-found', 'This attachment is no longer there; add it again.', { field });
      keptFromDraft.push({ blobId, ...kept });
      return kept;
    });
    attachments.push(...forwardAttachments);
    const messageId = newMessageId(mailbox.address);
    const composed = await composeMessage({
      from: { address: mailbox.address, name: mailbox.displayName },
      to: namedTo,
      cc: namedCc,
      bcc: namedBcc,
      subject: input.subject,
      body,
      html,
      signature: mailbox.signature,
      attachments,
      reply,
      forward,
      messageId,
      date: this.now(),
    });
    const id = randomUUID();
    const createdAt = this.now().toISOString();
    this.store.transaction(() => {
      this.store.outbox.insert({
        id,
        messageIdHeader: messageId,
        mailboxId: mailbox.id,
        authorUserId: actor.id,
        candidateId: input.candidateId,
        threadId,
        rawMime: composed.raw,
        recipients: [...new Set([...to, ...cc, ...bcc])],
        subject: composed.subject,
        to: [...to, ...cc],
        state: { state: 'draft' },
        sendAfter,
        createdAt,
      });
      this.#step(id, { kind: 'queue' });
    });
    this.logger.info('outbox item queued', { itemId: id, mailboxId: mailbox.id, attachments: attachments.length, held: sendAfter !== null });
    if (input.draftPlace !== undefined) {
      // Sent: the draft and its files go. Its files stay offered under their ids for a while,
      // so Undo can put them back into the composer (and save them with the draft again).
      for (const file of keptFromDraft) this.blobs.offerAs(actor.id, file.blobId, file.content, { fileName: file.fileName, mimeType: file.mimeType });
      this.drafts.delete(actor, input.draftPlace);
    }
    this.#publish(id);
    this.sender.kick();
    return this.#view(id);
  }

  /** A stored mail as the caller sees it (through the inbox's visibility rule). */
  #storedMessage(viewer: Viewer, threadId: string, messageId: string, field: string): ThreadMessageView {
    const message = this.forwardSource.get(viewer, threadId).messages.find((candidate) => candidate.id === messageId);
    if (message === undefined) throw new AppError('not-found', 'There is no such mail with this candidate.', { field });
    return message;
  }

  /** The stored mail a forward carries on: one the caller sees, linked to this candidate. */
  #forwardOriginal(viewer: Viewer, candidateId: string, messageId: string): ForwardOriginal {
    const stored = this.store.outbox.replyParent(messageId);
    if (stored === null || !this.store.links.candidatesOf(messageId).includes(candidateId)) {
      throw new AppError('not-found', 'There is no such mail with this candidate.', { field: 'forwardMessageId' });
    }
    const message = this.#storedMessage(viewer, stored.threadId, messageId, 'forwardMessageId');
    const names = formatNames;
    return {
      messageIdHeader: stored.messageIdHeader,
      references: stored.references,
      subject: message.subject,
      from: names(message.from),
      to: names(message.to),
      cc: names(message.cc),
      date: new Date(message.date).toUTCString(),
      text: message.text ?? (message.html === null ? null : htmlToText(message.html).trim()),
    };
  }

  list(actor: User, page: { cursor?: string | undefined; limit: number }): Page<OutboxItemView> {
    const result = this.store.outbox.list({ authorUserId: actor.id, ...page });
    return { items: result.items.map((item) => this.#toView(item)), nextCursor: result.nextCursor };
  }

  /**
   * "Send now" for a mail held for later (or in its undo window) and "Retry now" for one
   * waiting for its next attempt: it goes with the next look at the queue.
   */
  sendNow(actor: User, itemId: string): OutboxItemView {
    const item = this.#ownItem(actor, itemId);
    if (item.state.state !== 'queued' && item.state.state !== 'failed-retryable') {
      throw new AppError('conflict', `This mail is ${item.state.state}; only a mail that waits can be sent now.`, { field: 'itemId' });
    }
    if (!this.store.outbox.sendNow(itemId, item.state.state, this.now().toISOString())) {
      if (this.store.outbox.get(itemId)?.state.state !== item.state.state) throw new AppError('conflict', 'This mail changed meanwhile; look at it again.', { field: 'itemId', retryable: true });
    }
    this.logger.info('outbox item sent now by the user', { itemId });
    this.#publish(itemId);
    this.sender.kick();
    return this.#view(itemId);
  }

  /** Only what has not reached the server can be cancelled. */
  cancel(actor: User, itemId: string): OutboxItemView {
    this.#ownItem(actor, itemId);
    this.#step(itemId, { kind: 'cancel' }, 'This mail may have reached the server already; it can no longer be cancelled.');
    this.#publish(itemId);
    return this.#view(itemId);
  }

  /** The user's explicit choice for an item whose outcome is unknown: queue it again (it may arrive twice). */
  sendAnyway(actor: User, itemId: string): OutboxItemView {
    const item = this.#ownItem(actor, itemId);
    this.#sendingMailbox({ userId: actor.id, role: actor.role }, item.mailboxId);
    this.#step(itemId, { kind: 'send-anyway' }, '"Send anyway" is only for a mail whose outcome is unknown.');
    this.logger.info('outbox item sent anyway by the user', { itemId });
    this.#publish(itemId);
    this.sender.kick();
    return this.#view(itemId);
  }

  /** Another of the caller's mailboxes sends a waiting item (R12); a draft is queued with it. */
  move(actor: User, viewer: Viewer, itemId: string, mailboxId: string): OutboxItemView {
    const item = this.#ownItem(actor, itemId);
    const target = this.#sendingMailbox(viewer, mailboxId);
    const movable = [...waitingOutboxStates, 'draft'] as const;
    if (!(movable as readonly string[]).includes(item.state.state)) {
      throw new AppError('conflict', 'Only a mail that waits to be sent (or a draft) can move to another mailbox.', { field: 'itemId' });
    }
    this.store.transaction(() => {
      this.store.outbox.moveToMailbox(itemId, target.id, withSender(item.rawMime, { address: target.address, name: target.displayName }), this.now().toISOString());
      if (item.state.state === 'draft') this.#step(itemId, { kind: 'queue' });
    });
    this.#publish(itemId);
    this.sender.kick();
    return this.#view(itemId);
  }

  /**
   * Unlinks a mailbox (R12, this provider's part): sync stops, the password is deleted,
   * imported mail stays. The caller's waiting items move to `moveQueuedTo` (confirmed by
   * the user); every other waiting item returns to its author's drafts, in the same transaction. An item being sent right now is left
   * to finish; its outcome shows as usual.
   */
  async disconnect(actor: User, viewer: Viewer, mailboxId: string, moveQueuedTo: string | undefined, viaCompanyInbox?: { replyTo: string }): Promise<MailboxSummary> {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (mailbox.kind === 'shared' && viewer.role !== 'admin') throw new AppError('forbidden', 'Only admins unlink a shared inbox.');
    let target = moveQueuedTo === undefined ? null : this.#sendingMailbox(viewer, moveQueuedTo);
    if (target !== null && target.id === mailboxId) throw new AppError('invalid-input', 'Choose another mailbox to send the waiting mail from.', { field: 'moveQueuedTo' });
    // Issue 21 (R12): the company inbox becomes the sender, answers go to the address chosen.
    let replyTo: string | null = null;
    if (viaCompanyInbox !== undefined) {
      const company = this.store.mailboxes.companyInbox();
      if (company === null) throw new AppError('not-found', 'There is no company inbox to send from.', { field: 'viaCompanyInbox', rule: 'R12' });
      if (company.id === mailboxId) throw new AppError('invalid-input', 'This is the company inbox itself; choose another mailbox to send the waiting mail from.', { field: 'viaCompanyInbox' });
      target = this.#sendingMailbox(viewer, company.id);
      replyTo = normalizeAddress(viaCompanyInbox.replyTo, 'viaCompanyInbox.replyTo');
    }
    const moved: string[] = [];
    this.store.transaction(() => {
      for (const item of this.store.outbox.ofMailbox(mailboxId, [...waitingOutboxStates])) {
        // Only the caller's own mail moves to the mailbox they chose; a colleague's (in a
        // shared inbox) returns to their drafts, never sent from someone else's mailbox.
        if (target !== null && item.authorUserId === actor.id) {
          const sent = withSender(item.rawMime, { address: target.address, name: target.displayName });
          this.store.outbox.moveToMailbox(item.id, target.id, replyTo === null ? sent : withReplyTo(sent, replyTo), this.now().toISOString());
        } else {
          this.#step(item.id, { kind: 'return-to-draft' });
        }
        moved.push(item.id);
      }
      this.store.outbox.markDisconnected(mailboxId, this.now().toISOString());
      // The waits were for the unlinked mailbox's server: what moved goes now, not at its next try there.
      if (target !== null) this.store.outbox.wakeQueued(target.id);
    });
    await this.scheduler.settle(mailboxId);
    this.logger.info('mailbox unlinked', { mailboxId, outboxItems: moved.length, movedTo: target?.id ?? null, replyTo: replyTo !== null });
    for (const itemId of moved) this.#publish(itemId);
    const report = { status: { state: 'paused' as const }, lastSyncedAt: mailbox.lastSyncedAt };
    this.store.mailboxes.setStatus(mailboxId, report);
    this.events.publish('mailbox:status', { mailboxId, ...report }, { kind: 'mailbox', mailboxId });
    if (target !== null) this.sender.kick();
    void actor;
    return withUnlinkedAt(this.store, this.store.mailboxes.get(mailboxId)!);
  }

  /** Who files the Sent copy (R1): the user's choice, or `auto` for the known servers. */
  setSentCopy(viewer: Viewer, mailboxId: string, setting: SentCopySetting): SentCopyView {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (mailbox.kind === 'shared' && viewer.role !== 'admin') throw new AppError('forbidden', 'Only admins change how a shared inbox sends.');
    this.store.outbox.setSentCopy(mailboxId, setting === 'auto' ? null : setting);
    const settings = mailboxSettings(this.store, mailboxId);
    const effective = settings === null ? 'append' : this.providers.sentCopy(settings) === 'server' ? 'server' : 'append';
    return { mailboxId, setting, effective };
  }

  /**
   * Until when a new mail is held: the time chosen with "Send later" (in the future, within a
   * year), else the author's grace period to undo (none when it is 0).
   */
  #holdUntil(actor: User, sendAt: string | undefined): string | null {
    const now = this.now().getTime();
    if (sendAt !== undefined) {
      const at = Date.parse(sendAt);
      if (Number.isNaN(at)) throw new AppError('invalid-input', 'Choose when to send the mail.', { field: 'sendAt' });
      if (at <= now) throw new AppError('invalid-input', 'Choose a time in the future to send the mail later.', { field: 'sendAt' });
      if (at > now + 366 * 24 * 3_600_000) throw new AppError('invalid-input', 'Choose a time within the next year.', { field: 'sendAt' });
      return new Date(at).toISOString();
    }
    const seconds = this.store.preferences.get(actor.id).undoSendSeconds;
    return seconds > 0 ? new Date(now + seconds * 1000).toISOString() : null;
  }

  #step(itemId: string, step: OutboxStep, refusal?: string): void {
    const item = this.store.outbox.get(itemId);
    if (item === null) throw new AppError('not-found', 'There is no outbox item with this id.');
    if (!canTake(item.state.state, step.kind)) throw new AppError('conflict', refusal ?? `This mail is ${item.state.state}; that is not possible now.`, { field: 'itemId' });
    const next: OutboxState = nextOutboxState(item.state, step);
    if (!this.store.outbox.setState(itemId, item.state.state, next, { at: this.now().toISOString() })) {
      throw new AppError('conflict', 'This mail changed meanwhile; look at it again.', { field: 'itemId', retryable: true });
    }
  }

  #publish(itemId: string): void {
    const item = this.store.outbox.get(itemId);
    if (item === null) return;
    this.events.publish('outbox:changed', { itemId, threadId: item.threadId, state: item.state }, { kind: 'user', userId: item.authorUserId });
  }

  #view(itemId: string): OutboxItemView {
    return this.#toView(this.store.outbox.get(itemId)!);
  }

  #toView(item: OutboxRecord): OutboxItemView {
    return { ...toView(item), waiting: this.#waiting(item) };
  }

  /** Why an item that has not gone waits (R15), from its own times and its mailbox's status (R14). */
  #waiting(item: OutboxRecord): OutboxWaiting | null {
    if (item.state.state !== 'queued' && item.state.state !== 'failed-retryable') return null;
    const now = this.now().getTime();
    const next = item.nextAttemptAt === null ? null : Date.parse(item.nextAttemptAt);
    const after = item.sendAfter === null ? null : Date.parse(item.sendAfter);
    const dueAt = Math.max(next ?? 0, after ?? 0);
    const nextAttemptAt = dueAt > now ? new Date(dueAt).toISOString() : null;
    if (after !== null && after > now) return { reason: 'scheduled', nextAttemptAt: item.sendAfter };
    if (this.store.outbox.sendingFacts(item.mailboxId)?.disconnectedAt != null) return { reason: 'mailbox-unlinked', nextAttemptAt: null };
    const status = this.store.mailboxes.get(item.mailboxId)?.status;
    if (status?.state === 'auth-required') return { reason: 'sign-in-needed', nextAttemptAt: null };
    if (item.state.state === 'failed-retryable') return { reason: 'temporary-failure', nextAttemptAt };
    switch (status?.state) {
      case 'offline':
        return { reason: 'offline', nextAttemptAt };
      case 'server-unreachable':
      case 'tls-problem':
        return { reason: 'server-unreachable', nextAttemptAt };
      case 'rate-limited':
        return { reason: 'rate-limited', nextAttemptAt };
      default:
        // Tried before and put back to wait: the server could not be reached then.
        return nextAttemptAt !== null ? { reason: 'server-unreachable', nextAttemptAt } : { reason: 'due', nextAttemptAt: null };
    }
  }

  /** The caller's own item; another user's is not found (an outbox is personal). */
  #ownItem(actor: User, itemId: string): OutboxRecord {
    const item = this.store.outbox.get(itemId);
    if (item === null || item.authorUserId !== actor.id) throw new AppError('not-found', 'There is no outbox item with this id.', { field: 'itemId' });
    return item;
  }

  #visibleMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.', { field: 'mailboxId' });
    if (!mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store))) throw new AppError('forbidden', 'This mailbox is not yours.', { field: 'mailboxId' });
    return mailbox;
  }

  /** A connected mailbox the caller may send from: their own, or a shared inbox they are on. */
  #sendingMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.#visibleMailbox(viewer, mailboxId);
    if (this.store.outbox.sendingFacts(mailboxId)?.disconnectedAt != null) {
      throw new AppError('conflict', 'This mailbox was unlinked; connect it again to send from it.', { field: 'mailboxId', rule: 'R12' });
    }
    return mailbox;
  }
}

function toView(item: OutboxRecord): Omit<OutboxItemView, 'waiting'> {
  return {
    id: item.id,
    mailboxId: item.mailboxId,
    candidateId: item.candidateId,
    threadId: item.threadId,
    messageId: item.messageIdHeader,
    subject: item.subject,
    to: item.to,
    state: item.state,
    attempts: item.attempts,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    sendAfter: item.sendAfter,
  };
}
