import type { JobStatus, JobSummary, Stage, UserRef } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, jobInScope, scopeParameters } from './scope.js';

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

/** One job's own fields. */
export interface JobRecord {
  id: string;
  title: string;
  status: JobStatus;
  createdAt: string;
  archivedAt: string | null;
}

/** An application to a job, with the candidate it belongs to. */
export interface JobApplicationRow {
  applicationId: string;
  stage: Stage;
  candidateId: string;
  name: string;
  primaryEmail: string;
}

const listName = 'jobs';

/** Jobs and their teams. */
export class JobsRepository {
  readonly #insert;
  readonly #insertTeamMember;
  readonly #updateStatus;
  readonly #list;
  readonly #db: Database;
  readonly #get;
  readonly #rename;
  readonly #clearTeam;
  readonly #team;
  readonly #jobIdsOfUser;
  readonly #applications;
  readonly #byTitle;

  constructor(db: Database) {
    this.#db = db;
    this.#get = db.prepare<[string], { id: string; title: string; status: JobStatus; created_at: string; archived_at: string | null }>(
      'SELECT id, title, status, created_at, archived_at FROM jobs WHERE id = ?',
    );
    this.#rename = db.prepare<[string, string]>('UPDATE jobs SET title = ? WHERE id = ?');
    this.#clearTeam = db.prepare<[string]>('DELETE FROM job_team WHERE job_id = ?');
    this.#team = db.prepare<[string], UserRef>(
      'SELECT u.id, u.name, u.email FROM job_team t JOIN users u ON u.id = t.user_id WHERE t.job_id = ? ORDER BY u.name, u.id',
    );
    this.#jobIdsOfUser = db.prepare<[string], string>('SELECT job_id FROM job_team WHERE user_id = ?').pluck();
    this.#applications = db.prepare<{ jobId: string } & ScopeParameters, { id: string; stage: Stage; candidate_id: string; name: string; primary_email: string | null }>(
      `SELECT a.id, a.stage, a.candidate_id, c.name,
              (SELECT ca.address FROM candidate_addresses ca WHERE ca.candidate_id = c.id AND ca.is_primary = 1) AS primary_email
       FROM applications a JOIN candidates c ON c.id = a.candidate_id
       WHERE a.job_id = @jobId AND ${candidateInScope('c.id')}
       ORDER BY c.name, c.id`,
    );
    this.#byTitle = db.prepare<[string], string>("SELECT id FROM jobs WHERE status = 'open' AND casefold(title) = casefold(?) ORDER BY created_at LIMIT 1").pluck();
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

  get(id: string): JobRecord | null {
    const row = this.#get.get(id);
    return row === undefined ? null : { id: row.id, title: row.title, status: row.status, createdAt: row.created_at, archivedAt: row.archived_at };
  }

  rename(id: string, title: string): void {
    if (this.#rename.run(title, id).changes === 0) throw new AppError('not-found', 'There is no job with this id.');
  }

  /** Replaces the job's team. @throws AppError `not-found` when a user does not exist. */
  setTeam(jobId: string, userIds: readonly string[]): void {
    this.#db.transaction(() => {
      this.#clearTeam.run(jobId);
      for (const userId of userIds) this.addTeamMember(jobId, userId);
    })();
  }

  team(jobId: string): UserRef[] {
    return this.#team.all(jobId);
  }

  /** Ids of the jobs whose team includes the user. */
  jobIdsOfTeamMember(userId: string): Set<string> {
    return new Set(this.#jobIdsOfUser.all(userId));
  }

  /** The job's applications whose candidates are in `scope`, by candidate name. */
  applications(jobId: string, scope: CandidateScope): JobApplicationRow[] {
    return this.#applications.all({ jobId, ...scopeParameters(scope) }).map((row) => ({
      applicationId: row.id,
      stage: row.stage,
      candidateId: row.candidate_id,
      name: row.name,
      primaryEmail: row.primary_email ?? '',
    }));
  }

  /**
   * The oldest open job with this title, any case; for imports. Archived jobs are not
   * found: a candidate filed under one would not sync (R7), so the import opens a new job.
   */
  findOpenByTitle(title: string): string | null {
    return this.#byTitle.get(title) ?? null;
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
