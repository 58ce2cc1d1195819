import { mayViewThread, type TeamDirectory, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { CandidateService } from './candidate-service.js';

/** Links by hand: "link to a candidate" and "not this candidate", remembered across syncs. */
export class LinkService {
  readonly #teams: TeamDirectory;

  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly eraser: { deleteUnlinkedMessages(messageIds: readonly string[]): number },
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#teams = { jobIdsOf: (userId) => store.jobs.jobIdsOfTeamMember(userId) };
  }

  link(viewer: Viewer, messageId: string, candidateId: string): { messageId: string; candidateId: string } {
    this.#visibleMessage(viewer, messageId);
    this.candidates.get(viewer, candidateId);
    this.store.links.insert({ messageId, candidateId, reason: 'manual', createdAt: this.now().toISOString(), createdByUserId: viewer.userId });
    return { messageId, candidateId };
  }

  /**
   * Unlinks and remembers it by the message's identity, so sync never links them again.
   * A mail that is then linked to nobody is no longer kept (R3).
   */
  unlink(viewer: Viewer, messageId: string, candidateId: string): { messageId: string; candidateId: string } {
    const message = this.#visibleMessage(viewer, messageId);
    this.candidates.get(viewer, candidateId);
    this.store.links.exclude({ dedupeKey: message.dedupeKey, candidateId, userId: viewer.userId, createdAt: this.now().toISOString() });
    if (this.store.links.candidatesOf(messageId).length === 0) this.eraser.deleteUnlinkedMessages([messageId]);
    return { messageId, candidateId };
  }

  /**
   * The message, when the viewer may see its thread (PRODUCT.md "Who sees what"): linking
   * a mail one cannot see to one's own candidate would be a way to read it.
   */
  #visibleMessage(viewer: Viewer, messageId: string) {
    const message = this.store.messages.get(messageId);
    if (message === null) throw new AppError('not-found', 'There is no stored message with this id.', { field: 'messageId' });
    const mailbox = this.store.mailboxes.get(message.mailboxId);
    const candidates = this.store.links.candidatesOf(messageId).map((id) => ({ jobIds: this.store.candidates.jobIdsOf(id) }));
    const visible =
      mailbox !== null &&
      mayViewThread(
        viewer,
        { candidates, mailbox: mailbox.kind === 'personal' ? { kind: 'personal' } : { kind: 'shared', allowedUserIds: this.store.mailboxes.members(mailbox.id) } },
        this.#teams,
      );
    if (!visible) throw new AppError('forbidden', 'This mail is not one you can see.', { field: 'messageId' });
    return message;
  }
}
