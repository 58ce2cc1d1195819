import { randomUUID } from 'node:crypto';
import type { BackfillOffer, JobDetail, JobSummary, Stage } from '../../../shared/model.js';
import { stages } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { candidateScope, mayViewJob, type TeamDirectory, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Jobs and their teams; archiving stops sync for candidates with no other open job (R7). */
export class JobService {
  readonly #teams: TeamDirectory;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#teams = { jobIdsOf: (userId) => store.jobs.jobIdsOfTeamMember(userId) };
  }

  list(viewer: Viewer, input: { status: 'open' | 'archived' | 'all'; cursor?: string | undefined; limit: number }): Page<JobSummary> {
    return this.store.jobs.list({ ...input, scope: candidateScope(viewer) });
  }

  /** @throws `not-found` for an unknown id; `forbidden` for a hiring manager not on its team. */
  get(viewer: Viewer, jobId: string): JobDetail {
    const job = this.store.jobs.get(jobId);
    if (job === null) throw new AppError('not-found', 'There is no job with this id.');
    if (!mayViewJob(viewer, jobId, this.#teams)) throw new AppError('forbidden', 'You are not on the team of this job.');
    const applications = this.store.jobs.applications(jobId, candidateScope(viewer));
    const candidatesByStage = stages.map((stage: Stage) => ({
      stage,
      candidates: applications
        .filter((application) => application.stage === stage)
        .map(({ applicationId, candidateId, name, primaryEmail }) => ({ applicationId, id: candidateId, name, primaryEmail })),
    }));
    return { ...job, team: this.store.jobs.team(jobId), candidatesByStage };
  }

  create(viewer: Viewer, input: { title: string; teamUserIds: string[] }): JobDetail {
    const id = randomUUID();
    this.store.transaction(() => {
      this.store.jobs.insert({ id, title: input.title, status: 'open', createdAt: this.now().toISOString() });
      this.#setTeam(id, input.teamUserIds);
    });
    return this.get(viewer, id);
  }

  update(viewer: Viewer, input: { jobId: string; title?: string | undefined; teamUserIds?: string[] | undefined }): JobDetail {
    this.get(viewer, input.jobId);
    this.store.transaction(() => {
      if (input.title !== undefined) this.store.jobs.rename(input.jobId, input.title);
      if (input.teamUserIds !== undefined) this.#setTeam(input.jobId, input.teamUserIds);
    });
    return this.get(viewer, input.jobId);
  }

  /** R7: archived, its candidates with no other open job stop syncing; stored mail stays. */
  setArchived(viewer: Viewer, jobId: string, archived: boolean): JobDetail {
    this.get(viewer, jobId);
    this.store.jobs.setStatus(jobId, archived ? 'archived' : 'open', this.now().toISOString());
    return this.get(viewer, jobId);
  }

  /**
   * R7: sync resumes for the job's candidates. Mail that arrived while the job was archived
   * was not linked; a backfill over that time is offered (issue 7), never run by itself.
   */
  unarchive(viewer: Viewer, jobId: string): JobDetail & { backfillOffer?: BackfillOffer } {
    const before = this.get(viewer, jobId);
    const detail = this.setArchived(viewer, jobId, false);
    if (before.status !== 'archived' || before.archivedAt === null) return detail;
    const candidateIds = [...new Set(detail.candidatesByStage.flatMap((group) => group.candidates.map((candidate) => candidate.id)))];
    if (candidateIds.length === 0) return detail;
    const archivedMs = Math.max(0, this.now().getTime() - new Date(before.archivedAt).getTime());
    return { ...detail, backfillOffer: { candidateIds, days: Math.min(3650, Math.max(1, Math.ceil(archivedMs / (24 * 60 * 60 * 1000)))) } };
  }

  #setTeam(jobId: string, userIds: readonly string[]): void {
    for (const [index, userId] of userIds.entries()) {
      if (this.store.users.get(userId) === null) throw new AppError('not-found', 'There is no team member with this id.', { field: `teamUserIds.${index}` });
    }
    this.store.jobs.setTeam(jobId, [...new Set(userIds)]);
  }
}
