import type { MissingMailHit, MissingMailReason, MissingMailReport } from '../../../shared/model.js';
import { assertNever } from '../../../shared/assert-never.js';
import type { MatchDecision, NotLinkedReason } from '../domain/matching.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import type { Logger } from '../log/logger.js';
import type { MessageHeaders } from '../providers/mail-provider.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { CandidateService } from './candidate-service.js';
import { AppError } from '../errors.js';
import { mailboxDirectory } from './mailbox-summary.js';

/** Bounds of one "why is a mail missing?" search: time, folders, hits. */
export const whyMissingBounds = { days: 365, folders: 30, hitsPerFolder: 50, hits: 200 } as const;

const dayMs = 24 * 60 * 60 * 1000;
/** The initial window of IMAP (R10): mail received this long before the connect was synced. */
const initialWindowMs = dayMs;

/**
 * "Why is a mail missing?", engine side (issue 7): searches every selectable folder of the
 * mailboxes the caller may see, read-only and bounded, for the candidate's addresses, and
 * gives for each mail found that is not on the candidate's profile the reason, decided by
 * the same matcher sync uses.
 */
export class WhyMissingService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly scheduler: SyncScheduler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async explain(viewer: Viewer, candidateId: string): Promise<MissingMailReport> {
    const profile = this.candidates.get(viewer, candidateId);
    const addresses = profile.addresses.map((entry) => entry.address);
    const since = new Date(this.now().getTime() - whyMissingBounds.days * dayMs);
    const report: MissingMailReport = { candidateId, searchedSince: since.toISOString(), foldersSearched: 0, hits: [], truncated: false };
    const mailboxes = this.store.mailboxes
      .all()
      .filter((mailbox) => mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store)));
    for (const mailbox of mailboxes) {
      // A paused mailbox stays off the network, as the user asked.
      if (mailbox.status.state === 'paused') continue;
      const stored = new Map(this.store.folders.list(mailbox.id).map((folder) => [folder.path, folder]));
      const windowStart = new Date(new Date(this.store.mailboxes.connectedAt(mailbox.id) ?? this.now().toISOString()).getTime() - initialWindowMs);
      await this.scheduler.withProvider(mailbox.id, async (provider, sync, signal) => {
        const folders = await provider.listFolders(signal);
        if (folders.length > whyMissingBounds.folders) report.truncated = true;
        for (const folder of folders.slice(0, whyMissingBounds.folders)) {
          report.foldersSearched += 1;
          const known = stored.get(folder.path);
          let found = 0;
          try {
            for await (const page of provider.scanHeaders(folder.path, { kind: 'search', since, addresses }, signal)) {
              for (const headers of page.headers) {
                const reason = this.#reason(headers, candidateId, sync.decide(headers, known?.role ?? null), known?.scanned ?? false, windowStart);
                if (reason === null) continue;
                if (found >= whyMissingBounds.hitsPerFolder || report.hits.length >= whyMissingBounds.hits) {
                  report.truncated = true;
                  continue;
                }
                found += 1;
                report.hits.push(toHit(mailbox.id, folder, headers, reason));
              }
            }
          } catch (error) {
            // One folder the server refuses (gone meanwhile, no rights) does not end the search.
            if (!(error instanceof AppError) || !['not-found', 'internal'].includes(error.code)) throw error;
            this.logger.warn('why-missing skipped a folder', { mailboxId: mailbox.id, code: error.code });
          }
        }
      });
    }
    report.hits.sort((left, right) => right.receivedAt.localeCompare(left.receivedAt));
    return report;
  }

  /** Null for a mail that is on the profile, or that names the candidate in no way the rules consider (a substring hit). */
  #reason(headers: MessageHeaders, candidateId: string, decision: MatchDecision, scanned: boolean, windowStart: Date): MissingMailReason | null {
    if (headers.messageId !== null && this.store.links.candidatesLinkedTo(headers.messageId).includes(candidateId)) return null;
    const notLinked = decision.notLinked.find((entry) => entry.candidateId === candidateId);
    if (notLinked !== undefined) return fromNotLinked(notLinked.reason);
    if (!decision.links.some((link) => link.candidateId === candidateId)) return null;
    if (!scanned) return 'folder-not-scanned';
    return headers.internalDate.getTime() < windowStart.getTime() ? 'older-than-window' : 'not-synced-yet';
  }
}

function fromNotLinked(reason: NotLinkedReason): MissingMailReason {
  switch (reason) {
    case 'excluded-by-user':
      return 'unlinked-by-hand';
    case 'not-synced':
      return 'all-jobs-archived';
    case 'internal-needs-hirebox-thread':
      return 'internal-address';
    case 'own-address':
      return 'own-address';
    case 'bcc-on-received-mail':
      return 'bcc-on-received-mail';
    case 'reply-to-or-sender-only':
      return 'reply-to-or-sender-only';
    case 'display-name-only':
      return 'display-name-only';
    default:
      return assertNever(reason);
  }
}

function toHit(mailboxId: string, folder: { name: string; path: string }, headers: MessageHeaders, reason: MissingMailReason): MissingMailHit {
  return { mailboxId, folder: folder.name, folderPath: folder.path, subject: headers.subject, from: headers.from[0]?.address ?? '', receivedAt: headers.internalDate.toISOString(), reason };
}
