import type { JobStatus, JobSummary } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { jobInScope, scopeParameters } from './scope.js';

interface JobRow {
  id: string;
  title: string;
  status: JobStatus;
  created_at: string;
  candidate_count: number;
}

export interface NewJob {
  id: string;
  title: string;
  status: JobStatus;
  createdAt: string;
  /** When an archived job was archived; defaults to `createdAt`. Ignored for open jobs. */
  archivedAt?: string;
}

export interface JobListOptions {
  status: JobStatus | 'all';
  scope: CandidateScope;
  cursor?: string | undefined;
  limit: number;
}

const listName = 'jobs';

/** Jobs and their teams. */
export class JobsRepository {
  readonly #insert;
  readonly #insertTeamMember;
  readonly #updateStatus;
  readonly #list;

  constructor(db: Database) {
    this.#insert = db.prepare<[string, string, JobStatus, string, string | null]>(
      'INSERT INTO jobs (id, title, status, created_at, archived_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#insertTeamMember = db.prepare<[string, string]>('INSERT INTO job_team (job_id, user_id) VALUES (?, ?)');
    this.#updateStatus = db.prepare<[JobStatus, string | null, string]>(
      'UPDATE jobs SET status = ?, archived_at = ? WHERE id = ?',
    );
    // Jobs number in the hundreds, so one statement with optional filters is enough here.
    this.#list = db.prepare<
      { status: JobStatus | null; afterCreatedAt: string | null; afterId: string | null; fetch: number } & ScopeParameters,
      JobRow
    >(
      `SELECT j.id, j.title, j.status, j.created_at,
              (SELECT count(*) FROM applications a WHERE a.job_id = j.id) AS candidate_count
       FROM jobs j
       WHERE (@status IS NULL OR j.status = @status)
         AND ${jobInScope('j.id')}
         AND (@afterCreatedAt IS NULL OR (j.created_at, j.id) < (@afterCreatedAt, @afterId))
       ORDER BY j.created_at DESC, j.id DESC
       LIMIT @fetch`,
    );
  }

  /** Adds a job. @throws AppError `conflict` when the id is taken. */
  insert(job: NewJob): void {
    const archivedAt = job.status === 'archived' ? (job.archivedAt ?? job.createdAt) : null;
    try {
      this.#insert.run(job.id, job.title, job.status, job.createdAt, archivedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'A job with this id already exists.', { cause: error });
      throw error;
    }
  }

  /**
   * Puts a user on the job's team (idempotent).
   * @throws AppError `not-found` when the job or the user does not exist.
   */
  addTeamMember(jobId: string, userId: string): void {
    try {
      this.#insertTeamMember.run(jobId, userId);
    } catch (error) {
      if (isUniqueViolation(error)) return;
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no such job or user.', { cause: error });
      throw error;
    }
  }

  /** Archives (at `at`) or reopens a job (R7). @throws AppError `not-found` for an unknown id. */
  setStatus(id: string, status: JobStatus, at: string): void {
    const result = this.#updateStatus.run(status, status === 'archived' ? at : null, id);
    if (result.changes === 0) throw new AppError('not-found', 'There is no job with this id.');
  }

  /** Jobs in `scope` (a hiring manager: the jobs whose team they are on), newest first. */
  list(options: JobListOptions): Page<JobSummary> {
    const limit = checkLimit(options.limit);
    const [afterCreatedAt, afterId] =
      options.cursor === undefined ? [null, null] : decodeCursor(listName, options.cursor, ['string', 'string'] as const);
    const rows = this.#list.all({
      status: options.status === 'all' ? null : options.status,
      afterCreatedAt,
      afterId,
      fetch: limit + 1,
      ...scopeParameters(options.scope),
    });
    return toPage(rows, limit, listName, (row) => [row.created_at, row.id], toJobSummary);
  }
}

function toJobSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    candidateCount: row.candidate_count,
    createdAt: row.created_at,
  };
}
