import { randomUUID } from 'node:crypto';
import type { CandidateListItem, CandidateProfile, Stage, StageChangeResult } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { normalizeAddress } from '../domain/addresses.js';
import { isInternalAddress, type OwnAddressBook } from '../domain/own-addresses.js';
import { candidateScope, mayViewCandidate, mayViewJob, type TeamDirectory, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { CandidateListOptions, NewCandidateAddress } from '../store/repositories/candidates-repository.js';
import type { Store } from '../store/store.js';
import type { AddressGuard } from './address-guard.js';

export interface NewCandidateInput {
  name: string;
  addresses: string[];
  primaryAddress?: string | undefined;
  applications: { jobId: string; stage: Stage }[];
}

export interface CandidateUpdate {
  candidateId: string;
  name?: string | undefined;
  addresses?: string[] | undefined;
  primaryAddress?: string | undefined;
}

/** Removes a candidate and every trace of their mail (R3); see `candidate-deletion.ts`. */
export interface CandidateEraser {
  deleteCandidate(candidateId: string): unknown;
}

/** Candidates, their addresses and applications, with the privacy rules R4, R5 and R7. */
export class CandidateService {
  readonly #teams: TeamDirectory;

  constructor(
    private readonly store: Store,
    private readonly guard: AddressGuard,
    private readonly eraser: CandidateEraser,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#teams = { jobIdsOf: (userId) => store.jobs.jobIdsOfTeamMember(userId) };
  }

  /** Candidates the viewer may see; the filters only narrow that (a job not in scope lists nobody). */
  list(viewer: Viewer, input: Omit<CandidateListOptions, 'scope'>): Page<CandidateListItem> {
    return this.store.candidates.list({ ...input, scope: candidateScope(viewer) });
  }

  /** @throws `not-found` for an unknown id, `forbidden` for a candidate the viewer may not see. */
  get(viewer: Viewer, candidateId: string): CandidateProfile {
    const summary = this.store.candidates.get(candidateId);
    if (summary === null) throw notFound();
    if (!mayViewCandidate(viewer, { jobIds: this.store.candidates.jobIdsOf(candidateId) }, this.#teams)) {
      throw new AppError('forbidden', 'This candidate belongs to a job whose team you are not on.');
    }
    const details = this.store.candidates.details(candidateId);
    const applications = details.applications.filter((application) => mayViewJob(viewer, application.jobId, this.#teams));
    const syncState = summary.synced ? 'synced' : details.applications.length === 0 ? 'no-application' : 'all-jobs-archived';
    return { ...details, applications, id: summary.id, name: summary.name, createdAt: summary.createdAt, synced: summary.synced, syncState, internal: summary.internal, canDelete: mayManage(viewer) };
  }

  create(viewer: Viewer, input: NewCandidateInput): CandidateProfile {
    return this.get(viewer, this.insert(input));
  }

  /**
   * Stores a new candidate with their applications in one transaction; returns the id.
   * `book` lets a batch (an import) check R4 against one snapshot of the own addresses.
   */
  insert(input: NewCandidateInput, book?: OwnAddressBook): string {
    const id = randomUUID();
    const createdAt = this.now().toISOString();
    this.store.transaction(() => {
      const addresses = this.#checkAddresses(input.addresses, input.primaryAddress, null, book);
      this.store.candidates.insert({ id, name: input.name, createdAt, addresses });
      for (const [index, application] of input.applications.entries()) {
        this.#requireJob(application.jobId, `applications.${index}.jobId`);
        this.store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: application.jobId, stage: application.stage, createdAt });
      }
    });
    return id;
  }

  update(viewer: Viewer, input: CandidateUpdate): CandidateProfile {
    const current = this.get(viewer, input.candidateId);
    this.store.transaction(() => {
      if (input.name !== undefined) this.store.candidates.rename(input.candidateId, input.name);
      if (input.addresses !== undefined || input.primaryAddress !== undefined) {
        const raw = input.addresses ?? current.addresses.map((entry) => entry.address);
        const addresses = this.#checkAddresses(raw, input.primaryAddress, input.candidateId);
        this.store.candidates.replaceAddresses(input.candidateId, addresses);
      }
    });
    return this.get(viewer, input.candidateId);
  }

  delete(viewer: Viewer, candidateId: string): { candidateId: string } {
    this.get(viewer, candidateId);
    this.eraser.deleteCandidate(candidateId);
    return { candidateId };
  }

  /** `mergedId` moves into `survivorId`: addresses, applications and mail; then it goes. */
  merge(viewer: Viewer, survivorId: string, mergedId: string): CandidateProfile {
    if (survivorId === mergedId) throw new AppError('invalid-input', 'A candidate cannot be merged with itself.', { field: 'mergedId' });
    this.get(viewer, survivorId);
    this.get(viewer, mergedId);
    this.store.candidates.absorb(mergedId, survivorId);
    return this.get(viewer, survivorId);
  }

  addApplication(viewer: Viewer, input: { candidateId: string; jobId: string; stage: Stage }): CandidateProfile {
    this.get(viewer, input.candidateId);
    this.#requireJob(input.jobId, 'jobId');
    this.store.candidates.addApplication({ id: randomUUID(), ...input, createdAt: this.now().toISOString() });
    return this.get(viewer, input.candidateId);
  }

  /** Moves an application; once someone is hired, offers to archive an open job (R7). */
  setStage(viewer: Viewer, applicationId: string, stage: Stage): StageChangeResult {
    const application = this.#visibleApplication(viewer, applicationId);
    this.store.candidates.setStage(applicationId, stage);
    const job = this.store.jobs.get(application.jobId);
    const offerArchive = stage === 'hired' && job !== null && job.status === 'open' ? { jobId: job.id, title: job.title } : null;
    return { profile: this.get(viewer, application.candidateId), offerArchive };
  }

  removeApplication(viewer: Viewer, applicationId: string): CandidateProfile {
    const application = this.#visibleApplication(viewer, applicationId);
    this.store.candidates.removeApplication(applicationId);
    return this.get(viewer, application.candidateId);
  }

  #visibleApplication(viewer: Viewer, applicationId: string) {
    const application = this.store.candidates.application(applicationId);
    if (application === null) throw new AppError('not-found', 'There is no application with this id.');
    this.get(viewer, application.candidateId);
    if (!mayViewJob(viewer, application.jobId, this.#teams)) throw new AppError('forbidden', 'This application is to a job whose team you are not on.');
    return application;
  }

  #requireJob(jobId: string, field: string): void {
    if (this.store.jobs.get(jobId) === null) throw new AppError('not-found', 'There is no job with this id.', { field });
  }

  /**
   * Normalises, de-duplicates and checks a candidate's addresses: each one valid, none
   * an own address (R4), none on another candidate; internal ones flagged (R5).
   */
  #checkAddresses(raw: readonly string[], primaryRaw: string | undefined, candidateId: string | null, book = this.guard.ownAddresses()): NewCandidateAddress[] {
    const domains = this.store.workspace.get()?.domains ?? [];
    const seen = new Set<string>();
    const addresses: NewCandidateAddress[] = [];
    for (const [index, entry] of raw.entries()) {
      const field = `addresses.${index}`;
      const address = normalizeAddress(entry, field);
      if (seen.has(address)) continue;
      seen.add(address);
      this.guard.assertNotOwn(address, field, book);
      const holder = this.store.candidates.holderOf(address);
      if (holder !== null && holder !== candidateId) {
        const name = this.store.candidates.get(holder)?.name ?? 'another candidate';
        // The caller manages candidates, so sees every one: the UI links to the other profile.
        throw new AppError('conflict', `${address} is already an address of the candidate ${name}. Merge the two if they are one person.`, {
          field,
          details: { candidateId: holder, candidateName: name },
        });
      }
      addresses.push({ address, isPrimary: false, internal: isInternalAddress(address, domains) });
    }
    const primary = primaryRaw === undefined ? addresses[0]?.address : normalizeAddress(primaryRaw, 'primaryAddress');
    const chosen = addresses.find((entry) => entry.address === primary);
    if (chosen === undefined) throw new AppError('invalid-input', 'The primary address must be one of the addresses.', { field: 'primaryAddress' });
    chosen.isPrimary = true;
    return addresses;
  }
}

/** Admins and recruiters manage candidates; hiring managers see and move their own. */
export function mayManage(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'recruiter';
}

function notFound(): AppError {
  return new AppError('not-found', 'There is no candidate with this id.');
}
