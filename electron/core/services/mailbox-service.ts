import type { MailboxSummary } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import type { Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** Connected mailboxes: the viewer's own and the shared inboxes they are on the list of. */
export class MailboxService {
  constructor(private readonly store: Store) {}

  list(viewer: Viewer, page: { cursor?: string | undefined; limit: number }): Page<MailboxSummary> {
    return this.store.mailboxes.list({ ...page, viewerUserId: viewer.userId });
  }
}
