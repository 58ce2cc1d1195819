import type Sqlite from 'better-sqlite3';
import { z } from 'zod';
import type { ApplicationView, CandidateAddress, CandidateListItem, CandidateSort, CandidateSummary, JobStatus, Stage } from '../../../../shared/model.js';
import { stages } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateMatchFacts } from '../../domain/matching.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, jobInScope, scopeParameters } from './scope.js';

interface CandidateRow {
  id: string;
  name: string;
  created_at: string;
  primary_email: string | null;
  synced: number;
  internal: number;
}

interface CandidateListRow extends CandidateRow {
  applications_json: string;
  last_contact_at: string | null;
  sort_key: number;
}

/** Which candidates matching may link to: the real ones (sync, sending) or the sample ones (issue 25). */
export type CandidatePool = 'real' | 'sample';

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

/** What the candidate list is ordered by (`candidates:list` `sort`). */
export type SortDirection = 'asc' | 'desc';

export interface CandidateListOptions {
  /** Substring of the name or of an address, any case. */
  query?: string | undefined;
  /** Only candidates with an application to this job (one in scope). */
  jobId?: string | undefined;
  /** Only candidates with an application at this stage (to `jobId` when given). */
  stage?: Stage | undefined;
  sort?: CandidateSort | undefined;
  /** Default: `asc` for name and stage, `desc` (newest first) for last contact. */
  direction?: SortDirection | undefined;
  scope: CandidateScope;
  cursor?: string | undefined;
  limit: number;
}

/** An application as the services need it to check rights and move it. */
export interface ApplicationRecord {
  id: string;
  candidateId: string;
  jobId: string;
  stage: Stage;
}

/** A candidate address found by its tag-free form (R4). */
export interface AddressHolder {
  candidateId: string;
  name: string;
  address: string;
}

type ListParameters = ScopeParameters & {
  query: string | null;
  jobId: string | null;
  stage: Stage | null;
  noMail: number;
  fetch: number;
  afterKey?: number;
  afterName?: string;
  afterId?: string;
};

const listName = 'candidates';

/**
 * Pipeline position of a stage for sorting: applied … hired, then rejected (out of the
 * pipeline), then no application at all. A candidate in several jobs sorts by the furthest
 * stage they reached; "rejected" only counts when every application is rejected.
 */
const stageRank = `CASE ap.stage WHEN 'applied' THEN 1 WHEN 'screening' THEN 2 WHEN 'interview' THEN 3
  WHEN 'offer' THEN 4 WHEN 'hired' THEN 5 ELSE 0 END`;
const rejectedRank = 6;
const noApplicationRank = 7;

/** Sort keys as SQL over candidate `c`; only applications to jobs in scope count. */
const sortKeys: Record<Exclude<CandidateSort, 'name'>, string> = {
  // messages.seq follows the message date (messages repository), so the highest seq of a
  // linked mail is the last contact; @noMail puts candidates without mail last either way.
  'last-contact': `coalesce((SELECT max(m.seq) FROM links l JOIN messages m ON m.id = l.message_id
                             WHERE l.candidate_id = c.id), @noMail)`,
  stage: `(SELECT CASE WHEN count(*) = 0 THEN ${noApplicationRank}
                       WHEN max(${stageRank}) = 0 THEN ${rejectedRank}
                       ELSE max(${stageRank}) END
           FROM applications ap
           WHERE ap.candidate_id = c.id AND ${jobInScope('ap.job_id')} AND (@jobId IS NULL OR ap.job_id = @jobId))`,
};

