/**
 * Migration 10: working together on a thread (issue 21, beyond the seed; as in Front).
 *
 * - `thread_comments`: internal notes on a thread, for whoever may see the thread; never sent.
 *   They go with the thread (`ON DELETE CASCADE`), so deleting a candidate whose thread is
 *   deleted takes them too (R3), and secure_delete (migration 2) overwrites their pages.
 * - `threads.assigned_user_id`: who takes care of the thread ("claim" is assigning oneself);
 *   a user removed from the team leaves it unassigned.
 *
 * Never edit this text after a release: add `011-...` instead.
 */
export const version = 10;

export const sql = /* sql */ `
CREATE TABLE thread_comments (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  author_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX thread_comments_by_thread ON thread_comments (thread_id, created_at);

ALTER TABLE threads ADD COLUMN assigned_user_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX threads_by_assignee ON threads (assigned_user_id) WHERE assigned_user_id IS NOT NULL;
`;
