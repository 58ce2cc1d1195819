/**
 * Migration 12: the search index holds only mail in a thread with a linked candidate.
 *
 * Search shows a message only when its thread has mail linked to a candidate in the
 * viewer's scope (PRODUCT.md "Who sees what", `threadVisible` in repositories/scope.ts), so
 * mail in a thread without any candidate can never be a hit. Indexing it anyway made the
 * worst case slow: a phrase found only in such mail (an internal "team meeting") walked
 * every one of its matches through the visibility join to return nothing — about 270 ms
 * at 10^6 stored messages (docs/benchmarks.md, search). Mail without a candidate is most
 * of a mailbox and carries no body (R2), so leaving it out also makes the index smaller.
 *
 * `messages.search_indexed` records exactly which rows are in the index: the index is
 * contentless, so a 'delete' must repeat the values that were indexed (migration 2, R3),
 * and must only be issued for a row that is in it. Triggers keep it current:
 *   - a link is inserted: every message of that thread joins the index;
 *   - a link is deleted, a message deleted or moved to another thread: the messages of a
 *     thread left without any link leave it;
 *   - a message is inserted into, or moved into, a thread with a link: it joins.
 * The rule the triggers keep is "every message of a thread with a link is indexed"; the
 * visibility join still decides every hit, so the index may only ever be too big (never
 * too small) without a wrong result — and the triggers keep it exact as well.
 *
 * The old index is dropped (its pages zeroed by `secure_delete`) and rebuilt from the
 * candidate mail. Never edit this text after a release: add `013-...` instead.
 */
export const version = 12;

function addressesOf(row: string): string {
  return `(SELECT ifnull(group_concat(trim(ifnull(entry.value ->> '$.name', '') || ' ' || ifnull(entry.value ->> '$.address', '')), ' '), '')
     FROM (SELECT value FROM json_each(${row}.from_json) UNION ALL SELECT value FROM json_each(${row}.to_json)
           UNION ALL SELECT value FROM json_each(${row}.cc_json) UNION ALL SELECT value FROM json_each(${row}.bcc_json)) AS entry)`;
}

/** The indexed values of a message row, in the column order of `message_search` (the same as migration 7). */
export function indexRow(row: string): string {
  return `${row}.seq, ${row}.subject, ifnull(${row}.body_text, ''), ${addressesOf(row)}, ${row}.attachment_names`;
}

/** True when the thread whose id is `threadId` (an SQL expression) has a linked message. */
export function threadHasLink(threadId: string): string {
  return `EXISTS (SELECT 1 FROM messages lm JOIN links ll ON ll.message_id = lm.id WHERE lm.thread_id = ${threadId})`;
}

export const columns = 'rowid, subject, body, addresses, attachments';

export const sql = /* sql */ `
DROP TRIGGER messages_search_insert;
DROP TRIGGER messages_search_update;
DROP TRIGGER messages_search_delete;
DROP TABLE message_search;

ALTER TABLE messages ADD COLUMN search_indexed INTEGER NOT NULL DEFAULT 0 CHECK (search_indexed IN (0, 1));
UPDATE messages SET search_indexed = 1
WHERE rowid IN (SELECT tm.rowid FROM (SELECT DISTINCT lm.thread_id FROM links l JOIN messages lm ON lm.id = l.message_id) linked
                JOIN messages tm ON tm.thread_id = linked.thread_id);

CREATE VIRTUAL TABLE message_search USING fts5 (
  subject, body, addresses, attachments,
  content = '',
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);

INSERT INTO message_search (${columns})
SELECT ${indexRow('m')} FROM messages m WHERE m.search_indexed = 1;

-- In the index exactly while search_indexed = 1; every content change re-indexes.
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_search (${columns}) SELECT ${indexRow('NEW')} WHERE NEW.search_indexed = 1;
  UPDATE messages SET search_indexed = 1 WHERE id = NEW.id AND search_indexed = 0 AND ${threadHasLink('NEW.thread_id')};
END;

CREATE TRIGGER messages_search_update
AFTER UPDATE OF seq, subject, body_text, from_json, to_json, cc_json, bcc_json, attachment_names, search_indexed ON messages
BEGIN
  INSERT INTO message_search (message_search, ${columns}) SELECT 'delete', ${indexRow('OLD')} WHERE OLD.search_indexed = 1;
  INSERT INTO message_search (${columns}) SELECT ${indexRow('NEW')} WHERE NEW.search_indexed = 1;
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO message_search (message_search, ${columns}) SELECT 'delete', ${indexRow('OLD')} WHERE OLD.search_indexed = 1;
  UPDATE messages SET search_indexed = 0
  WHERE thread_id = OLD.thread_id AND search_indexed = 1 AND NOT ${threadHasLink('OLD.thread_id')};
END;

-- A message moved to another thread (sync joins threads): the new thread's messages join
-- when it now has a link, the old thread's leave when it has none left.
CREATE TRIGGER messages_search_thread AFTER UPDATE OF thread_id ON messages
BEGIN
  UPDATE messages SET search_indexed = 1
  WHERE thread_id = NEW.thread_id AND search_indexed = 0 AND ${threadHasLink('NEW.thread_id')};
  UPDATE messages SET search_indexed = 0
  WHERE thread_id IN (OLD.thread_id, NEW.thread_id) AND search_indexed = 1 AND NOT ${threadHasLink('messages.thread_id')};
END;

CREATE TRIGGER links_search_insert AFTER INSERT ON links
BEGIN
  UPDATE messages SET search_indexed = 1
  WHERE search_indexed = 0 AND thread_id = (SELECT thread_id FROM messages WHERE id = NEW.message_id);
END;

CREATE TRIGGER links_search_update AFTER UPDATE OF message_id ON links
BEGIN
  UPDATE messages SET search_indexed = 1
  WHERE search_indexed = 0 AND thread_id = (SELECT thread_id FROM messages WHERE id = NEW.message_id);
  UPDATE messages SET search_indexed = 0
  WHERE search_indexed = 1 AND thread_id = (SELECT thread_id FROM messages WHERE id = OLD.message_id)
    AND NOT ${threadHasLink('messages.thread_id')};
END;

-- Also when a message's deletion cascades to its links: then the message row is gone and
-- the sub-select finds no thread; messages_search_delete handles that thread instead.
CREATE TRIGGER links_search_delete AFTER DELETE ON links
BEGIN
  UPDATE messages SET search_indexed = 0
  WHERE search_indexed = 1 AND thread_id = (SELECT thread_id FROM messages WHERE id = OLD.message_id)
    AND NOT ${threadHasLink('messages.thread_id')};
END;
`;
