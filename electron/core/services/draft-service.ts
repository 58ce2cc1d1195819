import type { DraftInput, SavedDraft } from '../../../shared/drafts.js';
import type { User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { CandidateService } from './candidate-service.js';

/**
 * Drafts saved as the user types (writing to candidates): one per user and place, kept
 * across restarts, listed, deleted when sent or discarded. Only the author sees a draft,
 * and only while they may see its candidate (R3: it goes with the candidate).
 */
export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saves the draft as it stands. @throws AppError `not-found` for a candidate the caller may not see. */
  save(actor: User, viewer: Viewer, draft: DraftInput): SavedDraft {
    this.candidates.get(viewer, draft.candidateId);
    if (draft.replyToMessageId !== undefined && !this.store.links.candidatesOf(draft.replyToMessageId).includes(draft.candidateId)) {
      throw new AppError('not-found', 'There is no such mail with this candidate.', { field: 'replyToMessageId' });
    }
    return this.store.drafts.save(actor.id, draft, this.now().toISOString());
  }

  /** The caller's drafts, last changed first, leaving out those of candidates now out of their view. */
  list(actor: User, viewer: Viewer): SavedDraft[] {
    return this.store.drafts.listOf(actor.id).filter((draft) => {
      try {
        this.candidates.get(viewer, draft.candidateId);
        return true;
      } catch (error) {
        if (error instanceof AppError && (error.code === 'not-found' || error.code === 'forbidden')) return false;
        throw error;
      }
    });
  }

  /** Deletes the caller's draft at `place` (sent or discarded); deleting none is no error. */
  delete(actor: User, place: string): { deleted: boolean } {
    return { deleted: this.store.drafts.delete(actor.id, place) };
  }
}
