import { createHash, randomUUID } from 'node:crypto';
import type { MailboxStatus } from '../../../shared/status.js';
import { forwardPeekBytes } from '../domain/forward-markers.js';
import { matchMessage, needsForwardPeek, type CandidateLink, type MatchContext, type MatchDecision, type MessageFacts } from '../domain/matching.js';
import { normalizeEnvelopeAddresses, subjectKey } from '../domain/message-headers.js';
import type { OwnAddressBook } from '../domain/own-addresses.js';
import { assignThread } from '../domain/threading.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { HeaderAddress, MailProvider, MessageHeaders, ScanStart } from '../providers/mail-provider.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { MailAddress } from '../store/repositories/messages-repository.js';
import type { Store } from '../store/store.js';
import { readForwardPeek, readMessageContent, writeAttachmentFiles, type MessageContent } from './message-content.js';

/**
 * A message larger than this is linked and listed by its headers, but its source is not
 * fetched: its body shows as not stored (and stays in the mailbox).
 */
export const maxMessageBytes = 40 * 1024 * 1024;

/** Fetched sources held before a batch is written (memory bound of one sync). */
const maxBatchBytes = 64 * 1024 * 1024;

export interface MailboxSyncOptions {
  store: Store;
  provider: MailProvider;
  mailboxId: string;
  dataFolder: string;
  logger: Logger;
  /** The team's and mailboxes' addresses as of this run (R4). */
  ownAddresses: () => OwnAddressBook;
  /** Every status change (R14); the scheduler stores and pushes it. */
  onStatus: (status: MailboxStatus) => void;
  /** Threads that got new mail, after each committed batch (the inbox updates live). */
  onStored?: (threadIds: string[]) => void;
  now?: () => Date;
}

/** What one run did, for logs, tests and the benchmark. */
export interface SyncSummary {
  headersScanned: number;
  messagesStored: number;
  locationsAdded: number;
  bodiesFetched: number;
  forwardPeeks: number;
  unreadable: number;
  /** Messages passed over because the server no longer had them or refused them; tried again next run. */
  skipped: number;
}

/** A message that matched and whose source was fetched, ready to be written. */
interface Prepared {
  headers: MessageHeaders;
  facts: MessageFacts;
  links: CandidateLink[];
  isForward: boolean;
  source: Buffer;
  /** Null for a message too large to fetch (`maxMessageBytes`). */
  content: MessageContent | null;
}

/**
 * One pass over a mailbox's scanned folders, header first (R2): every header page is
 * classified by the matcher; only linked mail has its source fetched and parsed; what a
 * page links is written in one transaction, and the folder's cursor moves past the page
 * once it is done. A crash in between re-reads the page and skips what its locations say
 * is stored, so a restart resumes after the last finished page and nothing is stored twice.
 */
export class MailboxSync {
  readonly #options: MailboxSyncOptions;
  readonly #now: () => Date;

