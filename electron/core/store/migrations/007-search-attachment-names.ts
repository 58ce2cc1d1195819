/**
 * Migration 7: search finds a mail by the names of its attachments ("lebenslauf.pdf").
 *
 * The index of migration 2 is contentless: a 'delete' must repeat exactly the values that
 * were indexed, or tokens stay behind (R3). Attachment rows come and go apart from their
 * message, so their names are first copied onto the message row (`attachment_names`, kept
 * current by triggers on `attachments`); the index then reads only the message row, and
 * the update trigger has the old names in `OLD` when they change. The names are joined in
 * the order of the attachment ids, so the same set always gives the same text.
 *
 * The old index is dropped (its pages zeroed by `secure_delete`) and rebuilt from
 * `messages`. Never edit this text after a release: add `008-...` instead.
 */
export const version = 7;

function addressesOf(row: string): string {
  return `(SELECT ifnull(group_concat(trim(ifnull(entry.value ->> '$.name', '') || ' ' || ifnull(entry.value ->> '$.address', '')), ' '), '')
     FROM (SELECT value FROM json_each(${row}.from_json) UNION ALL SELECT value FROM json_each(${row}.to_json)
           UNION ALL SELECT value FROM json_each(${row}.cc_json) UNION ALL SELECT value FROM json_each(${row}.bcc_json)) AS entry)`;
}

function indexRow(row: string): string {
  return `${row}.seq, ${row}.subject, ifnull(${row}.body_text, ''), ${addressesOf(row)}, ${row}.attachment_names`;
}

function namesOf(messageId: string): string {
  return `(SELECT ifnull(group_concat(a.file_name, ' ' ORDER BY a.id), '') FROM attachments a WHERE a.message_id = ${messageId})`;
}

export const sql = /* sql */ `
DROP TRIGGER messages_search_insert;
DROP TRIGGER messages_search_update;
DROP TRIGGER messages_search_delete;
DROP TABLE message_search;

ALTER TABLE messages ADD COLUMN attachment_names TEXT NOT NULL DEFAULT '';
UPDATE messages SET attachment_names = ${namesOf('messages.id')};

CREATE VIRTUAL TABLE message_search USING fts5 (
  subject, body, addresses, attachments,
  content = '',
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);

INSERT INTO message_search (rowid, subject, body, addresses, attachments)
SELECT ${indexRow('m')} FROM messages m;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_search (rowid, subject, body, addresses, attachments) VALUES (${indexRow('NEW')});
END;

CREATE TRIGGER messages_search_update
AFTER UPDATE OF seq, subject, body_text, from_json, to_json, cc_json, bcc_json, attachment_names ON messages
BEGIN
  INSERT INTO message_search (message_search, rowid, subject, body, addresses, attachments) VALUES ('delete', ${indexRow('OLD')});
  INSERT INTO message_search (rowid, subject, body, addresses, attachments) VALUES (${indexRow('NEW')});
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO message_search (message_search, rowid, subject, body, addresses, attachments) VALUES ('delete', ${indexRow('OLD')});
END;

CREATE TRIGGER attachments_search_insert AFTER INSERT ON attachments
BEGIN
  UPDATE messages SET attachment_names = ${namesOf('NEW.message_id')} WHERE id = NEW.message_id;
END;

CREATE TRIGGER attachments_search_update AFTER UPDATE OF file_name, message_id ON attachments
BEGIN
  UPDATE messages SET attachment_names = ${namesOf('OLD.message_id')} WHERE id = OLD.message_id;
  UPDATE messages SET attachment_names = ${namesOf('NEW.message_id')} WHERE id = NEW.message_id;
END;

CREATE TRIGGER attachments_search_delete AFTER DELETE ON attachments
BEGIN
  UPDATE messages SET attachment_names = ${namesOf('OLD.message_id')} WHERE id = OLD.message_id;
END;
`;
