import type { Database } from '../database.js';

/**
 * What a purge item removes (the CHECK list of `purge_job_items.kind`):
 * - `attachment`: `attachments/<content hash>` in the data folder;
 * - `temp-file`, `cache-file`: a file or folder under `tmp/` or `cache/`;
 * - `log-lines`: every line of the log files that contains one of the terms.
 */
export type PurgeItemKind = 'attachment' | 'temp-file' | 'cache-file' | 'log-lines';

export interface PurgeItem {
  kind: PurgeItemKind;
  /**
   * A path relative to the data folder, with `/` separators; for `log-lines` a JSON array
   * of lower-case terms (it lives only as long as the item is pending).
   */
  target: string;
}

export interface NewPurgeJob {
  id: string;
  /** Why, without personal data (e.g. `candidate-deleted`). */
  reason: string;
  createdAt: string;
  items: PurgeItem[];
}

export interface PurgeJobItem extends PurgeItem {
  doneAt: string | null;
}

export interface PurgeJob {
  id: string;
  reason: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  items: PurgeJobItem[];
}

interface JobRow {
  id: string;
  reason: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

/**
 * R3 purge jobs: the files to delete once a deletion has committed. A job is written in
 * the deleting transaction, its items are marked done one by one, and the job row goes
 * when all of them are done, so a crash at any point leaves a job to resume.
 */
export class PurgeRepository {
  readonly #db: Database;
  readonly #insertJob;
  readonly #insertItem;
  readonly #job;
  readonly #items;
  readonly #unfinishedIds;
  readonly #markDone;
  readonly #spendTerms;
  readonly #recordFailure;
  readonly #deleteIfDone;
  readonly #hashInUse;

  constructor(db: Database) {
    this.#db = db;
    this.#insertJob = db.prepare<[string, string, string]>('INSERT INTO purge_jobs (id, reason, created_at) VALUES (?, ?, ?)');
    this.#insertItem = db.prepare<[string, PurgeItemKind, string]>(
      'INSERT INTO purge_job_items (purge_job_id, kind, target) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.#job = db.prepare<[string], JobRow>('SELECT id, reason, created_at, attempts, last_error FROM purge_jobs WHERE id = ?');
    this.#items = db.prepare<[string], { kind: PurgeItemKind; target: string; done_at: string | null }>(
      'SELECT kind, target, done_at FROM purge_job_items WHERE purge_job_id = ? ORDER BY rowid',
    );
    this.#unfinishedIds = db.prepare<[], string>('SELECT id FROM purge_jobs ORDER BY created_at, id').pluck();
    this.#markDone = db.prepare<[string, string, PurgeItemKind, string]>(
      'UPDATE purge_job_items SET done_at = ? WHERE purge_job_id = ? AND kind = ? AND target = ? AND done_at IS NULL',
    );
    this.#spendTerms = db.prepare<[string, string, string]>(
      // 'spent-<rowid>' keeps the primary key unique should a job hold several such items.
      `UPDATE purge_job_items SET done_at = ?, target = 'spent-' || rowid
       WHERE purge_job_id = ? AND kind = 'log-lines' AND target = ? AND done_at IS NULL`,
    );
    this.#recordFailure = db.prepare<[string, string]>('UPDATE purge_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?');
    this.#deleteIfDone = db.prepare<[string, string]>(
      'DELETE FROM purge_jobs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM purge_job_items WHERE purge_job_id = ? AND done_at IS NULL)',
    );
    this.#hashInUse = db
      .prepare<[string, string], number>(
        `SELECT EXISTS (SELECT 1 FROM attachments WHERE content_hash = ?)
             OR EXISTS (SELECT 1 FROM draft_attachments WHERE content_hash = ?)`,
      )
      .pluck();
  }

  /** Records a job and its items (duplicates collapse); call it inside the deleting transaction. */
  insert(job: NewPurgeJob): void {
    this.#db.transaction(() => {
      this.#insertJob.run(job.id, job.reason, job.createdAt);
      for (const item of job.items) this.#insertItem.run(job.id, item.kind, item.target);
    })();
  }

  /** One job with all its items, or null once it is finished (or never existed). */
  get(id: string): PurgeJob | null {
    const row = this.#job.get(id);
    if (row === undefined) return null;
    return {
      id: row.id,
      reason: row.reason,
      createdAt: row.created_at,
      attempts: row.attempts,
      lastError: row.last_error,
      items: this.#items.all(id).map((item) => ({ kind: item.kind, target: item.target, doneAt: item.done_at })),
    };
  }

  /** Ids of every job not finished yet, oldest first. */
  unfinishedIds(): string[] {
    return this.#unfinishedIds.all();
  }

  /**
   * Marks one item done. A `log-lines` item also drops its terms — they name the person
   * — so a job kept alive by another failing item does not hold them any longer; its
   * target becomes `spent-<n>`.
   */
  markItemDone(jobId: string, item: PurgeItem, doneAt: string): void {
    if (item.kind === 'log-lines') this.#spendTerms.run(doneAt, jobId, item.target);
    else this.#markDone.run(doneAt, jobId, item.kind, item.target);
  }

  /** Counts a failed run of the job and keeps its reason (which must not name anyone). */
  recordFailure(jobId: string, error: string): void {
    this.#recordFailure.run(error, jobId);
  }

  /** True while an attachment or draft attachment row uses the file `attachments/<hash>`. */
  isContentHashInUse(hash: string): boolean {
    return this.#hashInUse.get(hash, hash) === 1;
  }

  /** Deletes the job (and its items) when every item is done; returns whether it did. */
  deleteIfDone(jobId: string): boolean {
    return this.#deleteIfDone.run(jobId, jobId).changes > 0;
  }
}