  constructor(options: MailboxSyncOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async run(signal?: AbortSignal): Promise<SyncSummary> {
    const { store, mailboxId } = this.#options;
    const summary: SyncSummary = { headersScanned: 0, messagesStored: 0, locationsAdded: 0, bodiesFetched: 0, forwardPeeks: 0, unreadable: 0, skipped: 0 };
    // Sent first: a stranger's reply in INBOX to the user's own sent mail then finds it.
    const order = { sent: 0, inbox: 1, custom: 2 } as const;
    const folders = store.folders.list(mailboxId).filter((folder) => folder.scanned).sort((a, b) => order[a.role] - order[b.role]);
    const waiting: { headers: MessageHeaders; folder: FolderRecord }[] = [];
    for (const folder of folders) {
      signal?.throwIfAborted();
      await this.#syncFolder(folder, summary, waiting, signal);
    }
    // Replies that named mail stored later in this run (another folder, a later page) get one more try.
    if (waiting.length > 0) {
      const ownAddresses = this.#options.ownAddresses();
      const context = this.#matchContext(ownAddresses);
      for (const { headers, folder } of waiting) {
        const result = await this.#classifySafely(headers, folder, context, ownAddresses, summary, signal);
        if (result !== null && result !== 'known') this.#writeBatch([], [result], folder, summary);
      }
    }
    return summary;
  }

  /**
   * Backfill (R10 beyond, issue 7): mail the window left out, from `start` (`since` for the
   * mailbox, `search` for candidates' addresses), through the same header-first matcher,
   * in every scanned folder. Folder cursors stay where they are. Progress as `syncing`
   * with phase `backfill`; cancelled through `signal`.
   */
  async backfill(start: Extract<ScanStart, { kind: 'since' | 'search' }>, signal?: AbortSignal): Promise<SyncSummary> {
    const { store, mailboxId } = this.#options;
    const summary: SyncSummary = { headersScanned: 0, messagesStored: 0, locationsAdded: 0, bodiesFetched: 0, forwardPeeks: 0, unreadable: 0, skipped: 0 };
    const order = { sent: 0, inbox: 1, custom: 2 } as const;
    const folders = store.folders.list(mailboxId).filter((folder) => folder.scanned).sort((a, b) => order[a.role] - order[b.role]);
    const waiting: { headers: MessageHeaders; folder: FolderRecord }[] = [];
    const progress = { done: 0 };
    for (const folder of folders) {
      signal?.throwIfAborted();
      await this.#syncFolder(folder, summary, waiting, signal, start, progress);
    }
    if (waiting.length > 0) {
      const ownAddresses = this.#options.ownAddresses();
      const context = this.#matchContext(ownAddresses);
      for (const { headers, folder } of waiting) {
        const result = await this.#classifySafely(headers, folder, context, ownAddresses, summary, signal);
        if (result !== null && result !== 'known') this.#writeBatch([], [result], folder, summary);
      }
    }
    return summary;
  }

  async #syncFolder(
    folder: FolderRecord,
    summary: SyncSummary,
    waiting: { headers: MessageHeaders; folder: FolderRecord }[],
    signal?: AbortSignal,
    backfill?: ScanStart,
    backfillProgress?: { done: number },
  ): Promise<void> {
    const { store, provider, mailboxId } = this.#options;
    const start = backfill ?? (folder.cursor === null ? ({ kind: 'initial-window', now: this.#now() } as const) : ({ kind: 'cursor', cursor: folder.cursor } as const));
    const phase = backfill !== undefined ? 'backfill' : folder.cursor === null ? 'initial-window' : 'changes';
    let done = 0;
    let uidValidity = folder.uidValidity;
    for await (const page of provider.scanHeaders(folder.path, start, signal)) {
      signal?.throwIfAborted();
      const ownAddresses = this.#options.ownAddresses();
      const context = this.#matchContext(ownAddresses);
      let pending: MessageHeaders[] = [];
      for (const headers of page.headers) {
        summary.headersScanned += 1;
        const { uidValidity, uid } = headers.location;
        if (uid === null || uidValidity === null || !store.locations.has(mailboxId, folder.id, uidValidity, uid)) pending.push(headers);
      }
      // A reply links through the mail it answers (reply-chain), which may be stored only
      // by this very page: replies left unlinked are tried again after each write.
      while (pending.length > 0) {
        let prepared: Prepared[] = [];
        let relocated: MessageHeaders[] = [];
        let preparedBytes = 0;
        let storedAny = false;
        const unlinked: MessageHeaders[] = [];
        for (const headers of pending) {
          const result = await this.#classifySafely(headers, folder, context, ownAddresses, summary, signal);
          if (result === 'known') relocated.push(headers);
          else if (result === null) unlinked.push(headers);
          else {
            prepared.push(result);
            preparedBytes += result.source.length;
          }
          // Fetched sources are held until written: write early rather than hold a page of large mail.
          if (preparedBytes > maxBatchBytes) {
            this.#writeBatch(relocated, prepared, folder, summary);
            storedAny = true;
            [prepared, relocated, preparedBytes] = [[], [], 0];
          }
        }
        this.#writeBatch(relocated, prepared, folder, summary);
        storedAny ||= prepared.length > 0;
        const replies = unlinked.filter((headers) => headers.references.length > 0 || headers.inReplyTo.length > 0);
        if (!storedAny) waiting.push(...replies.map((headers) => ({ headers, folder })));
        pending = storedAny ? replies : [];
      }
      if (backfill !== undefined) {
        // A backfill leaves the folder's position alone; its progress runs over all folders.
        if (backfillProgress !== undefined) backfillProgress.done += page.headers.length;
        this.#options.onStatus({ state: 'syncing', phase, done: backfillProgress?.done ?? page.headers.length });
        continue;
      }
      uidValidity = page.uidValidity ?? page.headers[0]?.location.uidValidity ?? (page.restarted === undefined ? uidValidity : null);
      const vanished = page.vanished;
      const gone = store.transaction(() => {
        // Issue 7: mail gone from the server folder no longer lives there; it stays stored.
        const removed = vanished !== undefined && vanished.length > 0 && uidValidity !== null ? store.locations.removeUidRanges(folder.id, uidValidity, vanished) : 0;
        store.folders.saveCursor(folder.id, { uidValidity, cursor: page.cursor });
        return removed;
      });
      if (gone > 0) this.#options.logger.info('mail gone from the server folder: locations removed', { mailboxId, folder: folder.path, removed: gone });
      done += page.headers.length;
      this.#options.onStatus({ state: 'syncing', phase, done, ...(page.total === undefined ? {} : { total: page.total }) });
    }
    if (backfill === undefined && uidValidity !== null) await this.#remapRebuiltFolder(folder, uidValidity, summary, signal);
  }

  /**
   * After the server rebuilt a folder (UIDVALIDITY changed, RFC 9051 §2.3.1.1) every stored
   * location in it is stale. The window scan found the recent mail again (by Message-ID,
   * or by content hash for mail without one); older mail is looked up here by a scan since
   * the oldest stale message, which only adds locations — it links nothing new (R10) — and
   * then the stale locations go. Nothing is lost (messages stay) or stored twice. Runs
   * again on the next sync when interrupted, as long as stale locations remain.
   */
  async #remapRebuiltFolder(folder: FolderRecord, uidValidity: number, summary: SyncSummary, signal?: AbortSignal): Promise<void> {
    const { store, provider, mailboxId } = this.#options;
    const stale = store.locations.staleIn(folder.id, uidValidity);
    if (stale.count === 0) return;
    const oldest = stale.oldest === null ? null : new Date(stale.oldest);
    if (oldest !== null && Number.isFinite(oldest.getTime())) {
      for await (const page of provider.scanHeaders(folder.path, { kind: 'since', since: oldest }, signal)) {
        signal?.throwIfAborted();
        const found = page.headers.filter((headers) => {
          const { uid } = headers.location;
          if (uid === null || headers.messageId === null || store.locations.has(mailboxId, folder.id, uidValidity, uid)) return false;
          const known = store.messages.findByDedupeKey(`mid:${headers.messageId}`);
          return known !== null && known.subject === headers.subject;
        });
        store.transaction(() => {
          for (const headers of found) if (this.#addLocation(headers, folder)) summary.locationsAdded += 1;
        });
      }
    }
    const removed = store.transaction(() => store.locations.removeStaleIn(folder.id, uidValidity));
    this.#options.logger.info('folder rebuilt on the server: locations re-mapped', { mailboxId, folder: folder.path, stale: stale.count, removed });
  }

  /**
   * The matcher's decision for one message on its headers alone, with the links the user
   * removed by hand — what "why is a mail missing?" explains (issue 7). No forward peek:
   * nothing is fetched.
   */
  decide(headers: MessageHeaders, folderRole: FolderRecord['role'] | null): MatchDecision {
    const { store } = this.#options;
    const ownAddresses = this.#options.ownAddresses();
    const facts = this.#facts(headers, folderRole === 'sent');
    const excluded = headers.messageId === null ? [] : store.links.excludedCandidates(`mid:${headers.messageId}`);
    return matchMessage({ ...facts, excludedCandidateIds: excluded }, this.#matchContext(ownAddresses));
  }

  /** One transaction for what a batch links; attachment files follow once their rows are committed. */
  #writeBatch(relocated: readonly MessageHeaders[], prepared: readonly Prepared[], folder: FolderRecord, summary: SyncSummary): void {
    const { store, dataFolder } = this.#options;
    const threadIds = new Set<string>();
    const stored = store.transaction(() => {
      for (const headers of relocated) if (this.#addLocation(headers, folder)) summary.locationsAdded += 1;
      return prepared.filter((message) => {
        const threadId = this.#write(message, folder, summary);
        if (threadId !== null) threadIds.add(threadId);
        return threadId !== null;
      });
    });
    for (const message of stored) writeAttachmentFiles(dataFolder, message.content?.attachments ?? []);
    if (threadIds.size > 0) this.#options.onStored?.([...threadIds]);
  }

  /**
   * `#classify`, passing over a message the server no longer has or refuses (expunged
   * between scan and fetch): one bad message must not stop the mailbox. It is tried again
   * when its folder is scanned from scratch.
   */
  async #classifySafely(headers: MessageHeaders, folder: FolderRecord, context: MatchContext, ownAddresses: OwnAddressBook, summary: SyncSummary, signal?: AbortSignal): Promise<Prepared | 'known' | null> {
    try {
      return await this.#classify(headers, folder, context, ownAddresses, summary, signal);
    } catch (error) {
      if (!(error instanceof AppError) || !['not-found', 'conflict', 'invalid-input'].includes(error.code)) throw error;
      summary.skipped += 1;
      this.#options.logger.warn('message passed over', { mailboxId: this.#options.mailboxId, folder: folder.path, code: error.code });
      return null;
    }
  }

  /**
   * Header first: decide on the headers (plus the bounded forward peek for a forward sent
   * by the team), and fetch the source only for a message that links. `'known'` is a
   * message stored before under another location (the same mail in INBOX and Sent).
   */
  async #classify(headers: MessageHeaders, folder: FolderRecord, context: MatchContext, ownAddresses: OwnAddressBook, summary: SyncSummary, signal?: AbortSignal): Promise<Prepared | 'known' | null> {
    const { store, provider, logger } = this.#options;
    // The same mail seen again (INBOX and Sent, a second mailbox) only adds a location. A
    // Message-ID reused on other mail (some tools repeat one) is classified as new mail and
    // stored under its content hash.
    const known = headers.messageId === null ? null : store.messages.findByDedupeKey(`mid:${headers.messageId}`);
    if (known !== null && known.subject === headers.subject) return 'known';
    const facts = this.#facts(headers, folder.role === 'sent');
    let forwardPeek = null;
    if (needsForwardPeek(facts, { ownAddresses })) {
      summary.forwardPeeks += 1;
      const peek = await provider.peekBody(headers.key, forwardPeekBytes, signal);
      forwardPeek = await readForwardPeek(peek).catch(() => null);
    }
    const excluded = headers.messageId === null ? [] : store.links.excludedCandidates(`mid:${headers.messageId}`);
    const decision = matchMessage({ ...facts, forwardPeek, excludedCandidateIds: excluded }, context);
    if (decision.links.length === 0) return null;
    if (headers.size > maxMessageBytes) {
      // Identity from the headers alone: the same oversized mail seen again hashes the same.
      const identity = Buffer.from(JSON.stringify([headers.messageId, headers.date, headers.subject, headers.from, headers.size]));
      return { headers, facts, links: decision.links, isForward: decision.isForward, source: identity, content: null };
    }
    summary.bodiesFetched += 1;
    const source = await provider.fetchSource(headers.key, maxMessageBytes, signal);
    let content: MessageContent;
    try {
      content = await readMessageContent(source);
    } catch (error) {
      // A source mailparser cannot read at all is still linked by its headers; its body stays empty.
      summary.unreadable += 1;
      logger.warn('message body unreadable', { mailboxId: this.#options.mailboxId, error: (error as Error).message });
      content = { text: null, html: null, snippet: '', attachments: [] };
    }
    return { headers, facts, links: decision.links, isForward: decision.isForward, source, content };
  }

  /** Stores one linked message (or its new location and links); its thread, or null when nothing links any more. */
  #write(message: Prepared, folder: FolderRecord, summary: SyncSummary): string | null {
    const { store, mailboxId } = this.#options;
    const { headers, facts } = message;
    const contentHash = createHash('sha256').update(message.source).digest('hex');
    let dedupeKey = headers.messageId === null ? `hash:${contentHash}` : `mid:${headers.messageId}`;
    const existing = store.messages.findByDedupeKey(dedupeKey);
    if (existing !== null && existing.contentHash !== contentHash) dedupeKey = `hash:${contentHash}`;
    const stored = store.messages.findByDedupeKey(dedupeKey);
    const createdAt = this.#now().toISOString();
    const excluded = new Set(store.links.excludedCandidates(dedupeKey));
    const links = message.links.filter((link) => !excluded.has(link.candidateId));
    if (links.length === 0) return null;
    let messageId: string;
    let threadId: string;
    if (stored !== null) {
      messageId = stored.id;
      threadId = stored.threadId;
    } else {
      messageId = randomUUID();
      const date = headers.date ?? headers.internalDate;
      const assignment = assignThread(
        { messageId: headers.messageId, references: headers.references, inReplyTo: headers.inReplyTo, subject: headers.subject, date, isForward: message.isForward, candidateIds: links.map((link) => link.candidateId) },
        store.threadNodes,
      );
      threadId = store.threadNodes.apply(assignment, { mailboxId, messageId, messageIdHeader: headers.messageId, createdAt }, (threadId) => {
        store.messages.insert({
          id: messageId,
          threadId,
          dedupeKey,
          messageIdHeader: headers.messageId,
          contentHash,
          inReplyTo: headers.inReplyTo[0] ?? null,
          references: headers.references,
          subject: headers.subject,
          subjectKey: subjectKey(headers.subject),
          from: mailAddresses(headers.from),
          to: mailAddresses(headers.to),
          cc: mailAddresses(headers.cc),
          // Bcc is the owner's to keep only on their own sent mail (PRODUCT.md R1).
          bcc: facts.isOwnSentMail ? mailAddresses(headers.bcc) : [],
          date: date.toISOString(),
          internalDate: headers.internalDate.toISOString(),
          snippet: message.content?.snippet ?? '',
          hasAttachments: message.content?.attachments.some((attachment) => !attachment.isInline) ?? false,
          ...(message.content === null ? {} : { body: { state: 'full' as const, text: message.content.text, html: message.content.html } }),
          size: headers.size,
          generatedByHirebox: false,
          createdAt,
        });
      });
      for (const { content: _content, ...attachment } of message.content?.attachments ?? []) store.attachments.insert({ id: randomUUID(), messageId, ...attachment });
      summary.messagesStored += 1;
    }
    if (this.#addLocation(headers, folder, messageId)) summary.locationsAdded += 1;
    for (const link of links) store.links.insert({ messageId, candidateId: link.candidateId, reason: link.reason, createdAt });
    return threadId;
  }

  /** Records where a message lives; for a message already stored, found by its Message-ID. */
  #addLocation(headers: MessageHeaders, folder: FolderRecord, messageId?: string): boolean {
    const { store, mailboxId } = this.#options;
    const id = messageId ?? (headers.messageId === null ? null : store.messages.findByDedupeKey(`mid:${headers.messageId}`)?.id);
    if (id === null || id === undefined) return false;
    const { uidValidity, uid, providerId } = headers.location;
    return store.locations.add({ messageId: id, mailboxId, folderId: folder.id, uidValidity, uid, providerId });
  }

  #facts(headers: MessageHeaders, isOwnSentMail: boolean): MessageFacts {
    const from = normalizeEnvelopeAddresses(headers.from);
    const to = normalizeEnvelopeAddresses(headers.to);
    const cc = normalizeEnvelopeAddresses(headers.cc);
    const bcc = normalizeEnvelopeAddresses(headers.bcc);
    return {
      messageId: headers.messageId,
      from: from.addresses,
      to: to.addresses,
      cc: cc.addresses,
      bcc: bcc.addresses,
      displayNameAddresses: [...from.displayNameAddresses, ...to.displayNameAddresses, ...cc.displayNameAddresses],
      isOwnSentMail,
      references: headers.references,
      inReplyTo: headers.inReplyTo,
      subject: headers.subject,
      forwardPeek: null,
    };
  }

  #matchContext(ownAddresses: OwnAddressBook): MatchContext {
    const { store } = this.#options;
    return {
      ownAddresses,
      candidatesByAddress: (address) => store.candidates.matchFacts(address),
      candidatesLinkedTo: (messageId) => store.candidates.matchFactsOf(store.links.candidatesLinkedTo(messageId)),
      isInHireboxThread: (messageId) => store.threadNodes.isHireboxThread(messageId),
    };
  }
}

function mailAddresses(list: readonly HeaderAddress[]): MailAddress[] {
  const field = normalizeEnvelopeAddresses(list);
  const names = new Map(list.map((entry) => [entry.address.trim().toLowerCase(), entry.name]));
  return field.addresses.map((address) => {
    const name = names.get(address);
    return name ? { name, address } : { address };
  });
}

/** The status a failed run leaves (R14): offline for the network, a sign-in for auth. */
export function statusAfterFailure(error: unknown, now: Date): MailboxStatus {
  if (error instanceof AppError) {
    switch (error.code) {
      case 'auth-required':
      case 'auth-expired':
        return { state: 'auth-required', kind: 'password-rejected' };
      case 'network':
        // A refused certificate or a stripped STARTTLS is not "offline": the user must see why.
        if (error.retryable) return { state: 'offline' };
        return { state: 'error', code: error.code, message: error.message };
      default: {
        const retryAt = error.retryable ? new Date(now.getTime() + (error.retryAfterMs ?? 60_000)).toISOString() : undefined;
        return { state: 'error', code: error.code, message: error.message, ...(retryAt === undefined ? {} : { retryAt }) };
      }
    }
  }
  return { state: 'error', code: 'internal', message: 'Sync stopped unexpectedly; the log has details.' };
}