function listSql(sort: CandidateSort, direction: SortDirection, afterCursor: boolean): string {
  const key = sort === 'name' ? '0' : sortKeys[sort];
  const after = direction === 'asc' ? '>' : '<';
  // Ties on the key are broken by name then id, always ascending, so equal keys read A–Z.
  const afterCondition =
    sort === 'name'
      ? `AND (c.name, c.id) ${after} (@afterName, @afterId)`
      : `AND (sort_key ${after} @afterKey OR (sort_key = @afterKey AND (c.name, c.id) > (@afterName, @afterId)))`;
  const order = sort === 'name' ? `c.name ${direction}, c.id ${direction}` : `sort_key ${direction}, c.name, c.id`;
  return `SELECT ${summaryColumns},
      (SELECT json_group_array(json(application)) FROM (
         SELECT json_object('jobId', j.id, 'jobTitle', j.title, 'jobStatus', j.status, 'stage', ap.stage) AS application
         FROM applications ap JOIN jobs j ON j.id = ap.job_id
         WHERE ap.candidate_id = c.id AND ${jobInScope('j.id')}
         ORDER BY j.status DESC, j.title, j.id)) AS applications_json,
      (SELECT m.date FROM links l JOIN messages m ON m.id = l.message_id
       WHERE l.candidate_id = c.id ORDER BY m.seq DESC LIMIT 1) AS last_contact_at,
      ${key} AS sort_key
    FROM candidates c
    WHERE ${candidateInScope('c.id')}
      AND (@query IS NULL
           OR instr(casefold(c.name), @query) > 0
           OR EXISTS (SELECT 1 FROM candidate_addresses qa
                      WHERE qa.candidate_id = c.id AND instr(casefold(qa.address), @query) > 0))
      AND (@jobId IS NULL OR EXISTS (SELECT 1 FROM applications fj
                                     WHERE fj.candidate_id = c.id AND fj.job_id = @jobId AND ${jobInScope('fj.job_id')}))
      AND (@stage IS NULL OR EXISTS (SELECT 1 FROM applications fs
                                     WHERE fs.candidate_id = c.id AND fs.stage = @stage
                                       AND (@jobId IS NULL OR fs.job_id = @jobId) AND ${jobInScope('fs.job_id')}))
      ${afterCursor ? afterCondition : ''}
    ORDER BY ${order}
    LIMIT @fetch`;
}

const summaryColumns = `c.id, c.name, c.created_at,
  (SELECT a.address FROM candidate_addresses a WHERE a.candidate_id = c.id AND a.is_primary = 1) AS primary_email,
  EXISTS (SELECT 1 FROM applications ap JOIN jobs j ON j.id = ap.job_id
          WHERE ap.candidate_id = c.id AND j.status = 'open') AS synced,
  EXISTS (SELECT 1 FROM candidate_addresses a WHERE a.candidate_id = c.id AND a.internal = 1) AS internal`;

/** Candidates, their addresses and applications. */
export class CandidatesRepository {
  readonly #db: Database;
  readonly #insert;
  readonly #insertAddress;
  readonly #insertApplication;
  readonly #select;
  readonly #listStatements = new Map<string, Sqlite.Statement<ListParameters, CandidateListRow>>();
  readonly #addresses;
  readonly #applications;
  readonly #rename;
  readonly #deleteAddresses;
  readonly #holdersOf;
  readonly #application;
  readonly #setStage;
  readonly #removeApplication;
  readonly #addressFlags;
  readonly #setInternal;
  readonly #holderOf;
  readonly #holdersOfMany;
  readonly #absorb;
  readonly #matchRows;

