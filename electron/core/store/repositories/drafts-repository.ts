import { randomUUID } from 'node:crypto';
import { composerState, type DraftInput, type SavedDraft } from '../../../../shared/drafts.js';
import type { BlobRef } from '../../../../shared/model.js';
import type { Database } from '../database.js';

/** A file the user attached to a draft; its bytes are `attachments/<contentHash>`, as a stored mail's are. */
export interface DraftAttachmentRecord {
  /** The id the renderer names it by: the blob id it was uploaded as. */
  id: string;
  contentHash: string;
  fileName: string;
  mimeType: string;
  size: number;
}

interface DraftAttachmentRow {
  id: string;
  content_hash: string;
  file_name: string;
  mime_type: string;
  size: number;
}

interface DraftRow {
  id: string;
  place: string;
  candidate_id: string;
  candidate_name: string;
  mailbox_id: string | null;
  reply_to_message_id: string | null;
  to_text: string;
  cc_text: string;
  bcc_text: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  composer_json: string;
  updated_at: string;
}

const columns = `d.id, d.place, d.candidate_id, c.name AS candidate_name, d.mailbox_id, d.reply_to_message_id,
  d.to_text, d.cc_text, d.bcc_text, d.subject, d.body_text, d.body_html, d.composer_json, d.updated_at`;

/** Drafts saved as the user types, one per user and place (migration 8; the HTML of a rich-text draft in `body_html`, there since migration 1). */
export class DraftsRepository {
  readonly #upsert;
  readonly #byPlace;
  readonly #ofAuthor;
  readonly #delete;
  readonly #idAt;
  readonly #attachmentsOf;
  readonly #addAttachment;
  readonly #removeAttachment;
  readonly #attachmentOwner;

