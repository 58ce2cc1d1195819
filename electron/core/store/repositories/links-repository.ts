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

/** A manual "not this candidate" (PRODUCT.md "Link"). */
export interface NewLinkExclusion {
  /** The message's dedupe key: the exclusion outlives the message row. */
  dedupeKey: string;
  candidateId: string;
  /** Who unlinked it; null when that user is gone. */
  userId: string | null;
  createdAt: string;
}

/** Message ↔ candidate links, and the manual unlinks sync must not undo. */
export class LinksRepository {
  readonly #db: Database;
  readonly #insert;
  readonly #delete;
  readonly #candidatesLinkedTo;
  readonly #candidatesLinkedToAny;
  readonly #excludedCandidates;
  readonly #insertExclusion;
  readonly #deleteLinkByDedupeKey;
  readonly #candidatesOfMessage;

  constructor(db: Database) {
    this.#db = db;
    this.#delete = db.prepare<[string, string]>('DELETE FROM links WHERE message_id = ? AND candidate_id = ?');
    // message_id_header is not unique: a repeated Message-ID with other content is stored
    // again under its content hash, and both messages answer for the id.
    this.#candidatesLinkedTo = db
      .prepare<[string], string>(
        `SELECT DISTINCT l.candidate_id FROM messages m JOIN links l ON l.message_id = m.id
         WHERE m.message_id_header = ? ORDER BY l.candidate_id`,
      )
      .pluck();
    this.#candidatesLinkedToAny = db.prepare<[string], { message_id_header: string; candidate_id: string }>(
      `SELECT DISTINCT m.message_id_header, l.candidate_id
         FROM messages m JOIN links l ON l.message_id = m.id
        WHERE m.message_id_header IN (SELECT value FROM json_each(?))
        ORDER BY l.candidate_id`,
    );
    this.#candidatesOfMessage = db
      .prepare<[string], string>('SELECT candidate_id FROM links WHERE message_id = ? ORDER BY candidate_id')
      .pluck();
    this.#excludedCandidates = db
      .prepare<[string], string>('SELECT candidate_id FROM link_exclusions WHERE dedupe_key = ? ORDER BY candidate_id')
      .pluck();
    this.#insertExclusion = db.prepare<[string, string, string | null, string]>(
      `INSERT INTO link_exclusions (dedupe_key, candidate_id, excluded_by_user_id, created_at)
       VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#deleteLinkByDedupeKey = db.prepare<[string, string]>(
      'DELETE FROM links WHERE candidate_id = ? AND message_id = (SELECT id FROM messages WHERE dedupe_key = ?)',
    );
    this.#insert = db.prepare<[string, string, LinkReason, string, string | null]>(
      `INSERT INTO links (message_id, candidate_id, reason, created_at, created_by_user_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  /** The candidates a stored message is linked to (by our message id). */
  candidatesOf(messageId: string): string[] {
    return this.#candidatesOfMessage.all(messageId);
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

  /** Removes one link; returns whether there was one. */
  remove(messageId: string, candidateId: string): boolean {
    return this.#delete.run(messageId, candidateId).changes > 0;
  }

  /**
   * Candidates linked (for any reason) to a stored message with this Message-ID, as
   * stored (normalised by the caller); reply-chain and forward matching read it.
   */
  candidatesLinkedTo(messageIdHeader: string): string[] {
    return this.#candidatesLinkedTo.all(messageIdHeader);
  }

  /** `candidatesLinkedTo` for many Message-IDs in one query: the linked ones, Message-ID → candidates. */
  candidatesLinkedToAny(messageIdHeaders: readonly string[]): Map<string, string[]> {
    const linked = new Map<string, string[]>();
    if (messageIdHeaders.length === 0) return linked;
    for (const row of this.#candidatesLinkedToAny.all(JSON.stringify([...new Set(messageIdHeaders)]))) {
      const candidates = linked.get(row.message_id_header);
      if (candidates === undefined) linked.set(row.message_id_header, [row.candidate_id]);
      else candidates.push(row.candidate_id);
    }
    return linked;
  }

  /** Candidates a user unlinked from the message with this dedupe key ("not this candidate"). */
  excludedCandidates(dedupeKey: string): string[] {
    return this.#excludedCandidates.all(dedupeKey);
  }

  /**
   * "Not this candidate": remembers the exclusion by dedupe key, so sync never links the
   * message to the candidate again, and removes the link if there is one — in one
   * transaction. Idempotent; the first exclusion's author and time are kept. Returns
   * whether a link was removed. The message may be left linked to nobody: deciding what
   * then happens to it (R3) is the caller's.
   * @throws AppError `not-found` when the candidate or user does not exist.
   */
  exclude(exclusion: NewLinkExclusion): boolean {
    return this.#db.transaction(() => {
      try {
        this.#insertExclusion.run(exclusion.dedupeKey, exclusion.candidateId, exclusion.userId, exclusion.createdAt);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no such candidate or user.', { cause: error });
        throw error;
      }
      return this.#deleteLinkByDedupeKey.run(exclusion.candidateId, exclusion.dedupeKey).changes > 0;
    })();
  }
}
