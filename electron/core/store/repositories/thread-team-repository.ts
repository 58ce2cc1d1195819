import type { Database } from '../database.js';

interface CommentRow {
  id: string;
  thread_id: string;
  author_user_id: string | null;
  author_name: string | null;
  body: string;
  created_at: string;
}

export interface ThreadCommentRecord {
  id: string;
  threadId: string;
  authorUserId: string | null;
  authorName: string | null;
  body: string;
  createdAt: string;
}

/**
 * Working together on a thread (migration 10): internal comments, who the thread is assigned
 * to, and who is writing a reply in it now (read from the drafts saved as people type).
 */
export class ThreadTeamRepository {
  readonly #insertComment;
  readonly #comments;
  readonly #assign;
  readonly #assignee;
  readonly #replying;
  readonly #assignedTo;
  readonly #draftCount;

  constructor(db: Database) {
    this.#insertComment = db.prepare<{ id: string; threadId: string; userId: string; body: string; now: string }>(
      'INSERT INTO thread_comments (id, thread_id, author_user_id, body, created_at) VALUES (@id, @threadId, @userId, @body, @now)',
    );
    this.#comments = db.prepare<[string], CommentRow>(
      `SELECT c.id, c.thread_id, c.author_user_id, u.name AS author_name, c.body, c.created_at
       FROM thread_comments c LEFT JOIN users u ON u.id = c.author_user_id
       WHERE c.thread_id = ? ORDER BY c.created_at, c.rowid`,
    );
    this.#assign = db.prepare<[string | null, string]>('UPDATE threads SET assigned_user_id = ? WHERE id = ?');
    this.#assignee = db.prepare<[string], { assigned_user_id: string | null }>('SELECT assigned_user_id FROM threads WHERE id = ?');
    this.#replying = db.prepare<[string, string, string], { user_id: string; name: string; updated_at: string }>(
      `SELECT d.author_user_id AS user_id, u.name, d.updated_at FROM drafts d JOIN users u ON u.id = d.author_user_id
       WHERE d.place = ? AND d.author_user_id <> ? AND d.updated_at >= ? ORDER BY d.updated_at DESC`,
    );
    this.#assignedTo = db.prepare<[string], { id: string; subject: string }>(
      `SELECT t.id, coalesce((SELECT m.subject FROM messages m WHERE m.thread_id = t.id ORDER BY m.date, m.id LIMIT 1), '') AS subject
       FROM threads t WHERE t.assigned_user_id = ? ORDER BY t.last_message_seq DESC, t.id`,
    );
    this.#draftCount = db.prepare<[string], number>('SELECT count(*) FROM drafts WHERE author_user_id = ?').pluck();
  }

  /** Threads assigned to `userId`, newest first, with their subject (handover). */
  assignedTo(userId: string): { threadId: string; subject: string }[] {
    return this.#assignedTo.all(userId).map((row) => ({ threadId: row.id, subject: row.subject }));
  }

  /** How many drafts `userId` has (handover: drafts are personal and stay). */
  draftCount(userId: string): number {
    return this.#draftCount.get(userId) ?? 0;
  }

  addComment(comment: { id: string; threadId: string; userId: string; body: string; now: string }): void {
    this.#insertComment.run(comment);
  }

  comments(threadId: string): ThreadCommentRecord[] {
    return this.#comments.all(threadId).map((row) => ({ id: row.id, threadId: row.thread_id, authorUserId: row.author_user_id, authorName: row.author_name, body: row.body, createdAt: row.created_at }));
  }

  /** Answers false for an unknown thread. */
  assign(threadId: string, userId: string | null): boolean {
    return this.#assign.run(userId, threadId).changes > 0;
  }

  assigneeOf(threadId: string): string | null {
    return this.#assignee.get(threadId)?.assigned_user_id ?? null;
  }

  /** Others with a reply to this thread saved since `since` (their draft at `thread:<id>`), newest first. */
  replyingNow(threadId: string, exceptUserId: string, since: string): { userId: string; name: string; since: string }[] {
    return this.#replying.all(`thread:${threadId}`, exceptUserId, since).map((row) => ({ userId: row.user_id, name: row.name, since: row.updated_at }));
  }
}
