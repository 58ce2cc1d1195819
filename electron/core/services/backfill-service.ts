import type { BackfillSummary, MailboxSummary } from '../../../shared/model.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { CandidateService } from './candidate-service.js';
import { mailboxDirectory } from './mailbox-summary.js';

/** Candidates' backfill looks this far back unless the user says otherwise (R10 beyond). */
export const defaultCandidateBackfillDays = 90;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Backfill as the user asks for it (R10 beyond, issue 7): the mailbox's last N days, or the
 * mail of one or more candidates over the mailboxes the caller may see. Never runs by itself.
 */
export class BackfillService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly scheduler: SyncScheduler,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Everything received in the last `days` days in the mailbox's scanned folders, through the matcher. */
  mailbox(viewer: Viewer, mailboxId: string, days: number): Promise<BackfillSummary> {
    this.#visibleMailbox(viewer, mailboxId);
    return this.scheduler.backfill(mailboxId, { kind: 'since', since: this.#daysAgo(days) });
  }

  /**
   * The candidates' mail of the last `days` days (default 90) in every mailbox the caller
   * may see: a server search for their addresses, every hit re-checked by the matcher (a
   * display name that carries an address never links). Candidates the caller may not see
   * are refused before anything runs.
   */
  async forCandidates(viewer: Viewer, candidateIds: readonly string[], days: number): Promise<BackfillSummary> {
    const addresses = [...new Set(candidateIds.flatMap((candidateId) => this.candidates.get(viewer, candidateId).addresses.map((entry) => entry.address)))];
    const total: BackfillSummary = { headersScanned: 0, messagesStored: 0, bodiesFetched: 0, forwardPeeks: 0, cancelled: false };
    const since = this.#daysAgo(days);
    for (const mailbox of this.#visibleMailboxes(viewer)) {
      if (mailbox.status.state === 'paused') continue;
      const summary = await this.scheduler.backfill(mailbox.id, { kind: 'search', since, addresses });
      total.headersScanned += summary.headersScanned;
      total.messagesStored += summary.messagesStored;
      total.bodiesFetched += summary.bodiesFetched;
      total.forwardPeeks += summary.forwardPeeks;
      if (summary.cancelled) return { ...total, cancelled: true };
    }
    return total;
  }

  /** Stops the mailbox's backfill; what it stored stays. */
  cancel(viewer: Viewer, mailboxId: string): { cancelled: boolean } {
    this.#visibleMailbox(viewer, mailboxId);
    return { cancelled: this.scheduler.cancelBackfill(mailboxId) };
  }

  #daysAgo(days: number): Date {
    return new Date(this.now().getTime() - days * dayMs);
  }

  #visibleMailboxes(viewer: Viewer): MailboxSummary[] {
    return this.store.mailboxes.all().filter((mailbox) => this.#mayUse(viewer, mailbox));
  }

  #visibleMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.');
    if (!this.#mayUse(viewer, mailbox)) throw new AppError('forbidden', 'This mailbox is not yours.');
    return mailbox;
  }

  #mayUse(viewer: Viewer, mailbox: MailboxSummary): boolean {
    return mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store));
  }
}
