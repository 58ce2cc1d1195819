import { columns, indexRow, threadHasLink } from './012-search-candidate-mail.js';

/**
 * Migration 14: triggers whose cost does not grow with the thread (issue 23, one thread of
 * 10^5 messages).
 *
 * The triggers of migration 1 recounted a thread's messages (`count(*)`, `max(seq)`, and an
 * `EXISTS` over them for attachments) on every insert, move and delete, so storing or
 * deleting the messages of one thread of n messages cost n²/2 row visits: 10^5 messages in
 * one thread did not finish storing in 5 minutes. Now an insert adds one and keeps the
 * larger `seq`; a delete or a move out subtracts one and looks again only for what it may
 * have removed: the newest `seq` (through `messages_by_thread`, one index seek), an
 * attachment (through the partial index `messages_with_attachments_by_thread`). The
 * aggregates stay exact, since migration 1's recounts left them exact.
 *
 * Migration 12's search triggers walked a whole thread per row as well: a link inserted
 * scanned the thread for rows not yet indexed, a message moved between threads (sync joins
 * threads) ran a correlated "has this thread a link?" per row of both threads. Now
 * `messages_by_thread_search (thread_id, search_indexed)` finds exactly the rows to change,
 * each "has a link?" is asked once per statement, and an inserted message asks whether its
 * thread has an indexed message (one seek; migration 12 keeps "indexed ⇔ the thread has a
 * link", and may only err towards too big) instead of walking the thread's links.
 *
 * Never edit this text after a release: add `015-...` instead.
 */
export const version = 14;

/**
 * The thread `threadId` (an SQL expression) when it has no linked message, else NULL: as the
 * right side of `thread_id = …` SQLite asks once and seeks, instead of asking per row.
 */
function unlinked(threadId: string): string {
  return `(SELECT ${threadId} WHERE NOT ${threadHasLink(threadId)})`;
}

/** The thread `threadId` when it has a linked message, else NULL (see `unlinked`). */
function linked(threadId: string): string {
  return `(SELECT ${threadId} WHERE ${threadHasLink(threadId)})`;
}

export const sql = /* sql */ `
CREATE INDEX messages_with_attachments_by_thread ON messages (thread_id) WHERE has_attachments = 1;
CREATE INDEX messages_by_thread_search ON messages (thread_id, search_indexed);
-- "Is this a Hirebox thread?" (R5, thread-nodes-repository isHireboxThread) per placed message: a seek, not a walk of the thread.
CREATE INDEX messages_generated_by_thread ON messages (thread_id) WHERE generated_by_hirebox = 1;

DROP TRIGGER messages_thread_insert;
CREATE TRIGGER messages_thread_insert AFTER INSERT ON messages
BEGIN
  UPDATE threads SET
    message_count = message_count + 1,
    last_message_seq = CASE WHEN last_message_seq IS NULL OR NEW.seq > last_message_seq THEN NEW.seq ELSE last_message_seq END,
    has_attachments = CASE WHEN NEW.has_attachments = 1 THEN 1 ELSE has_attachments END
  WHERE id = NEW.thread_id;
END;

DROP TRIGGER messages_thread_delete;
CREATE TRIGGER messages_thread_delete AFTER DELETE ON messages
BEGIN
  UPDATE threads SET
    message_count = message_count - 1,
    last_message_seq = CASE WHEN OLD.seq = last_message_seq THEN (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id) ELSE last_message_seq END,
    has_attachments = CASE WHEN OLD.has_attachments = 1 THEN EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1) ELSE has_attachments END
  WHERE id = OLD.thread_id;
END;

-- A move is a delete from the old thread and an insert into the new one; a change of seq or
-- has_attachments within a thread looks again only when it may have lowered the thread's value.
DROP TRIGGER messages_thread_update;
CREATE TRIGGER messages_thread_move AFTER UPDATE OF thread_id, seq, has_attachments ON messages
WHEN OLD.thread_id IS NOT NEW.thread_id
BEGIN
  UPDATE threads SET
    message_count = message_count - 1,
    last_message_seq = CASE WHEN OLD.seq = last_message_seq THEN (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id) ELSE last_message_seq END,
    has_attachments = CASE WHEN OLD.has_attachments = 1 THEN EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1) ELSE has_attachments END
  WHERE id = OLD.thread_id;
  UPDATE threads SET
    message_count = message_count + 1,
    last_message_seq = CASE WHEN last_message_seq IS NULL OR NEW.seq > last_message_seq THEN NEW.seq ELSE last_message_seq END,
    has_attachments = CASE WHEN NEW.has_attachments = 1 THEN 1 ELSE has_attachments END
  WHERE id = NEW.thread_id;
END;

CREATE TRIGGER messages_thread_update AFTER UPDATE OF seq, has_attachments ON messages
WHEN OLD.thread_id IS NEW.thread_id AND (OLD.seq <> NEW.seq OR OLD.has_attachments <> NEW.has_attachments)
BEGIN
  UPDATE threads SET
    last_message_seq = CASE
      WHEN last_message_seq IS NULL OR NEW.seq > last_message_seq THEN NEW.seq
      WHEN OLD.seq = last_message_seq THEN (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id)
      ELSE last_message_seq END,
    has_attachments = CASE
      WHEN NEW.has_attachments = 1 THEN 1
      WHEN OLD.has_attachments = 1 THEN EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1)
      ELSE has_attachments END
  WHERE id = NEW.thread_id;
END;

DROP TRIGGER messages_search_insert;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_search (${columns}) SELECT ${indexRow('NEW')} WHERE NEW.search_indexed = 1;
  UPDATE messages SET search_indexed = 1
  WHERE id = NEW.id AND search_indexed = 0
    AND EXISTS (SELECT 1 FROM messages o WHERE o.thread_id = NEW.thread_id AND o.search_indexed = 1);
END;

DROP TRIGGER messages_search_delete;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO message_search (message_search, ${columns}) SELECT 'delete', ${indexRow('OLD')} WHERE OLD.search_indexed = 1;
  UPDATE messages SET search_indexed = 0 WHERE search_indexed = 1 AND thread_id = ${unlinked('OLD.thread_id')};
END;

DROP TRIGGER messages_search_thread;
CREATE TRIGGER messages_search_thread AFTER UPDATE OF thread_id ON messages
WHEN OLD.thread_id IS NOT NEW.thread_id
BEGIN
  UPDATE messages SET search_indexed = 1 WHERE search_indexed = 0 AND thread_id = ${linked('NEW.thread_id')};
  UPDATE messages SET search_indexed = 0 WHERE search_indexed = 1 AND thread_id = ${unlinked('OLD.thread_id')};
  UPDATE messages SET search_indexed = 0 WHERE search_indexed = 1 AND thread_id = ${unlinked('NEW.thread_id')};
END;

DROP TRIGGER links_search_update;
CREATE TRIGGER links_search_update AFTER UPDATE OF message_id ON links
BEGIN
  UPDATE messages SET search_indexed = 1
  WHERE search_indexed = 0 AND thread_id = (SELECT thread_id FROM messages WHERE id = NEW.message_id);
  UPDATE messages SET search_indexed = 0
  WHERE search_indexed = 1 AND thread_id = ${unlinked('(SELECT thread_id FROM messages WHERE id = OLD.message_id)')};
END;

DROP TRIGGER links_search_delete;
CREATE TRIGGER links_search_delete AFTER DELETE ON links
BEGIN
  UPDATE messages SET search_indexed = 0
  WHERE search_indexed = 1 AND thread_id = ${unlinked('(SELECT thread_id FROM messages WHERE id = OLD.message_id)')};
END;
`;
