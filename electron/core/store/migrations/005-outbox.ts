/**
 * Migration 5: what sending through the recruiter's own mailbox (R1, R12, R15) stores
 * beyond the `outbox_items` table of migration 1.
 *
 * - `mailboxes.sent_copy`: who files the copy in Sent after sending — `append` (Hirebox
 *   appends it over IMAP, as most IMAP/SMTP servers expect of a client) or `server` (the
 *   server files it itself, as Gmail does; Hirebox waits for it and never appends a second).
 *   NULL: decided by the known-provider table (`domain/sent-copy.ts`).
 * - `mailboxes.disconnected_at`: set when the user unlinks the mailbox (R12): its sync stops
 *   and its credentials are gone, its imported mail stays (threads keep pointing at it).
 * - `outbox_items.subject`, `outbox_items.to_json`: what the outbox list shows without
 *   parsing the frozen MIME (`raw_mime`), whose Bcc must not leak into lists.
 *
 * Never edit this text after a release: add `007-...` instead.
 */
export const version = 5;

export const sql = /* sql */ `
ALTER TABLE mailboxes ADD COLUMN sent_copy TEXT CHECK (sent_copy IS NULL OR sent_copy IN ('append', 'server'));
ALTER TABLE mailboxes ADD COLUMN disconnected_at TEXT;

ALTER TABLE outbox_items ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox_items ADD COLUMN to_json TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(to_json) AND json_type(to_json) = 'array');
CREATE INDEX outbox_items_by_author_newest ON outbox_items (author_user_id, created_at, id);
`;
