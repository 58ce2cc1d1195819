import { randomUUID } from 'node:crypto';
import { channels } from '../../../shared/contract.js';
import type { BackfillOffer, ImportReport, ImportRowProblem } from '../../../shared/model.js';
import { defaultCandidateBackfillDays } from './backfill-service.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import { parseCandidateCsv, type CandidateCsvRow } from '../import/candidate-csv.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { AddressGuard } from './address-guard.js';
import type { BlobService } from './blob-service.js';
import type { CandidateService } from './candidate-service.js';

/**
 * Candidates and jobs from a CSV file (docs/import.md). Each row is imported whole or
 * not at all; refused rows are reported with their line and why, and leave nothing behind.
 */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobService,
    private readonly candidates: CandidateService,
    private readonly guard: AddressGuard,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  importCandidates(viewer: Viewer, blobId: string): ImportReport & { backfillOffer?: BackfillOffer } {
    const blob = this.blobs.fetch(viewer.userId, blobId);
    if (blob === null) throw new AppError('not-found', 'The uploaded file is gone (uploads expire after five minutes); upload it again.', { field: 'blobId' });
    const parsed = parseCandidateCsv(blob.data);
    const problems: ImportRowProblem[] = [...parsed.problems];
    // One snapshot of the team's addresses for the whole file (R4).
    const ownAddresses = this.guard.ownAddresses();
    let imported = 0;
    let jobsCreated = 0;
    const importedIds: string[] = [];
    // One outer transaction (fast), one savepoint per row (each row whole or not at all).
    this.store.transaction(() => {
      for (const row of parsed.rows) {
        try {
          jobsCreated += this.store.transaction(() => this.#importRow(row, ownAddresses, importedIds));
          imported += 1;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          problems.push(toProblem(row, error));
        }
      }
    });
    problems.sort((a, b) => a.line - b.line);
    this.logger.info('candidates imported', { imported, refused: problems.length, jobsCreated, encoding: parsed.encoding });
    // Issue 7 (R10): the candidates' older mail is offered once for the whole import, not per row.
    if (importedIds.length === 0) return { imported, jobsCreated, problems };
    return { imported, jobsCreated, problems, backfillOffer: { candidateIds: importedIds, days: defaultCandidateBackfillDays } };
  }

  /** Returns how many jobs the row created (0 or 1); the new candidate's id goes to `imported`. */
  #importRow(row: CandidateCsvRow, ownAddresses: ReturnType<AddressGuard['ownAddresses']>, imported: string[]): number {
    let jobId: string | null = null;
    let created = 0;
    if (row.job !== null) {
      jobId = this.store.jobs.findOpenByTitle(row.job);
      if (jobId === null) {
        jobId = randomUUID();
        this.store.jobs.insert({ id: jobId, title: row.job, status: 'open', createdAt: this.now().toISOString() });
        created = 1;
      }
    }
    const applications = jobId === null ? [] : [{ jobId, stage: row.stage ?? 'applied' }];
    // The same limits as a candidate created by hand (name length, number of addresses).
    const checked = channels['candidates:create'].input.safeParse({ name: row.name, addresses: row.addresses, applications });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AppError('invalid-input', issue?.message ?? 'This row does not describe a candidate.', { field: issue?.path.map(String).join('.') || 'name' });
    }
    imported.push(this.candidates.insert(checked.data, ownAddresses));
    return created;
  }
}

/** A refusal in the words and columns of the file. */
function toProblem(row: CandidateCsvRow, error: AppError): ImportRowProblem {
  const code = error.code === 'own-address' || error.code === 'conflict' ? error.code : 'invalid-input';
  const problem: ImportRowProblem = { line: row.line, code, message: error.message };
  const field = columnOf(error.field);
  if (field !== undefined) problem.field = field;
  return problem;
}

function columnOf(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'addresses.0') return 'email';
  if (field.startsWith('addresses')) return 'other emails';
  if (field.startsWith('applications.')) return 'job';
  return field;
}
