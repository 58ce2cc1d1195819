import type { LinkReason } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';

export interface NewLink {
  messageId: string;
  candidateId: string;
  reason: LinkReason;
  createdAt: string;
  /** Who linked it by hand (`manual`); absent for links made by sync. */
  createdByUserId?: string | null;
}

/** Message ↔ candidate links. */
export class LinksRepository {
  readonly #insert;

  constructor(db: Database) {
    this.#insert = db.prepare<[string, string, LinkReason, string, string | null]>(
      `INSERT INTO links (message_id, candidate_id, reason, created_at, created_by_user_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  /**
   * Links a message to a candidate. An existing link keeps its first reason; returns
   * whether a link was added.
   * @throws AppError `not-found` when the message, candidate or user does not exist.
   */
  insert(link: NewLink): boolean {
    try {
      const result = this.#insert.run(
        link.messageId,
        link.candidateId,
        link.reason,
        link.createdAt,
        link.createdByUserId ?? null,
      );
      return result.changes > 0;
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('not-found', 'There is no such message, candidate or user.', { cause: error });
      }
      throw error;
    }
  }
}
