import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { CandidateService } from './candidate-service.js';

/** Links by hand: "link to a candidate" and "not this candidate", remembered across syncs. */
export class LinkService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  link(viewer: Viewer, messageId: string, candidateId: string): { messageId: string; candidateId: string } {
    this.#message(messageId);
    this.candidates.get(viewer, candidateId);
    this.store.links.insert({ messageId, candidateId, reason: 'manual', createdAt: this.now().toISOString(), createdByUserId: viewer.userId });
    return { messageId, candidateId };
  }

  /** Unlinks and remembers it by the message's identity, so sync never links them again. */
  unlink(viewer: Viewer, messageId: string, candidateId: string): { messageId: string; candidateId: string } {
    const message = this.#message(messageId);
    this.candidates.get(viewer, candidateId);
    this.store.links.exclude({ dedupeKey: message.dedupeKey, candidateId, userId: viewer.userId, createdAt: this.now().toISOString() });
    return { messageId, candidateId };
  }

  #message(messageId: string) {
    const message = this.store.messages.get(messageId);
    if (message === null) throw new AppError('not-found', 'There is no stored message with this id.', { field: 'messageId' });
    return message;
  }
}
