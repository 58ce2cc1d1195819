import type { JobSummary } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { candidateScope, type Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** Jobs as the viewer may see them: all for admins and recruiters, their teams' for hiring managers. */
export class JobService {
  constructor(private readonly store: Store) {}

  list(viewer: Viewer, input: { status: 'open' | 'archived' | 'all'; cursor?: string | undefined; limit: number }): Page<JobSummary> {
    return this.store.jobs.list({ ...input, scope: candidateScope(viewer) });
  }
}
