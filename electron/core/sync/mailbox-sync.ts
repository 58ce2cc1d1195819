import { createHash, randomUUID } from 'node:crypto';
import type { NewMailNotice } from '../../../shared/events.js';
import type { MailboxStatus, SyncPhase } from '../../../shared/status.js';
import { forwardPeekBytes } from '../domain/forward-markers.js';
import { matchMessage, needsForwardPeek, type CandidateLink, type MatchContext, type MatchDecision, type MessageFacts } from '../domain/matching.js';
import { normalizeEnvelopeAddresses, subjectKey } from '../domain/message-headers.js';
import { isNewCandidateMail, noticeSender, noticeSubject } from '../domain/new-mail-notice.js';
import type { OwnAddressBook } from '../domain/own-addresses.js';
import { assignThread } from '../domain/threading.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { readForwardPeek, readMessageContent, stageAttachmentFiles, type MessageContent, type StagedAttachmentFiles } from '../mime/message-content.js';
import type { HeaderAddress, MailProvider, MessageHeaders, ScanStart } from '../providers/mail-provider.js';
import type { CandidatePool } from '../store/repositories/candidates-repository.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { MailAddress } from '../store/repositories/messages-repository.js';
import type { Store } from '../store/store.js';
import { PageLookups } from './page-lookups.js';

/**
 * A message larger than this is linked and listed by its headers, but its source is not
 * fetched: its body shows as not stored (and stays in the mailbox).
 */
export const maxMessageBytes = 40 * 1024 * 1024;

/** Fetched sources held before a batch is written (memory bound of one sync). */
const maxBatchBytes = 64 * 1024 * 1024;

/**
 * Issue 22: linked messages written in one transaction at most, and headers decided between
 * two turns of the event loop, so no stretch of a scan keeps the engine from answering calls.
 */
const maxBatchMessages = 50;
const decideChunk = 100;

/** Lets the event loop run what waits (a channel call, socket data) before going on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  /**
   * Threads that got new mail, after each committed batch (the inbox updates live), and the
   * new candidate mail among it that a notification may tell of (`isNewCandidateMail`).
   */
  onStored?: (threadIds: string[], arrivals: NewMailNotice[]) => void;
  now?: () => Date;
  /**
   * Issue 25: the candidates this run links to — `real` for every mailbox sync (never a
   * sample candidate), `sample` only for the sample-data import.
   */
  candidatePool?: CandidatePool;
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

/** A message the matcher links, decided on its headers. */
interface Linking {
  headers: MessageHeaders;
  facts: MessageFacts;
  links: CandidateLink[];
  isForward: boolean;
}