  constructor(db: Database) {
    this.#upsert = db.prepare<{
      id: string;
      authorUserId: string;
      place: string;
      candidateId: string;
      mailboxId: string | null;
      replyToMessageId: string | null;
      to: string;
      cc: string;
      bcc: string;
      subject: string;
      body: string;
      html: string | null;
      composer: string;
      now: string;
    }>(
      `INSERT INTO drafts (id, author_user_id, place, candidate_id, mailbox_id, reply_to_message_id, to_text, cc_text, bcc_text,
         subject, body_text, body_html, composer_json, created_at, updated_at)
       VALUES (@id, @authorUserId, @place, @candidateId, @mailboxId, @replyToMessageId, @to, @cc, @bcc, @subject, @body, @html, @composer, @now, @now)
       ON CONFLICT (author_user_id, place) WHERE place IS NOT NULL DO UPDATE SET
         candidate_id = excluded.candidate_id, mailbox_id = excluded.mailbox_id, reply_to_message_id = excluded.reply_to_message_id,
         to_text = excluded.to_text, cc_text = excluded.cc_text, bcc_text = excluded.bcc_text, subject = excluded.subject,
         body_text = excluded.body_text, body_html = excluded.body_html, composer_json = excluded.composer_json, updated_at = excluded.updated_at`,
    );
    this.#byPlace = db.prepare<[string, string], DraftRow>(
      `SELECT ${columns} FROM drafts d JOIN candidates c ON c.id = d.candidate_id WHERE d.author_user_id = ? AND d.place = ?`,
    );
    this.#ofAuthor = db.prepare<[string], DraftRow>(
      `SELECT ${columns} FROM drafts d JOIN candidates c ON c.id = d.candidate_id
       WHERE d.author_user_id = ? AND d.place IS NOT NULL ORDER BY d.updated_at DESC, d.id`,
    );
    this.#delete = db.prepare<[string, string]>('DELETE FROM drafts WHERE author_user_id = ? AND place = ?');
    this.#idAt = db.prepare<[string, string], string>('SELECT id FROM drafts WHERE author_user_id = ? AND place = ?').pluck();
    this.#attachmentsOf = db.prepare<[string], DraftAttachmentRow>(
      'SELECT id, content_hash, file_name, mime_type, size FROM draft_attachments WHERE draft_id = ? ORDER BY rowid',
    );
    this.#addAttachment = db.prepare<[string, string, string, string, string, number]>(
      'INSERT INTO draft_attachments (id, draft_id, content_hash, file_name, mime_type, size) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#removeAttachment = db.prepare<[string, string]>('DELETE FROM draft_attachments WHERE draft_id = ? AND id = ?');
    this.#attachmentOwner = db.prepare<[string], string>('SELECT draft_id FROM draft_attachments WHERE id = ?').pluck();
  }

  /** The id of the user's draft at `place`, or null. */
  idAt(authorUserId: string, place: string): string | null {
    return this.#idAt.get(authorUserId, place) ?? null;
  }

  /** The files kept with a draft, in the order they were attached. */
  attachmentsOf(draftId: string): DraftAttachmentRecord[] {
    return this.#attachmentsOf.all(draftId).map((row) => ({
      id: row.id,
      contentHash: row.content_hash,
      fileName: row.file_name,
      mimeType: row.mime_type,
      size: row.size,
    }));
  }

  /** The draft that keeps the attachment `attachmentId`, or null. */
  draftOfAttachment(attachmentId: string): string | null {
    return this.#attachmentOwner.get(attachmentId) ?? null;
  }

  /** Keeps a file with a draft (its bytes are written after this commits). */
  addAttachment(draftId: string, attachment: DraftAttachmentRecord): void {
    this.#addAttachment.run(attachment.id, draftId, attachment.contentHash, attachment.fileName, attachment.mimeType, attachment.size);
  }

  /** Removes one file of a draft from its list; the caller purges its bytes when nothing else uses them. */
  removeAttachment(draftId: string, attachmentId: string): void {
    this.#removeAttachment.run(draftId, attachmentId);
  }

  /** The user's draft at `place` as saved, or null. */
  at(authorUserId: string, place: string): SavedDraft | null {
    const row = this.#byPlace.get(authorUserId, place);
    return row === undefined ? null : this.#toSaved(row);
  }

  /** Stores the draft at its place (replacing the one there) and returns it as saved. */
  save(authorUserId: string, draft: Omit<DraftInput, 'attachmentBlobIds'>, now: string): SavedDraft {
    this.#upsert.run({
      id: randomUUID(),
      authorUserId,
      place: draft.place,
      candidateId: draft.candidateId,
      mailboxId: draft.mailboxId,
      replyToMessageId: draft.replyToMessageId ?? null,
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: draft.subject,
      body: draft.body,
      html: draft.html ?? null,
      composer: JSON.stringify(draft.composer),
      now,
    });
    return this.#toSaved(this.#byPlace.get(authorUserId, draft.place)!);
  }

  /** The user's drafts, last changed first. */
  listOf(authorUserId: string): SavedDraft[] {
    return this.#ofAuthor.all(authorUserId).map((row) => this.#toSaved(row));
  }

  /** Deletes the user's draft at `place` (its attachment rows by cascade); answers whether there was one. */
  delete(authorUserId: string, place: string): boolean {
    return this.#delete.run(authorUserId, place).changes > 0;
  }

  #toSaved(row: DraftRow): SavedDraft {
    const attachments: BlobRef[] = this.attachmentsOf(row.id).map((attachment) => ({
      blobId: attachment.id,
      fileName: attachment.fileName,
      mimeType: attachment.mimeType,
      size: attachment.size,
    }));
    return toSaved(row, attachments);
  }
}

function toSaved(row: DraftRow, attachments: BlobRef[]): SavedDraft {
  return {
    id: row.id,
    place: row.place,
    candidateId: row.candidate_id,
    candidateName: row.candidate_name,
    mailboxId: row.mailbox_id,
    ...(row.reply_to_message_id === null ? {} : { replyToMessageId: row.reply_to_message_id }),
    to: row.to_text,
    cc: row.cc_text,
    bcc: row.bcc_text,
    subject: row.subject,
    body: row.body_text,
    ...(row.body_html === null ? {} : { html: row.body_html }),
    // Stored JSON is parsed, not cast (STYLE.md).
    composer: composerState.parse(JSON.parse(row.composer_json)),
    attachmentBlobIds: attachments.map((attachment) => attachment.blobId),
    attachments,
    updatedAt: row.updated_at,
  };
}
