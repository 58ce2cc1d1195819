import type { CandidateSummary, Stage } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, scopeParameters } from './scope.js';

interface CandidateRow {
  id: string;
  name: string;
  created_at: string;
  primary_email: string | null;
  synced: number;
  internal: number;
}

export interface NewCandidateAddress {
  /** Normalised by the caller; R4 (own addresses) is checked before this call. */
  address: string;
  isPrimary: boolean;
  /** R5: in one of the workspace's own domains. */
  internal: boolean;
}

export interface NewCandidate {
  id: string;
  name: string;
  createdAt: string;
  /** At least one, exactly one of them primary. */
  addresses: NewCandidateAddress[];
}

export interface NewApplication {
  id: string;
  candidateId: string;
  jobId: string;
  stage: Stage;
  createdAt: string;
}

export interface CandidateListOptions {
  /** Substring of the name or of an address, any case. */
  query?: string | undefined;
  scope: CandidateScope;
  cursor?: string | undefined;
  limit: number;
}

type ListParameters = ScopeParameters & { query: string | null; fetch: number; afterName?: string; afterId?: string };

const listName = 'candidates';

const summaryColumns = `c.id, c.name, c.created_at,
  (SELECT a.address FROM candidate_addresses a WHERE a.candidate_id = c.id AND a.is_primary = 1) AS primary_email,
  EXISTS (SELECT 1 FROM applications ap JOIN jobs j ON j.id = ap.job_id
          WHERE ap.candidate_id = c.id AND j.status = 'open') AS synced,
  EXISTS (SELECT 1 FROM candidate_addresses a WHERE a.candidate_id = c.id AND a.internal = 1) AS internal`;

function listSql(afterCursor: boolean): string {
  return `SELECT ${summaryColumns}
    FROM candidates c
    WHERE ${candidateInScope('c.id')}
      AND (@query IS NULL
           OR instr(casefold(c.name), @query) > 0
           OR EXISTS (SELECT 1 FROM candidate_addresses qa
                      WHERE qa.candidate_id = c.id AND instr(casefold(qa.address), @query) > 0))
      ${afterCursor ? 'AND (c.name, c.id) > (@afterName, @afterId)' : ''}
    ORDER BY c.name, c.id
    LIMIT @fetch`;
}

/** Candidates, their addresses and applications. */
export class CandidatesRepository {
  readonly #db: Database;
  readonly #insert;
  readonly #insertAddress;
  readonly #insertApplication;
  readonly #select;
  readonly #delete;
  readonly #firstPage;
  readonly #nextPage;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO candidates (id, name, created_at) VALUES (?, ?, ?)');
    this.#insertAddress = db.prepare<[string, string, number, number]>(
      'INSERT INTO candidate_addresses (address, candidate_id, is_primary, internal) VALUES (?, ?, ?, ?)',
    );
    this.#insertApplication = db.prepare<[string, string, string, Stage, string]>(
      'INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#select = db.prepare<[string], CandidateRow>(`SELECT ${summaryColumns} FROM candidates c WHERE c.id = ?`);
    this.#delete = db.prepare<[string]>('DELETE FROM candidates WHERE id = ?');
    this.#firstPage = db.prepare<ListParameters, CandidateRow>(listSql(false));
    this.#nextPage = db.prepare<ListParameters, CandidateRow>(listSql(true));
  }

  /**
   * Adds a candidate with their addresses, in one transaction.
   * @throws AppError `invalid-input` (field `addresses`) unless exactly one address is
   *   primary; `conflict` (field `addresses`) when an address belongs to a candidate.
   */
  insert(candidate: NewCandidate): void {
    if (candidate.addresses.filter((address) => address.isPrimary).length !== 1) {
      throw new AppError('invalid-input', 'A candidate needs exactly one primary address.', { field: 'addresses' });
    }
    this.#db.transaction(() => {
      this.#insert.run(candidate.id, candidate.name, candidate.createdAt);
      for (const { address, isPrimary, internal } of candidate.addresses) {
        try {
          this.#insertAddress.run(address, candidate.id, isPrimary ? 1 : 0, internal ? 1 : 0);
        } catch (error) {
          if (isUniqueViolation(error, 'candidate_addresses.address')) {
            throw new AppError('conflict', `The address ${address} already belongs to a candidate.`, {
              field: 'addresses',
              cause: error,
            });
          }
          throw error;
        }
      }
    })();
  }

  /**
   * Records an application of a candidate to a job.
   * @throws AppError `conflict` when the candidate already applied to the job;
   *   `not-found` when the candidate or the job does not exist.
   */
  addApplication(application: NewApplication): void {
    const { id, candidateId, jobId, stage, createdAt } = application;
    try {
      this.#insertApplication.run(id, candidateId, jobId, stage, createdAt);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('conflict', 'The candidate already applied to this job.', { cause: error });
      }
      if (isForeignKeyViolation(error)) {
        throw new AppError('not-found', 'There is no such candidate or job.', { cause: error });
      }
      throw error;
    }
  }

  /** One candidate, whoever asks: the caller checks visibility. */
  get(id: string): CandidateSummary | null {
    const row = this.#select.get(id);
    return row === undefined ? null : toCandidateSummary(row);
  }

  /** Candidates in `scope`, by name (case-insensitive), then id. */
  list(options: CandidateListOptions): Page<CandidateSummary> {
    const limit = checkLimit(options.limit);
    const query = options.query?.trim().toLowerCase() || null;
    const parameters: ListParameters = { ...scopeParameters(options.scope), query, fetch: limit + 1 };
    let rows: CandidateRow[];
    if (options.cursor === undefined) {
      rows = this.#firstPage.all(parameters);
    } else {
      const [afterName, afterId] = decodeCursor(listName, options.cursor, ['string', 'string'] as const);
      rows = this.#nextPage.all({ ...parameters, afterName, afterId });
    }
    return toPage(rows, limit, listName, (row) => [row.name, row.id], toCandidateSummary);
  }

  /**
   * Deletes the candidate row; the schema cascades to their addresses, applications,
   * links, link exclusions, drafts and outbox items. Only one step of R3: the deletion
   * service also removes messages linked to no other candidate and records the purge job,
   * in the same transaction. Returns whether a row was deleted.
   */
  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }
}

function toCandidateSummary(row: CandidateRow): CandidateSummary {
  return {
    id: row.id,
    name: row.name,
    primaryEmail: row.primary_email ?? '',
    synced: row.synced === 1,
    internal: row.internal === 1,
    createdAt: row.created_at,
  };
}
