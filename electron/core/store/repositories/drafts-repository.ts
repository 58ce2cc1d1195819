import { randomUUID } from 'node:crypto';
import { composerState, type DraftInput, type SavedDraft } from '../../../../shared/drafts.js';
import type { Database } from '../database.js';

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
  }

  /** Stores the draft at its place (replacing the one there) and returns it as saved. */
  save(authorUserId: string, draft: DraftInput, now: string): SavedDraft {
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
    return toSaved(this.#byPlace.get(authorUserId, draft.place)!);
  }

  /** The user's drafts, last changed first. */
  listOf(authorUserId: string): SavedDraft[] {
    return this.#ofAuthor.all(authorUserId).map(toSaved);
  }

  /** Deletes the user's draft at `place`; answers whether there was one. */
  delete(authorUserId: string, place: string): boolean {
    return this.#delete.run(authorUserId, place).changes > 0;
  }
}

function toSaved(row: DraftRow): SavedDraft {
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
    updatedAt: row.updated_at,
  };
}