/** A message that matched and whose source was fetched, ready to be written. */
interface Prepared extends Linking {
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
    return this.#pass(undefined, signal);
  }

  /**
   * Backfill (R10 beyond, issue 7): mail the window left out, from `start` (`since` for the
   * mailbox, `search` for candidates' addresses), through the same header-first matcher,
   * in every scanned folder. Folder cursors stay where they are. Progress as `syncing`
   * with phase `backfill`; cancelled through `signal`.
   */
  async backfill(start: Extract<ScanStart, { kind: 'since' | 'search' }>, signal?: AbortSignal): Promise<SyncSummary> {
    return this.#pass(start, signal);
  }

  /**
   * Issue 22, the live path: new mail the watch fetched the headers of (`arrived`), matched
   * and stored at once — sources only for what links (R2), one transaction, `onStored` the
   * moment it commits — before any folder is scanned. The folder's cursor stays: the pass
   * that follows (Sent first, then this folder from its cursor) skips what was stored here
   * by its locations and does everything else a scan does — removed mail, a rebuilt
   * folder, and replies that link only through Sent mail (left unstored here, so a Sent
   * scan that fails loses nothing). Headers of another UIDVALIDITY than the folder's
   * cursor are left to that pass too.
   */
  async storeArrivals(folderPath: string, headers: readonly MessageHeaders[], signal?: AbortSignal): Promise<SyncSummary> {
    const { store, mailboxId } = this.#options;
    const pass = newPass(true);
    const folder = store.folders.list(mailboxId).find((candidate) => candidate.scanned && candidate.path === folderPath);
    if (folder === undefined || folder.cursor === null || folder.uidValidity === null) return pass.summary;
    const current = headers.filter((message) => message.location.uidValidity === folder.uidValidity);
    pass.summary.headersScanned = current.length;
    await this.#storeRounds(this.#notYetStored(current, folder), folder, pass, signal);
    return pass.summary;
  }

  /** One pass over every scanned folder: from each folder's cursor (a sync), or from `backfill`. */
  async #pass(backfill: Extract<ScanStart, { kind: 'since' | 'search' }> | undefined, signal?: AbortSignal): Promise<SyncSummary> {
    const { store, mailboxId } = this.#options;
    const pass = newPass(backfill === undefined);
    // Sent first: a stranger's reply in INBOX to the user's own sent mail then finds it. (Not
    // INBOX first for a faster arrival: such a reply would wait in memory for Sent while
    // INBOX's cursor moves past it, and a Sent scan that fails would lose it for good.)
    const order = { sent: 0, inbox: 1, custom: 2 } as const;
    const folders = store.folders.list(mailboxId).filter((folder) => folder.scanned).sort((a, b) => order[a.role] - order[b.role]);
    for (const folder of folders) {
      signal?.throwIfAborted();
      await this.#syncFolder(folder, pass, signal, backfill);
    }
    await this.#retryWaiting(pass, signal);
    return pass.summary;
  }

  /**
   * Replies left waiting get another try once the pass is through every folder: all of
   * them first (the mail they answer may have been linked by anyone meanwhile — this pass,
   * the outbox, a user), then, as long as tries link more mail, those naming it.
   */
  async #retryWaiting(pass: Pass, signal?: AbortSignal): Promise<void> {
    let waiting = pass.waiting;
    let retry = waiting;
    while (retry.length > 0) {
      const chosen = new Set(retry);
      const still = waiting.filter((entry) => !chosen.has(entry));
      const linkedNow = new Set<string>();
      for (const [folder, entries] of byFolder(retry)) {
        const { left, linked } = await this.#storeRounds(entries, folder, pass, signal);
        still.push(...left.map((headers) => ({ headers, folder })));
        for (const id of linked) linkedNow.add(id);
      }
      waiting = still;
      retry = waiting.filter((entry) => namesAny(entry.headers, linkedNow));
    }
  }

  /**
   * Classifies `pending` and stores what links, in rounds: a reply links through the mail
   * it answers (reply-chain), which the same round may have linked, so a reply left
   * unlinked is tried again in the next round when mail it names was linked. Returns the
   * replies still unlinked (for `#retryWaiting`) and the Message-IDs linked.
   */
  async #storeRounds(pending: MessageHeaders[], folder: FolderRecord, pass: Pass, signal?: AbortSignal): Promise<{ left: MessageHeaders[]; linked: Set<string> }> {
    const { summary } = pass;
    const ownAddresses = this.#options.ownAddresses();
    const left: MessageHeaders[] = [];
    const linked = new Set<string>();
    while (pending.length > 0) {
      let prepared: Prepared[] = [];
      let relocated: MessageHeaders[] = [];
      let preparedBytes = 0;
      const linkedNow = new Set<string>();
      const unlinked: MessageHeaders[] = [];
      // Every header of the round is decided before any source is fetched: the server
      // meanwhile answers for the next page (see scanFolderHeaders), and the sources
      // follow in one run of fetches. Issue 22: decided `decideChunk` at a time with a turn
      // of the event loop between, so the engine answers calls during a big scan; nothing
      // is written before the round's decisions are all made, so the chunks' store answers
      // are those one lookup for the whole round would give.
      const linking: Linking[] = [];
      for (let first = 0; first < pending.length; first += decideChunk) {
        if (first > 0) await nextTurn();
        const chunk = pending.slice(first, first + decideChunk);
        const round = this.#prepareRound(chunk, folder, ownAddresses);
        for (const headers of chunk) {
          const decided = await this.#passingOver(folder, summary, () => this.#decide(headers, folder, round, ownAddresses, summary, signal));
          if (decided === 'known') relocated.push(headers);
          else if (decided === null) unlinked.push(headers);
          else linking.push(decided);
        }
      }
      let ahead: FetchedAhead = { sources: new Map(), upTo: 0, failed: false };
      for (const [index, message] of linking.entries()) {
        if (index >= ahead.upTo && !ahead.failed) ahead = await this.#fetchAhead(linking, index, signal);
        const prefetched = ahead.sources.get(message.headers.key);
        ahead.sources.delete(message.headers.key);
        const fetched = await this.#passingOver(folder, summary, () => this.#fetch(message, summary, signal, prefetched));
        if (fetched === null) continue;
        prepared.push(fetched);
        preparedBytes += fetched.source.length;
        // Fetched sources are held until written: write early rather than hold a page of
        // large mail, or one long transaction of many messages (issue 22).
        if (preparedBytes > maxBatchBytes || prepared.length >= maxBatchMessages) {
          for (const id of this.#writeBatch(relocated, prepared, folder, pass)) linkedNow.add(id);
          [prepared, relocated, preparedBytes] = [[], [], 0];
          await nextTurn();
        }
      }
      for (const id of this.#writeBatch(relocated, prepared, folder, pass)) linkedNow.add(id);
      for (const id of linkedNow) linked.add(id);
      const replies = unlinked.filter((headers) => headers.references.length > 0 || headers.inReplyTo.length > 0);
      pending = replies.filter((headers) => namesAny(headers, linkedNow));
      const retried = new Set(pending);
      left.push(...replies.filter((headers) => !retried.has(headers)));
    }
    return { left, linked };
  }

  async #syncFolder(folder: FolderRecord, pass: Pass, signal?: AbortSignal, backfill?: ScanStart): Promise<void> {
    const { store, provider, mailboxId } = this.#options;
    const { summary } = pass;
    const start = backfill ?? (folder.cursor === null ? ({ kind: 'initial-window', now: this.#now() } as const) : ({ kind: 'cursor', cursor: folder.cursor } as const));
    let phase: SyncPhase = backfill !== undefined ? 'backfill' : folder.cursor === null ? 'initial-window' : 'changes';
    let done = 0;
    let uidValidity = folder.uidValidity;
    for await (const page of provider.scanHeaders(folder.path, start, signal)) {
      signal?.throwIfAborted();
      if (page.restarted !== undefined && phase === 'changes') {
        // The server no longer knows the position (Gmail's history expired, UIDVALIDITY
        // changed): the folder is read again over the initial window, and the status says
        // so — the user sees a re-scan, not a silent gap.
        phase = 'rescan';
        pass.rescanned.add(folder.id);
        this.#options.logger.warn('the folder position expired on the server: reading the initial window again', { mailboxId, folder: folder.path, reason: page.restarted });
        this.#options.onStatus({ state: 'syncing', phase, done: 0, ...(page.total === undefined ? {} : { total: page.total }) });
      }
      summary.headersScanned += page.headers.length;
      const { left } = await this.#storeRounds(this.#notYetStored(page.headers, folder), folder, pass, signal);
      pass.waiting.push(...left.map((headers) => ({ headers, folder })));
      if (backfill !== undefined) {
        // A backfill leaves the folder's position alone; its progress runs over all folders.
        pass.backfillDone += page.headers.length;
        this.#options.onStatus({ state: 'syncing', phase, done: pass.backfillDone });
        continue;
      }
      uidValidity = page.uidValidity ?? page.headers[0]?.location.uidValidity ?? (page.restarted === undefined ? uidValidity : null);
      const vanished = page.vanished;
      const gone = store.transaction(() => {
        // Issue 7: mail gone from the server folder no longer lives there; it stays stored.
        let removed = vanished !== undefined && vanished.length > 0 && uidValidity !== null ? store.locations.removeUidRanges(folder.id, uidValidity, vanished) : 0;
        if (page.removed !== undefined) removed += store.locations.removeProviderIds(mailboxId, folder.id, page.removed);
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

  /**
   * Stores one message a user chose to link (R13, "create candidate from this mail"): fetched
   * and written exactly as sync writes linked mail — thread, body, attachments, location — and
   * linked to `candidateId` with `reason`. Answers the thread and the stored message's id.
   */
  async storeChosen(headers: MessageHeaders, folder: FolderRecord, link: { candidateId: string; reason: CandidateLink['reason'] }, signal?: AbortSignal): Promise<{ threadId: string; messageId: string }> {
    const { store, dataFolder } = this.#options;
    const summary: SyncSummary = { headersScanned: 0, messagesStored: 0, locationsAdded: 0, bodiesFetched: 0, forwardPeeks: 0, unreadable: 0, skipped: 0 };
    const facts = this.#facts(headers, folder.role === 'sent');
    const prepared = await this.#fetch({ headers, facts, links: [{ ...link, evidence: [link.reason] }], isForward: link.reason === 'forward' }, summary, signal);
    let staged: StagedAttachmentFiles | null = null;
    let written: { threadId: string; messageId: string } | null;
    try {
      written = store.transaction(() => {
        const row = this.#write(prepared, folder, summary);
        if (row !== null) staged = stageAttachmentFiles(dataFolder, prepared.content?.attachments ?? []);
        return row;
      });
    } catch (error) {
      (staged as StagedAttachmentFiles | null)?.discard();
      throw error;
    }
    if (written === null) throw new AppError('conflict', 'This mail was taken off this candidate by hand ("not this candidate").', { field: 'key' });
    (staged as StagedAttachmentFiles | null)?.publish();
    this.#options.onStored?.([written.threadId], []);
    return { threadId: written.threadId, messageId: written.messageId };
  }

  /**
   * One transaction for what a batch links; attachment files follow once their rows are
   * committed. Returns the Message-IDs of the mail it linked (for replies waiting on them).
   */
  #writeBatch(relocated: readonly MessageHeaders[], prepared: readonly Prepared[], folder: FolderRecord, pass: Pass): string[] {
    const { store, dataFolder } = this.#options;
    const threadIds = new Set<string>();
    const inserted: { message: Prepared; threadId: string; messageId: string; candidateIds: string[] }[] = [];
    // The attachment files are staged inside the transaction (a full disk rolls the rows back
    // and leaves no part) and published once the rows are committed (issue 23, disk full).
    let staged: StagedAttachmentFiles | null = null;
    let stored: Prepared[];
    try {
      stored = store.transaction(() => {
        for (const headers of relocated) if (this.#addLocation(headers, folder)) pass.summary.locationsAdded += 1;
        const kept = prepared.filter((message) => {
          const written = this.#write(message, folder, pass.summary);
          if (written === null) return false;
          threadIds.add(written.threadId);
          if (written.inserted) inserted.push({ message, threadId: written.threadId, messageId: written.messageId, candidateIds: written.candidateIds });
          return true;
        });
        staged = stageAttachmentFiles(dataFolder, kept.flatMap((message) => message.content?.attachments ?? []));
        return kept;
      });
    } catch (error) {
      (staged as StagedAttachmentFiles | null)?.discard();
      throw error;
    }
    (staged as StagedAttachmentFiles | null)?.publish();
    if (threadIds.size > 0) this.#options.onStored?.([...threadIds], this.#arrivals(inserted, folder, pass));
    const linked = stored.flatMap((message) => (message.headers.messageId === null ? [] : [message.headers.messageId]));
    for (const id of linked) pass.linked.add(id);
    return linked;
  }

  /**
   * Runs `work`, passing over a message the server no longer has or refuses (expunged
   * between scan and fetch): one bad message must not stop the mailbox. It is tried again
   * when its folder is scanned from scratch.
   */
  async #passingOver<T>(folder: FolderRecord, summary: SyncSummary, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError) || !['not-found', 'conflict', 'invalid-input'].includes(error.code)) throw error;
      summary.skipped += 1;
      this.#options.logger.warn('message passed over', { mailboxId: this.#options.mailboxId, folder: folder.path, code: error.code });
      return null;
    }
  }

  /**
   * Header first: decides on the headers (plus the bounded forward peek for a forward sent
   * by the team) whether the message links. `'known'` is a message stored before under
   * another location (the same mail in INBOX and Sent).
   */
  async #decide(headers: MessageHeaders, folder: FolderRecord, round: Round, ownAddresses: OwnAddressBook, summary: SyncSummary, signal?: AbortSignal): Promise<Linking | 'known' | null> {
    const { store, provider } = this.#options;
    // The same mail seen again (INBOX and Sent, a second mailbox) only adds a location. A
    // Message-ID reused on other mail (some tools repeat one) is classified as new mail and
    // stored under its content hash.
    const known = headers.messageId === null ? null : round.lookups.storedByMessageId(headers.messageId);
    if (known !== null && known.subject === headers.subject) return 'known';
    const facts = round.facts.get(headers) ?? this.#facts(headers, folder.role === 'sent');
    const context = round.context;
    let forwardPeek = null;
    if (needsForwardPeek(facts, { ownAddresses })) {
      summary.forwardPeeks += 1;
      const peek = await provider.peekBody(headers.key, forwardPeekBytes, signal);
      forwardPeek = await readForwardPeek(peek).catch(() => null);
    }
    let decision = matchMessage({ ...facts, forwardPeek }, context);
    if (decision.links.length === 0) return null;
    // "Not this candidate" only ever removes links: asked once the mail links at all.
    const excluded = headers.messageId === null ? [] : store.links.excludedCandidates(`mid:${headers.messageId}`);
    if (excluded.length > 0) decision = matchMessage({ ...facts, forwardPeek, excludedCandidateIds: excluded }, context);
    if (decision.links.length === 0) return null;
    return { headers, facts, links: decision.links, isForward: decision.isForward };
  }

  /**
   * Issue 22: the sources of the next messages to fetch (up to one write batch, by count and
   * by their sizes) in one request where the provider can (`fetchSources`), so a page's
   * matches cost one round trip, not one each. Empty — each fetched alone, as before — for a
   * single message, a provider without it, or when the request as a whole fails.
   */
  async #fetchAhead(linking: readonly Linking[], from: number, signal?: AbortSignal): Promise<FetchedAhead> {
    const { provider } = this.#options;
    const keys: string[] = [];
    let bytes = 0;
    let upTo = from;
    for (; upTo < linking.length; upTo++) {
      const { headers } = linking[upTo]!;
      if (headers.size > maxMessageBytes) continue;
      if (keys.length >= maxBatchMessages || (keys.length > 0 && bytes + headers.size > maxBatchBytes)) break;
      keys.push(headers.key);
      bytes += headers.size;
    }
    if (keys.length < 2 || provider.fetchSources === undefined) return { sources: new Map(), upTo, failed: false };
    try {
      return { sources: await provider.fetchSources(keys, maxMessageBytes, signal), upTo, failed: false };
    } catch (error) {
      signal?.throwIfAborted();
      this.#options.logger.warn('fetching several sources at once failed: fetching them one by one', { mailboxId: this.#options.mailboxId, error: (error as Error).message });
      return { sources: new Map(), upTo, failed: true };
    }
  }

  /** Fetches and reads the source of a message that links (only those: R2); `prefetched` is what `#fetchAhead` got for it. */
  async #fetch(linking: Linking, summary: SyncSummary, signal?: AbortSignal, prefetched?: Buffer | AppError): Promise<Prepared> {
    const { provider, logger } = this.#options;
    const { headers } = linking;
    if (headers.size > maxMessageBytes) {
      // Identity from the headers alone: the same oversized mail seen again hashes the same.
      const identity = Buffer.from(JSON.stringify([headers.messageId, headers.date, headers.subject, headers.from, headers.size]));
      return { ...linking, source: identity, content: null };
    }
    summary.bodiesFetched += 1;
    if (prefetched instanceof AppError) throw prefetched;
    const source = prefetched ?? (await provider.fetchSource(headers.key, maxMessageBytes, signal));
    let content: MessageContent;
    try {
      content = await readMessageContent(source);
    } catch (error) {
      // A source mailparser cannot read at all is still linked by its headers; its body stays empty.
      summary.unreadable += 1;
      logger.warn('message body unreadable', { mailboxId: this.#options.mailboxId, error: (error as Error).message });
      content = { text: null, html: null, snippet: '', attachments: [] };
    }
    return { ...linking, source, content };
  }

  /**
   * The new candidate mail among the messages a batch inserted: stored while following a
   * folder's changes (not its first window, a re-scan or a backfill), from outside the team.
   */
  #arrivals(inserted: readonly { message: Prepared; threadId: string; messageId: string; candidateIds: string[] }[], folder: FolderRecord, pass: Pass): NewMailNotice[] {
    const live = pass.live && folder.cursor !== null && !pass.rescanned.has(folder.id);
    if (!live || inserted.length === 0) return [];
    const now = this.#now();
    const ownAddresses = this.#options.ownAddresses();
    return inserted.flatMap(({ message, threadId, messageId, candidateIds }) => {
      const { headers, facts } = message;
      const fromOwnAddress = facts.from.some((address) => ownAddresses.match(address) !== null);
      if (!isNewCandidateMail({ live, isOwnSentMail: facts.isOwnSentMail, fromOwnAddress, receivedAt: headers.internalDate }, now)) return [];
      const names = candidateIds.flatMap((id) => this.#options.store.candidates.get(id)?.name ?? []);
      return [{ threadId, messageId, sender: noticeSender(headers.from[0] ?? null, names), subject: noticeSubject(headers.subject), receivedAt: headers.internalDate.toISOString() }];
    });
  }

  /**
   * Stores one linked message (or its new location and links): its thread and id, whether it
   * was new to the store, and the candidates it links; null when nothing links any more.
   */
  #write(message: Prepared, folder: FolderRecord, summary: SyncSummary): { threadId: string; messageId: string; inserted: boolean; candidateIds: string[] } | null {
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
    return { threadId, messageId, inserted: stored === null, candidateIds: links.map((link) => link.candidateId) };
  }

  /** Records where a message lives; for a message already stored, found by its Message-ID. */
  #addLocation(headers: MessageHeaders, folder: FolderRecord, messageId?: string): boolean {
    const { store, mailboxId } = this.#options;
    const id = messageId ?? (headers.messageId === null ? null : store.messages.findByDedupeKey(`mid:${headers.messageId}`)?.id);
    if (id === null || id === undefined) return false;
    const { uidValidity, uid, providerId } = headers.location;
    return store.locations.add({ messageId: id, mailboxId, folderId: folder.id, uidValidity, uid, providerId });
  }

  /** The page's headers whose location is not recorded yet (a page re-read after a crash skips what it stored). */
  #notYetStored(headers: readonly MessageHeaders[], folder: FolderRecord): MessageHeaders[] {
    const { store, mailboxId } = this.#options;
    const byValidity = new Map<number, number[]>();
    for (const { location } of headers) {
      if (location.uid === null || location.uidValidity === null) continue;
      const uids = byValidity.get(location.uidValidity);
      if (uids === undefined) byValidity.set(location.uidValidity, [location.uid]);
      else uids.push(location.uid);
    }
    const known = new Map([...byValidity].map(([uidValidity, uids]) => [uidValidity, new Set(store.locations.knownUids(mailboxId, folder.id, uidValidity, uids))]));
    // Providers without UIDs (Gmail, Graph) name a message by its provider id alone.
    const byProviderId = headers.flatMap(({ location }) => (location.uid === null && location.providerId !== null ? [location.providerId] : []));
    const knownIds = new Set(store.locations.knownProviderIds(mailboxId, folder.id, byProviderId));
    return headers.filter(({ location }) =>
      location.uid === null || location.uidValidity === null ? location.providerId === null || !knownIds.has(location.providerId) : !known.get(location.uidValidity)?.has(location.uid),
    );
  }

  /** The facts of a round's headers and the store's answers about all of them, asked at once. */
  #prepareRound(headers: readonly MessageHeaders[], folder: FolderRecord, ownAddresses: OwnAddressBook): Round {
    const facts = new Map(headers.map((message) => [message, this.#facts(message, folder.role === 'sent')] as const));
    const lookups = PageLookups.prepare(this.#options.store, [...facts.values()], this.#options.candidatePool ?? 'real');
    return { facts, lookups, context: lookups.matchContext(ownAddresses) };
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
      candidatesByAddress: (address) => store.candidates.matchFacts(address, this.#options.candidatePool ?? 'real'),
      candidatesLinkedTo: (messageId) => store.candidates.matchFactsOf(store.links.candidatesLinkedTo(messageId), this.#options.candidatePool ?? 'real'),
      isInHireboxThread: (messageId) => store.threadNodes.isHireboxThread(messageId),
    };
  }
}

/** Sources fetched ahead (`#fetchAhead`) for the linking messages before index `upTo`. */
interface FetchedAhead {
  sources: Map<string, Buffer | AppError>;
  upTo: number;
  /** The request for several failed: the rest of the round fetches one by one. */
  failed: boolean;
}

/** A reply left unlinked, to try again once mail it names is linked. */
interface Waiting {
  headers: MessageHeaders;
  folder: FolderRecord;
}

/** What one pass (a sync or a backfill) carries across its folders and pages. */
interface Pass {
  summary: SyncSummary;
  waiting: Waiting[];
  /** Message-IDs of the mail this pass linked. */
  linked: Set<string>;
  /** Headers a backfill went through, over all folders (its progress). */
  backfillDone: number;
  /** A sync following the folders' changes (not a backfill): what it stores may be news. */
  live: boolean;
  /** Folders whose position the server forgot this pass, read again over the window. */
  rescanned: Set<string>;
}

/** The entries grouped by folder, in order. */
function byFolder(entries: readonly Waiting[]): Map<FolderRecord, MessageHeaders[]> {
  const groups = new Map<FolderRecord, MessageHeaders[]>();
  for (const { headers, folder } of entries) {
    const group = groups.get(folder);
    if (group === undefined) groups.set(folder, [headers]);
    else group.push(headers);
  }
  return groups;
}

/** Whether the reply names (In-Reply-To, References) any of these Message-IDs. */
function namesAny(headers: MessageHeaders, messageIds: ReadonlySet<string>): boolean {
  return headers.inReplyTo.some((id) => messageIds.has(id)) || headers.references.some((id) => messageIds.has(id));
}

/** One classification round over a page: facts and store answers prepared for all its headers. */
interface Round {
  facts: ReadonlyMap<MessageHeaders, MessageFacts>;
  lookups: PageLookups;
  context: MatchContext;
}

function mailAddresses(list: readonly HeaderAddress[]): MailAddress[] {
  const field = normalizeEnvelopeAddresses(list);
  const names = new Map(list.map((entry) => [entry.address.trim().toLowerCase(), entry.name]));
  return field.addresses.map((address) => {
    const name = names.get(address);
    return name ? { name, address } : { address };
  });
}

/** The status a failed run leaves (R14); see `failure-status.ts`. */
export { statusAfterFailure } from './failure-status.js';

/** A pass that has done nothing yet; `live` for a sync from the cursors, not a backfill. */
function newPass(live: boolean): Pass {
  return {
    summary: { headersScanned: 0, messagesStored: 0, locationsAdded: 0, bodiesFetched: 0, forwardPeeks: 0, unreadable: 0, skipped: 0 },
    waiting: [],
    linked: new Set(),
    backfillDone: 0,
    live,
    rescanned: new Set(),
  };
}