  constructor(db: Database) {
    this.#db = db;
    // One row per address of each candidate in @ids; `synced` is R7 (an application in an
    // open job), `internal` the stored R5 flag.
    // Issue 25: only the candidates of one pool — real sync never sees a sample candidate,
    // the sample import sees only those.
    this.#matchRows = db.prepare<[string, number], { candidate_id: string; synced: number; address: string; internal: number }>(
      `SELECT a.candidate_id,
         EXISTS (SELECT 1 FROM applications ap JOIN jobs j ON j.id = ap.job_id
                 WHERE ap.candidate_id = a.candidate_id AND j.status = 'open') AS synced,
         a.address, a.internal
       FROM json_each(?) ids JOIN candidate_addresses a ON a.candidate_id = ids.value
         JOIN candidates c ON c.id = a.candidate_id AND c.sample = ?
       ORDER BY a.candidate_id, a.is_primary DESC, a.address`,
    );
    this.#holderOf = db.prepare<[string], string>('SELECT candidate_id FROM candidate_addresses WHERE address = ?').pluck();
    this.#holdersOfMany = db.prepare<[string], { address: string; candidate_id: string }>(
      'SELECT a.address, a.candidate_id FROM candidate_addresses a WHERE a.address IN (SELECT value FROM json_each(?))',
    );
    // Merge: everything of @from moves to @to, where @to has it not already; then @from goes
    // (its remaining links, exclusions and duplicate applications with it, by cascade).
    const absorbSteps = [
      'UPDATE candidate_addresses SET candidate_id = @to, is_primary = 0 WHERE candidate_id = @from',
      'UPDATE OR IGNORE applications SET candidate_id = @to WHERE candidate_id = @from',
      `INSERT OR IGNORE INTO links (message_id, candidate_id, reason, created_at, created_by_user_id)
       SELECT message_id, @to, reason, created_at, created_by_user_id FROM links WHERE candidate_id = @from`,
      `INSERT OR IGNORE INTO link_exclusions (dedupe_key, candidate_id, excluded_by_user_id, created_at)
       SELECT e.dedupe_key, @to, e.excluded_by_user_id, e.created_at FROM link_exclusions e
       WHERE e.candidate_id = @from
         AND NOT EXISTS (SELECT 1 FROM links l JOIN messages m ON m.id = l.message_id
                         WHERE l.candidate_id = @to AND m.dedupe_key = e.dedupe_key)`,
      'UPDATE drafts SET candidate_id = @to WHERE candidate_id = @from',
      'UPDATE outbox_items SET candidate_id = @to WHERE candidate_id = @from',
      'DELETE FROM candidates WHERE id = @from',
    ].map((sql) => db.prepare<{ from: string; to: string }>(sql));
    this.#absorb = db.transaction((from: string, to: string) => {
      for (const step of absorbSteps) step.run({ from, to });
    });
    this.#addresses = db.prepare<[string], { address: string; is_primary: number; internal: number }>(
      'SELECT address, is_primary, internal FROM candidate_addresses WHERE candidate_id = ? ORDER BY is_primary DESC, address',
    );
    this.#applications = db.prepare<[string], { id: string; job_id: string; title: string; status: JobStatus; stage: Stage; created_at: string }>(
      `SELECT a.id, a.job_id, j.title, j.status, a.stage, a.created_at
       FROM applications a JOIN jobs j ON j.id = a.job_id
       WHERE a.candidate_id = ? ORDER BY j.status DESC, a.created_at, a.id`,
    );
    this.#rename = db.prepare<[string, string]>('UPDATE candidates SET name = ? WHERE id = ?');
    this.#deleteAddresses = db.prepare<[string]>('DELETE FROM candidate_addresses WHERE candidate_id = ?');
    // `local@domain` and every `local+tag@domain` (R4 compares addresses without +tags).
    this.#holdersOf = db.prepare<{ exact: string; tagged: string }, { candidate_id: string; name: string; address: string }>(
      `SELECT a.candidate_id, c.name, a.address FROM candidate_addresses a JOIN candidates c ON c.id = a.candidate_id
       WHERE a.address = @exact OR a.address LIKE @tagged ESCAPE '\\'`,
    );
    this.#application = db.prepare<[string], { id: string; candidate_id: string; job_id: string; stage: Stage }>(
      'SELECT id, candidate_id, job_id, stage FROM applications WHERE id = ?',
    );
    this.#setStage = db.prepare<[Stage, string]>('UPDATE applications SET stage = ? WHERE id = ?');
    this.#removeApplication = db.prepare<[string]>('DELETE FROM applications WHERE id = ?');
    this.#addressFlags = db.prepare<[], { address: string; internal: number }>('SELECT address, internal FROM candidate_addresses');
    this.#setInternal = db.prepare<[number, string]>('UPDATE candidate_addresses SET internal = ? WHERE address = ?');
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO candidates (id, name, created_at) VALUES (?, ?, ?)');
    this.#insertAddress = db.prepare<[string, string, number, number]>(
      'INSERT INTO candidate_addresses (address, candidate_id, is_primary, internal) VALUES (?, ?, ?, ?)',
    );
    this.#insertApplication = db.prepare<[string, string, string, Stage, string]>(
      'INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#select = db.prepare<[string], CandidateRow>(`SELECT ${summaryColumns} FROM candidates c WHERE c.id = ?`);
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
              details: this.#holderDetails(address),
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

  /**
   * Candidates in `scope`, filtered and sorted: by name (case-insensitive) then id, or by
   * last contact or stage (ties by name, then id). Applications listed are those to jobs
   * in scope only.
   */
  list(options: CandidateListOptions): Page<CandidateListItem> {
    const limit = checkLimit(options.limit);
    const sort = options.sort ?? 'name';
    const direction = options.direction ?? (sort === 'last-contact' ? 'desc' : 'asc');
    const query = options.query?.trim().toLowerCase() || null;
    const parameters: ListParameters = {
      ...scopeParameters(options.scope),
      query,
      jobId: options.jobId ?? null,
      stage: options.stage ?? null,
      noMail: direction === 'asc' ? Number.MAX_SAFE_INTEGER : -1,
      fetch: limit + 1,
    };
    const list = `${listName}:${sort}:${direction}`;
    let rows: CandidateListRow[];
    if (options.cursor === undefined) {
      rows = this.#listStatement(sort, direction, false).all(parameters);
    } else if (sort === 'name') {
      const [afterName, afterId] = decodeCursor(list, options.cursor, ['string', 'string'] as const);
      rows = this.#listStatement(sort, direction, true).all({ ...parameters, afterName, afterId });
    } else {
      const [afterKey, afterName, afterId] = decodeCursor(list, options.cursor, ['number', 'string', 'string'] as const);
      rows = this.#listStatement(sort, direction, true).all({ ...parameters, afterKey, afterName, afterId });
    }
    const sortKey = (row: CandidateListRow) => (sort === 'name' ? [row.name, row.id] : [row.sort_key, row.name, row.id]);
    return toPage(rows, limit, list, sortKey, toCandidateListItem);
  }

  /** One prepared statement per sort, direction and page kind, prepared on first use. */
  #listStatement(sort: CandidateSort, direction: SortDirection, afterCursor: boolean): Sqlite.Statement<ListParameters, CandidateListRow> {
    const name = `${sort}:${direction}:${afterCursor}`;
    let statement = this.#listStatements.get(name);
    if (statement === undefined) {
      statement = this.#db.prepare<ListParameters, CandidateListRow>(listSql(sort, direction, afterCursor));
      this.#listStatements.set(name, statement);
    }
    return statement;
  }

  /** The candidate's addresses (primary first) and applications with their jobs. */
  details(id: string): CandidateDetails {
    return {
      addresses: this.#addresses.all(id).map((row) => ({ address: row.address, isPrimary: row.is_primary === 1, internal: row.internal === 1 })),
      applications: this.#applications.all(id).map((row) => ({
        id: row.id,
        jobId: row.job_id,
        jobTitle: row.title,
        jobStatus: row.status,
        stage: row.stage,
        createdAt: row.created_at,
      })),
    };
  }

  /** Ids of the jobs the candidate applied to (the visibility rule reads them). */
  jobIdsOf(id: string): string[] {
    return this.#applications.all(id).map((row) => row.job_id);
  }

  rename(id: string, name: string): void {
    if (this.#rename.run(name, id).changes === 0) throw new AppError('not-found', 'There is no candidate with this id.');
  }

  /**
   * Replaces every address of the candidate (one transaction).
   * @throws AppError like `insert` does.
   */
  replaceAddresses(id: string, addresses: NewCandidateAddress[]): void {
    if (addresses.filter((address) => address.isPrimary).length !== 1) {
      throw new AppError('invalid-input', 'A candidate needs exactly one primary address.', { field: 'addresses' });
    }
    this.#db.transaction(() => {
      this.#deleteAddresses.run(id);
      for (const [index, { address, isPrimary, internal }] of addresses.entries()) {
        try {
          this.#insertAddress.run(address, id, isPrimary ? 1 : 0, internal ? 1 : 0);
        } catch (error) {
          if (isUniqueViolation(error, 'candidate_addresses.address')) {
            throw new AppError('conflict', `The address ${address} already belongs to a candidate.`, {
              field: `addresses.${index}`,
              details: this.#holderDetails(address),
              cause: error,
            });
          }
          throw error;
        }
      }
    })();
  }

  /** Candidates holding `local@domain` or any `local+tag@domain` (addresses normalised). */
  holdersIgnoringTags(local: string, domain: string): AddressHolder[] {
    return this.#holdersOf
      .all({ exact: `${local}@${domain}`, tagged: `${escapeLike(local)}+%@${escapeLike(domain)}` })
      .map((row) => ({ candidateId: row.candidate_id, name: row.name, address: row.address }));
  }

  /** Who holds `address`, for a `conflict` error to link to (callers that add addresses see every candidate). */
  #holderDetails(address: string): { candidateId?: string; candidateName?: string } {
    const holder = this.holderOf(address);
    const summary = holder === null ? null : this.get(holder);
    return summary === null ? {} : { candidateId: summary.id, candidateName: summary.name };
  }

  /** The candidate holding exactly this address, or null. */
  holderOf(address: string): string | null {
    return this.#holderOf.get(address) ?? null;
  }

  /** `holderOf` for many (normalised) addresses in one query: the held ones, address → candidate. */
  holdersOf(addresses: readonly string[]): Map<string, string> {
    const holders = new Map<string, string>();
    if (addresses.length === 0) return holders;
    for (const row of this.#holdersOfMany.all(JSON.stringify([...new Set(addresses)]))) holders.set(row.address, row.candidate_id);
    return holders;
  }

  /**
   * The candidate holding exactly this (normalised) address, as matching needs them
   * (`MatchContext.candidatesByAddress`): at most one, as an address belongs to one candidate.
   */
  matchFacts(address: string, pool: CandidatePool = 'real'): CandidateMatchFacts[] {
    const holder = this.holderOf(address);
    return holder === null ? [] : this.matchFactsOf([holder], pool);
  }

  /**
   * These candidates as matching needs them, in id order; unknown ids are left out, and so
   * are candidates of the other pool (issue 25: sample candidates are matched only by the
   * sample import, never by real sync).
   */
  matchFactsOf(candidateIds: readonly string[], pool: CandidatePool = 'real'): CandidateMatchFacts[] {
    const facts = new Map<string, { id: string; synced: boolean; addresses: { address: string; internal: boolean }[] }>();
    for (const row of this.#matchRows.all(JSON.stringify([...new Set(candidateIds)]), pool === 'sample' ? 1 : 0)) {
      let entry = facts.get(row.candidate_id);
      if (entry === undefined) {
        entry = { id: row.candidate_id, synced: row.synced === 1, addresses: [] };
        facts.set(row.candidate_id, entry);
      }
      entry.addresses.push({ address: row.address, internal: row.internal === 1 });
    }
    return [...facts.values()];
  }

  /**
   * Merges candidate `from` into `to` in one transaction: addresses (no longer primary),
   * applications (where `to` has none for that job), links, exclusions, drafts and
   * outbox items move; then `from` is deleted.
   */
  absorb(from: string, to: string): void {
    this.#absorb(from, to);
  }

  application(id: string): ApplicationRecord | null {
    const row = this.#application.get(id);
    return row === undefined ? null : { id: row.id, candidateId: row.candidate_id, jobId: row.job_id, stage: row.stage };
  }

  setStage(applicationId: string, stage: Stage): void {
    if (this.#setStage.run(stage, applicationId).changes === 0) throw new AppError('not-found', 'There is no application with this id.');
  }

  removeApplication(applicationId: string): void {
    if (this.#removeApplication.run(applicationId).changes === 0) throw new AppError('not-found', 'There is no application with this id.');
  }

  /** Every candidate address with its stored R5 flag. */
  internalFlags(): { address: string; internal: boolean }[] {
    return this.#addressFlags.all().map((row) => ({ address: row.address, internal: row.internal === 1 }));
  }

  setInternal(address: string, internal: boolean): void {
    this.#setInternal.run(internal ? 1 : 0, address);
  }
}

/** Escapes LIKE's wildcards (with `ESCAPE '\\'`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export interface CandidateDetails {
  addresses: CandidateAddress[];
  applications: ApplicationView[];
}

const listedApplications = z.array(
  z.object({ jobId: z.string(), jobTitle: z.string(), jobStatus: z.enum(['open', 'archived']), stage: z.enum(stages) }),
);

function toCandidateListItem(row: CandidateListRow): CandidateListItem {
  return {
    ...toCandidateSummary(row),
    // Stored JSON is parsed, not cast (DESIGN.md).
    applications: listedApplications.parse(JSON.parse(row.applications_json)),
    lastContactAt: row.last_contact_at,
  };
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
