/**
 * Migration 3: what IMAP sync stores beyond migration 1.
 *
 * - `mailboxes.connection`: the provider settings a connection needs besides its secrets
 *   (hosts, ports, security, user name) as a JSON object. Secrets stay in `credentials`,
 *   sealed by the credential vault.
 * - `mailbox_folders.name` (the name settings show, R9) and `role_source` (the rule that
 *   gave the folder its role: `special-use`, `well-known-name`, `user`, ...).
 * - `messages.subject_key` (`subjectKey` of the subject, domain/message-headers.ts) with an
 *   index for subject joining: same key, within 14 days (PRODUCT.md "Thread"). The index
 *   is on `seq`, not `date`: `seq` follows the date to the second as an integer, whereas
 *   `date` is text whose format (fraction digits, offset) the store does not control, so
 *   a range over it could miss rows. Rows without a key never join, so they are left out.
 *   Rows stored before this migration keep the key '' and never join by subject: no
 *   release before it synced mail.
 * - `messages.internal_date`: IMAP INTERNALDATE (RFC 3501 §2.3.3), kept beside the Date
 *   header because R10 windows and `SINCE` searches go by it.
 * - `thread_nodes.is_forward`: the domain's `cut` (R6): a forward node never has a parent.
 *
 * Never edit this text after a release: add `004-...` instead.
 */
export const version = 3;

export const sql = /* sql */ `
ALTER TABLE mailboxes ADD COLUMN connection TEXT
  CHECK (connection IS NULL OR (json_valid(connection) AND json_type(connection) = 'object'));

ALTER TABLE mailbox_folders ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE mailbox_folders ADD COLUMN role_source TEXT;

ALTER TABLE messages ADD COLUMN subject_key TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN internal_date TEXT;
CREATE INDEX messages_by_subject_key ON messages (subject_key, seq) WHERE subject_key <> '';

ALTER TABLE thread_nodes ADD COLUMN is_forward INTEGER NOT NULL DEFAULT 0
  CHECK (is_forward IN (0, 1) AND (is_forward = 0 OR parent_message_id_header IS NULL));
`;
