import type { CandidateSummary } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { candidateScope, type Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** Candidates as the viewer may see them. */
export class CandidateService {
  constructor(private readonly store: Store) {}

  list(viewer: Viewer, input: { query?: string | undefined; cursor?: string | undefined; limit: number }): Page<CandidateSummary> {
    return this.store.candidates.list({ ...input, scope: candidateScope(viewer) });
  }
}
