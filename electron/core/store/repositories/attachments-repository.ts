import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';

/** An attachment of a stored message, as its MIME part describes it. */
export interface NewAttachment {
  id: string;
  messageId: string;
  /** Hex SHA-256, the file name in the attachments folder; null until downloaded. */
  contentHash: string | null;
  fileName: string;
  mimeType: string;
  /** Bytes, as the server reports them. */
  size: number;
  /** Content-ID (RFC 2392), for inline parts referenced from the HTML body. */
  contentId: string | null;
  isInline: boolean;
}

/** A stored attachment row. */
export type AttachmentRecord = NewAttachment;

interface AttachmentRow {
  id: string;
  message_id: string;
  content_hash: string | null;
  file_name: string;
  mime_type: string;
  size: number;
  content_id: string | null;
  is_inline: number;
}

/** Attachment rows of stored messages; the files themselves live in the attachments folder. */
export class AttachmentsRepository {
  readonly #insert;
  readonly #listFor;
  readonly #setContentHash;
  readonly #byId;

  constructor(db: Database) {
    this.#insert = db.prepare<[string, string, string | null, string, string, number, string | null, number]>(
      `INSERT INTO attachments (id, message_id, content_hash, file_name, mime_type, size, content_id, is_inline)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#listFor = db.prepare<[string], AttachmentRow>(
      `SELECT id, message_id, content_hash, file_name, mime_type, size, content_id, is_inline
       FROM attachments WHERE message_id = ? ORDER BY rowid`,
    );
    this.#byId = db.prepare<[string], AttachmentRow>(
      `SELECT id, message_id, content_hash, file_name, mime_type, size, content_id, is_inline FROM attachments WHERE id = ?`,
    );
    this.#setContentHash = db.prepare<[string, string]>('UPDATE attachments SET content_hash = ? WHERE id = ?');
  }

  /**
   * Adds an attachment row.
   * @throws AppError `conflict` when the id is taken; `not-found` for an unknown message;
   *   `invalid-input` (field `size`) for a size that is not a whole number ≥ 0.
   */
  insert(attachment: NewAttachment): void {
    if (!Number.isSafeInteger(attachment.size) || attachment.size < 0) {
      throw new AppError('invalid-input', 'An attachment size is a whole number of bytes.', { field: 'size' });
    }
    try {
      this.#insert.run(
        attachment.id,
        attachment.messageId,
        attachment.contentHash,
        attachment.fileName,
        attachment.mimeType,
        attachment.size,
        attachment.contentId,
        attachment.isInline ? 1 : 0,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'An attachment with this id already exists.', { cause: error });
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no message with this id.', { cause: error });
      throw error;
    }
  }

  /** A message's attachments, in the order they were added (the order of its MIME parts). */
  listFor(messageId: string): AttachmentRecord[] {
    return this.#listFor.all(messageId).map(toRecord);
  }

  /** One attachment row (Inbox I: opening it), or null. */
  get(attachmentId: string): AttachmentRecord | null {
    const row = this.#byId.get(attachmentId);
    return row === undefined ? null : toRecord(row);
  }

  /** Records the downloaded file of an attachment. @throws AppError `not-found` for an unknown id. */
  setContentHash(attachmentId: string, contentHash: string): void {
    if (this.#setContentHash.run(contentHash, attachmentId).changes === 0) {
      throw new AppError('not-found', 'There is no attachment with this id.');
    }
  }
}

function toRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    messageId: row.message_id,
    contentHash: row.content_hash,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    contentId: row.content_id,
    isInline: row.is_inline === 1,
  };
}
