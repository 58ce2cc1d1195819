import type { MailboxSummary, OlderMailCount, OlderMailReport } from '../../../shared/model.js';
import { olderMailCandidateLimit } from '../../../shared/contract.js';
import { mayUseMailbox, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { MessageHeaders } from '../providers/mail-provider.js';
import type { FolderRecord } from '../store/repositories/folders-repository.js';
import type { Store } from '../store/store.js';
import type { SyncScheduler } from '../sync/sync-scheduler.js';
import type { CandidateService } from './candidate-service.js';
import { mailboxDirectory, withUnlinkedAt } from './mailbox-summary.js';

/**
 * Bounds of one count: headers looked at over all mailboxes (beyond it the report says
 * `truncated`, "at least"). The server search itself is paced by the provider (a few
 * addresses a query, a pause between queries).
 */
export const olderMailBounds = { headers: 20_000 } as const;

const dayMs = 24 * 60 * 60 * 1000;

/** Which candidates to count for: chosen ones (after adding or importing), or every synced one in one mailbox (after its first sync). */
export type OlderMailRequest = { candidateIds: readonly string[]; days: number } | { mailboxId: string; days: number };

/**
 * Older mail, offered (R10): counts on the servers what a backfill of the candidates would
 * bring in, without fetching it — the server's address search (IMAP `SEARCH FROM/TO/CC/BCC`
 * OR-chains with `SINCE`/`BEFORE`, Gmail `from:/to:` with `after:/before:`, Graph `$search`),
 * then the headers of each hit (never a body) through the same matcher as sync, so a
 * substring or display-name hit, a colleague's mail and mail stored already do not count.
 * Read-only; the user decides whether to fetch (`backfill:candidates`).
 */
export class OlderMailService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly scheduler: SyncScheduler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async count(viewer: Viewer, request: OlderMailRequest): Promise<OlderMailReport> {
    const now = this.now();
    const since = new Date(now.getTime() - request.days * dayMs);
    let truncated = false;
    let mailboxes: MailboxSummary[];
    let names: Map<string, string>;
    let before = now;
    if ('mailboxId' in request) {
      const mailbox = this.#visibleMailbox(viewer, request.mailboxId);
      mailboxes = [mailbox];
      // Mail since the connect came in by live sync; what the first window left out is older.
      const connectedAt = this.store.mailboxes.connectedAt(mailbox.id);
      if (connectedAt !== null) before = new Date(Math.min(now.getTime(), Date.parse(connectedAt)));
      const synced = this.#syncedCandidates(viewer);
      truncated = synced.truncated;
      names = synced.names;
    } else {
      // Refuses a candidate the caller may not see before anything is asked of a server.
      names = new Map(request.candidateIds.map((candidateId) => [candidateId, this.candidates.get(viewer, candidateId).name]));
      mailboxes = this.store.mailboxes.all().filter((mailbox) => mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store)));
    }
    const addresses = [...new Set([...names.keys()].flatMap((candidateId) => this.store.candidates.details(candidateId).addresses.map((entry) => entry.address)))];
    const counts = new Map<string, number>();
    const counted = new Set<string>();
    let mailboxesSearched = 0;
    let mailboxesUnavailable = 0;
    let headersSeen = 0;
    for (const mailbox of mailboxes) {
      if (addresses.length === 0 || since.getTime() >= before.getTime()) break;
      if (withUnlinkedAt(this.store, mailbox).unlinkedAt !== null) continue;
      // A paused mailbox stays off the network, as the user asked.
      if (mailbox.status.state === 'paused') {
        mailboxesUnavailable += 1;
        continue;
      }
      const folders = this.store.folders.list(mailbox.id).filter((folder) => folder.scanned);
      try {
        await this.scheduler.withProvider(mailbox.id, async (provider, sync, signal) => {
          for (const folder of folders) {
            for await (const page of provider.scanHeaders(folder.path, { kind: 'search', since, before, addresses }, signal)) {
              for (const headers of this.#notStored(mailbox.id, folder, page.headers)) {
                if (headersSeen >= olderMailBounds.headers) {
                  truncated = true;
                  return;
                }
                headersSeen += 1;
                const identity = headers.messageId === null ? `${mailbox.id}\u0000${headers.key}` : `mid:${headers.messageId}`;
                if (counted.has(identity)) continue;
                const linked = sync.decide(headers, folder.role).links.map((link) => link.candidateId).filter((candidateId) => names.has(candidateId));
                if (linked.length === 0) continue;
                counted.add(identity);
                for (const candidateId of new Set(linked)) counts.set(candidateId, (counts.get(candidateId) ?? 0) + 1);
              }
            }
          }
        });
        mailboxesSearched += 1;
      } catch (error) {
        // A mailbox that cannot be asked now (signed out, out of reach) leaves the others' count standing.
        if (!(error instanceof AppError) || error.code === 'invalid-input') throw error;
        mailboxesUnavailable += 1;
        this.logger.warn('older mail not counted in a mailbox', { mailboxId: mailbox.id, code: error.code });
      }
    }
    const candidates: OlderMailCount[] = [...counts]
      .map(([candidateId, count]) => ({ candidateId, name: names.get(candidateId) ?? '', count }))
      .sort((left, right) => right.count - left.count || left.name.localeCompare(right.name));
    return { days: request.days, since: since.toISOString(), before: before.toISOString(), candidates, total: counted.size, mailboxesSearched, mailboxesUnavailable, truncated };
  }

  /** Headers of mail not stored: neither this location nor the Message-ID is known (the same mail in another folder or mailbox). */
  #notStored(mailboxId: string, folder: FolderRecord, headers: readonly MessageHeaders[]): MessageHeaders[] {
    const uids = headers.flatMap((entry) => (entry.location.uid !== null && entry.location.uidValidity !== null ? [entry.location.uid] : []));
    const uidValidity = headers.find((entry) => entry.location.uidValidity !== null)?.location.uidValidity ?? null;
    const knownUids = new Set(uidValidity === null ? [] : this.store.locations.knownUids(mailboxId, folder.id, uidValidity, uids));
    const providerIds = headers.flatMap((entry) => (entry.location.providerId === null ? [] : [entry.location.providerId]));
    const knownIds = new Set(this.store.locations.knownProviderIds(mailboxId, folder.id, providerIds));
    const stored = this.store.messages.findByDedupeKeys(headers.flatMap((entry) => (entry.messageId === null ? [] : [`mid:${entry.messageId}`])));
    return headers.filter(
      (entry) =>
        !(entry.location.uid !== null && knownUids.has(entry.location.uid)) &&
        !(entry.location.providerId !== null && knownIds.has(entry.location.providerId)) &&
        !(entry.messageId !== null && stored.has(`mid:${entry.messageId}`)),
    );
  }

  /** The synced candidates (R7) the viewer may see, by id with their names; `truncated` past the limit. */
  #syncedCandidates(viewer: Viewer): { names: Map<string, string>; truncated: boolean } {
    const names = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = this.candidates.list(viewer, { limit: 200, ...(cursor === undefined ? {} : { cursor }) });
      for (const candidate of page.items) {
        if (!candidate.synced) continue;
        if (names.size >= olderMailCandidateLimit) return { names, truncated: true };
        names.set(candidate.id, candidate.name);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return { names, truncated: false };
  }

  #visibleMailbox(viewer: Viewer, mailboxId: string): MailboxSummary {
    const mailbox = this.store.mailboxes.get(mailboxId);
    if (mailbox === null) throw new AppError('not-found', 'There is no mailbox with this id.');
    if (!mayUseMailbox(viewer, mailbox, mailboxDirectory(this.store))) throw new AppError('forbidden', 'This mailbox is not yours.');
    return mailbox;
  }
}
