import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ErasureCounts, ErasureReport } from '../../../shared/privacy.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { dataSubfolders } from '../purge/data-folder-layout.js';
import { countLogLines, logTermsFor } from '../purge/log-lines.js';
import { isCrashDumpTarget, planCandidatePurge } from '../purge/purge-plan.js';
import type { PurgeItem } from '../store/repositories/purge-repository.js';
import type { CandidateRemoval } from '../store/repositories/deletion-repository.js';
import { PurgeRunner } from '../purge/purge-runner.js';
import type { Store } from '../store/store.js';

export interface CandidateDeletionOptions {
  store: Store;
  /** The engine's data folder (attachments/, tmp/, cache/ and logs/ lie inside it). */
  dataFolder: string;
  /**
   * The engine's logger. Nothing logged here names the candidate; after log lines were
   * purged it is closed once, so that a FileLogger reopens the rewritten file.
   */
  logger: Logger;
  now?: () => Date;
  /**
   * Called the moment an erasure's transaction has committed, before its files are purged
   * and the WAL checkpointed. Only the fault runs set it (`HIREBOX_ENGINE_TUNING`
   * `faults.haltAfterErasureCommit`): they SIGKILL the engine there to prove that a restart
   * finishes the purge.
   */
  afterCommit?: (report: ErasureReport) => void;
}

export interface CandidateDeletionResult {
  /** The purge job recorded with the deletion. */
  purgeJobId: string;
  /**
   * Whether every file was purged right away. When false, the job stays in the database
   * and `resumePendingPurges` finishes it (at the latest at the next engine start).
   */
  purgeComplete: boolean;
  /** The erasure report written in the deleting transaction (issue 24). */
  report: ErasureReport;
}

/** Who asked for an erasure, for its report: a team member, or the retention rule run by one. */
export interface ErasureRequester {
  userId: string | null;
  name: string;
  trigger: ErasureReport['trigger'];
}

const deletionReason = 'candidate-deleted';
const anonymisedReason = 'candidate-anonymised';

const systemRequester: ErasureRequester = { userId: null, name: 'Hirebox', trigger: 'request' };

/** The reference an erasure report names a person by: 16 hex digits of SHA-256 over the candidate id. */
export function subjectReferenceOf(candidateId: string): string {
  return createHash('sha256').update(candidateId, 'utf8').digest('hex').slice(0, 16);
}

/** The name an anonymised candidate keeps: no personal value, the same in every language. */
export function anonymisedNameOf(candidateId: string): string {
  return `Anonym ${subjectReferenceOf(candidateId).slice(0, 8)}`;
}

/**
 * R3 (PRODUCT.md): deleting a candidate deletes, in one database transaction, the
 * candidate and every message linked to no other candidate, with their locations,
 * search entries, threads left empty, drafts and outbox items, and records the files to
 * purge in a durable job; the job then runs at once, the WAL is checkpointed with
 * TRUNCATE, and unfinished jobs resume at engine start.
 *
 * Rights (hiring managers may not delete) are the caller's check; this class does the deed.
 */
export class CandidateDeletion {
  readonly #store: Store;
  readonly #dataFolder: string;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #runner: PurgeRunner;
  readonly #afterCommit: ((report: ErasureReport) => void) | undefined;

  constructor({ store, dataFolder, logger, now, afterCommit }: CandidateDeletionOptions) {
    this.#afterCommit = afterCommit;
    this.#store = store;
    this.#dataFolder = dataFolder;
    this.#logger = logger;
    this.#now = now ?? (() => new Date());
    this.#runner = new PurgeRunner({ store, dataFolder, logger, now: this.#now });
  }

  /**
   * Deletes the candidate and what is stored only because of them, then purges their
   * files and checkpoints the database. A message also linked to another candidate
   * stays for that one; only this candidate's link to it goes. Once this returns, the
   * deletion is committed even when some file could not be purged yet (`purgeComplete`).
   * @throws AppError `not-found` for an unknown candidate (nothing changes);
   *   `storage-unavailable` when the temp or cache folder cannot be read (nothing changes).
   */
  deleteCandidate(candidateId: string, requestedBy: ErasureRequester = systemRequester): CandidateDeletionResult {
    return this.#erase(candidateId, 'deleted', requestedBy, true);
  }

  /**
   * The same removal for a candidate who never was a person: the sample data (issue 25).
   * No erasure report is kept, as nobody asked and nobody's data went.
   */
  deleteSampleCandidate(candidateId: string): CandidateDeletionResult {
    return this.#erase(candidateId, 'deleted', systemRequester, false);
  }

  /**
   * Issue 24 (retention): the same zero-trace removal as `deleteCandidate` — same purge
   * job, same checkpoint — of every personal value, keeping the candidate row under a
   * placeholder name with their applications (job, stage, dates) for statistics.
   * @throws AppError as `deleteCandidate`.
   */
  anonymiseCandidate(candidateId: string, requestedBy: ErasureRequester): CandidateDeletionResult {
    return this.#erase(candidateId, 'anonymised', requestedBy, true);
  }

