/**
 * Migration 2: make deleting a message remove its words from the search index (R3).
 *
 * Migration 1 made `message_search` contentless with `contentless_delete = 1` and deleted
 * rows by rowid. FTS5 can only do that with a tombstone: the row drops out of results,
 * but its tokens stay in the index segments until a merge happens to rewrite them — the
 * `secure-delete` option cannot help, because a contentless index does not know which
 * tokens a rowid had (the R3 proof, test/integration/r3-deletion.test.ts, found the
 * deleted subject in `message_search_data`). The fix: a plain contentless index, whose
 * triggers delete with FTS5's `'delete'` command and the row's old values, so that
 * `secure-delete` removes exactly those tokens (https://sqlite.org/fts5.html, "The
 * 'delete' command" and "The 'secure-delete' configuration option"). A plain contentless
 * table refuses `DELETE ... WHERE rowid`, so no other path can fall back to tombstones.
 *
 * The old index is dropped (its pages zeroed by `secure_delete`) and rebuilt from
 * `messages`. Never edit this text after a release: add `003-...` instead.
 */
export const version = 2;

/**
 * The `addresses` column of a message row (`row` is `NEW`, `OLD` or a table alias): the
 * same text for the insert, the rebuild and the 'delete' command — a 'delete' with other
 * values than were indexed would leave tokens behind.
 */
function addressesOf(row: string): string {
  return `(SELECT ifnull(group_concat(trim(ifnull(entry.value ->> '$.name', '') || ' ' || ifnull(entry.value ->> '$.address', '')), ' '), '')
     FROM (SELECT value FROM json_each(${row}.from_json) UNION ALL SELECT value FROM json_each(${row}.to_json)
           UNION ALL SELECT value FROM json_each(${row}.cc_json) UNION ALL SELECT value FROM json_each(${row}.bcc_json)) AS entry)`;
}

function indexRow(row: string): string {
  return `${row}.seq, ${row}.subject, ifnull(${row}.body_text, ''), ${addressesOf(row)}`;
}

export const sql = /* sql */ `
DROP TRIGGER messages_search_insert;
DROP TRIGGER messages_search_update;
DROP TRIGGER messages_search_delete;
DROP TABLE message_search;

CREATE VIRTUAL TABLE message_search USING fts5 (
  subject, body, addresses,
  content = '',
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);

INSERT INTO message_search (rowid, subject, body, addresses)
SELECT ${indexRow('m')} FROM messages m;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_search (rowid, subject, body, addresses) VALUES (${indexRow('NEW')});
END;

CREATE TRIGGER messages_search_update
AFTER UPDATE OF seq, subject, body_text, from_json, to_json, cc_json, bcc_json ON messages
BEGIN
  INSERT INTO message_search (message_search, rowid, subject, body, addresses) VALUES ('delete', ${indexRow('OLD')});
  INSERT INTO message_search (rowid, subject, body, addresses) VALUES (${indexRow('NEW')});
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO message_search (message_search, rowid, subject, body, addresses) VALUES ('delete', ${indexRow('OLD')});
END;
`;
