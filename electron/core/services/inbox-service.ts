import type { ThreadSummary } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { candidateScope, type Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** The candidate inbox: threads the viewer may see (PRODUCT.md "Who sees what"), newest first. */
export class InboxService {
  constructor(private readonly store: Store) {}

  list(viewer: Viewer, input: { mailboxId?: string | undefined; cursor?: string | undefined; limit: number }): Page<ThreadSummary> {
    return this.store.threads.list({ ...input, scope: candidateScope(viewer), viewerUserId: viewer.userId });
  }
}