  #erase(candidateId: string, action: ErasureReport['action'], requestedBy: ErasureRequester, keepReport: boolean): CandidateDeletionResult {
    const purgeJobId = randomUUID();
    const performedAt = this.#now().toISOString();
    const report = this.#store.transaction((): ErasureReport => {
      const removal =
        action === 'deleted'
          ? this.#store.deletion.deleteCandidate(candidateId)
          : this.#store.deletion.anonymiseCandidate(candidateId, anonymisedNameOf(candidateId));
      if (removal === null) throw new AppError('not-found', 'There is no candidate with this id.');
      if (action === 'anonymised') this.#store.privacy.markAnonymised(candidateId, performedAt);
      const items = planCandidatePurge(this.#dataFolder, removal);
      this.#store.purges.insert({ id: purgeJobId, reason: action === 'deleted' ? deletionReason : anonymisedReason, createdAt: performedAt, items });
      const counts = this.#countsOf(removal, items);
      const entry = {
        id: randomUUID(),
        action,
        trigger: requestedBy.trigger,
        subjectRef: subjectReferenceOf(candidateId),
        performedAt,
        performedByUserId: requestedBy.userId,
        performedBy: requestedBy.name,
        counts,
        purgeJobId,
      };
      if (keepReport) this.#store.privacy.insertReport(entry);
      const { performedByUserId: _user, purgeJobId: _job, ...report } = entry;
      return { ...report, purgeComplete: false };
    });
    this.#afterCommit?.(report);
    this.#logger.info(action === 'deleted' ? 'candidate deleted' : 'candidate anonymised', {
      purgeJobId,
      erasureReportId: report.id,
      messages: report.counts.messages,
      threads: report.counts.threads,
    });

    let purgeComplete = false;
    try {
      purgeComplete = this.#runner.run(purgeJobId).finished;
    } catch (error) {
      // The deletion stands; the job is durable and resumes at the next start.
      this.#logger.error('purge job could not run, will retry at next start', { purgeJobId, error: errorName(error) });
    } finally {
      this.#checkpoint();
    }
    return { purgeJobId, purgeComplete, report: { ...report, purgeComplete } };
  }

  #countsOf(removal: CandidateRemoval, items: readonly PurgeItem[]): ErasureCounts {
    const terms = logTermsFor(removal.name, removal.addresses);
    return {
      messages: removal.deletedMessageIds.length,
      attachments: removal.deletedAttachmentIds.length,
      attachmentFiles: items.filter((item) => item.kind === 'attachment').length,
      drafts: removal.tally.drafts,
      outboxItems: removal.tally.outboxItems,
      scheduledItems: removal.tally.scheduledItems,
      threads: removal.deletedThreadIds.length,
      comments: removal.tally.comments,
      // Every stored message has exactly one row in message_search (the insert trigger).
      searchRows: removal.deletedMessageIds.length,
      addresses: removal.tally.addresses,
      links: removal.tally.links,
      logLines: countLogLines(path.join(this.#dataFolder, dataSubfolders.logs), terms),
      tempFiles: items.filter((item) => item.kind === 'temp-file' && !isCrashDumpTarget(item.target)).length,
      cacheFiles: items.filter((item) => item.kind === 'cache-file').length,
      crashDumps: items.filter((item) => isCrashDumpTarget(item.target)).length,
    };
  }

  /**
   * R3 for mail left without a candidate ("not this candidate" took its last link): those
   * messages go with their search entries, locations and attachment files, as a deleted
   * candidate's do. Messages still linked to someone stay. Returns how many went.
   */
  deleteUnlinkedMessages(messageIds: readonly string[]): number {
    const purgeJobId = randomUUID();
    const removed = this.#store.transaction(() => {
      const removal = this.#store.deletion.deleteUnlinkedMessages(messageIds);
      if (removal.deletedMessageIds.length === 0) return 0;
      const items = planCandidatePurge(this.#dataFolder, { name: '', addresses: [], ...removal });
      this.#store.purges.insert({ id: purgeJobId, reason: 'message-unlinked', createdAt: this.#now().toISOString(), items });
      return removal.deletedMessageIds.length;
    });
    if (removed === 0) return 0;
    try {
      this.#runner.run(purgeJobId);
    } catch (error) {
      this.#logger.error('purge job could not run, will retry at next start', { purgeJobId, error: errorName(error) });
    } finally {
      this.#checkpoint();
    }
    return removed;
  }

  /**
   * Runs every purge job not finished yet — call it at engine start, before sync. Items
   * are marked done one by one and a job goes once all are; a failing job keeps its
   * `attempts` and `last_error` and is logged (without personal data). Never throws.
   * Returns how many jobs finished.
   */
  resumePendingPurges(): number {
    const finished = this.#runner.runUnfinished();
    // A finished job's rows held the candidate's name (the log terms): out of the WAL too.
    if (finished > 0) this.#checkpoint();
    return finished;
  }

  #checkpoint(): void {
    try {
      if (!this.#store.checkpoint().complete) {
        // Another connection is reading; the next checkpoint (at the latest on close) finishes.
        this.#logger.warn('checkpoint after deletion incomplete: a reader holds the WAL');
      }
    } catch (error) {
      this.#logger.error('checkpoint after deletion failed', { error: errorName(error) });
    }
  }
}

function errorName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
