import { createHash } from 'node:crypto';
import type { DraftInput, SavedDraft } from '../../../shared/drafts.js';
import type { User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { BlobService } from './blob-service.js';
import type { CandidateService } from './candidate-service.js';
import type { DraftAttachmentFiles } from './draft-attachment-files.js';

/** A file a draft keeps, read for sending. */
export interface KeptDraftFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

/**
 * Drafts saved as the user types (writing to candidates): one per user and place, kept
 * across restarts with the files the user attached, listed, deleted when sent or
 * discarded. Only the author sees a draft, and only while they may see its candidate
 * (R3: it goes with the candidate, its files with it).
 */
export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly candidates: CandidateService,
    private readonly blobs: BlobService,
    private readonly files: DraftAttachmentFiles,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Saves the draft as it stands: a blob named in `attachmentBlobIds` for the first time is
   * kept with the draft (its bytes in the data folder); a kept file no longer named goes.
   * @throws AppError `not-found` for a candidate the caller may not see, or an uploaded file
   *   that expired before the draft kept it (field `attachmentBlobIds.<n>`); `conflict` for a
   *   file another draft keeps.
   */
  save(actor: User, viewer: Viewer, draft: DraftInput): SavedDraft {
    this.candidates.get(viewer, draft.candidateId);
    if (draft.replyToMessageId !== undefined && !this.store.links.candidatesOf(draft.replyToMessageId).includes(draft.candidateId)) {
      throw new AppError('not-found', 'There is no such mail with this candidate.', { field: 'replyToMessageId' });
    }
    const wanted = [...new Set(draft.attachmentBlobIds)];
    const toWrite: { contentHash: string; content: Buffer }[] = [];
    let purgeJobId: string | null = null;
    const saved = this.store.transaction(() => {
      this.store.drafts.save(actor.id, draft, this.now().toISOString());
      const draftId = this.store.drafts.idAt(actor.id, draft.place)!;
      const kept = this.store.drafts.attachmentsOf(draftId);
      for (const blobId of wanted) {
        if (kept.some((attachment) => attachment.id === blobId)) continue;
        const field = `attachmentBlobIds.${draft.attachmentBlobIds.indexOf(blobId)}`;
        const blob = this.blobs.fetch(actor.id, blobId);
        if (blob === null) throw new AppError('not-found', 'This attachment is no longer there; add it again.', { field });
        if (this.store.drafts.draftOfAttachment(blobId) !== null) throw new AppError('conflict', 'This file is attached to another draft; add it again here.', { field });
        const contentHash = createHash('sha256').update(blob.data).digest('hex');
        this.store.drafts.addAttachment(draftId, { id: blobId, contentHash, fileName: blob.ref.fileName, mimeType: blob.ref.mimeType, size: blob.data.length });
        toWrite.push({ contentHash, content: blob.data });
      }
      const dropped = kept.filter((attachment) => !wanted.includes(attachment.id));
      for (const attachment of dropped) this.store.drafts.removeAttachment(draftId, attachment.id);
      purgeJobId = this.files.recordRelease(dropped.map((attachment) => attachment.contentHash), 'draft-attachment-removed');
      return this.store.drafts.at(actor.id, draft.place)!;
    });
    // Rows first, then bytes (as sync does); the purge skips a file a row uses again.
    this.files.write(toWrite);
    this.files.purge(purgeJobId);
    return saved;
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

  /**
   * A file the caller's draft at `place` keeps, for sending; null when the draft keeps no
   * file by that id. @throws AppError `not-found` when its bytes are missing from the data folder.
   */
  keptFile(actor: User, place: string, attachmentId: string, field: string): KeptDraftFile | null {
    const draftId = this.store.drafts.idAt(actor.id, place);
    if (draftId === null) return null;
    const attachment = this.store.drafts.attachmentsOf(draftId).find((kept) => kept.id === attachmentId);
    if (attachment === undefined) return null;
    const content = this.files.read(attachment.contentHash);
    if (content === null) throw new AppError('not-found', 'The file of this attachment is missing from the data folder; add it again.', { field });
    return { fileName: attachment.fileName, mimeType: attachment.mimeType, content };
  }

  /** Deletes the caller's draft at `place` (sent or discarded) with its files; deleting none is no error. */
  delete(actor: User, place: string): { deleted: boolean } {
    let purgeJobId: string | null = null;
    const deleted = this.store.transaction(() => {
      const draftId = this.store.drafts.idAt(actor.id, place);
      if (draftId === null) return false;
      const hashes = this.store.drafts.attachmentsOf(draftId).map((attachment) => attachment.contentHash);
      this.store.drafts.delete(actor.id, place);
      purgeJobId = this.files.recordRelease(hashes, 'draft-deleted');
      return true;
    });
    this.files.purge(purgeJobId);
    return { deleted };
  }
}
