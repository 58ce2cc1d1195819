/**
 * Migration 1: the whole domain of PRODUCT.md.
 *
 * Conventions (they hold for every later migration too):
 * - One database holds one workspace (one installation), so "unique per workspace" is
 *   "unique in this database" and no table carries a workspace id.
 * - Entities are keyed by random TEXT ids (UUID) so a later team server can merge data.
 *   Tables that only attach facts to entities (domains, aliases, team, members, reads) are
 *   keyed by the ids they join. `messages.seq` orders; it is never an identity.
 * - Timestamps are ISO-8601 TEXT (UTC). Booleans are INTEGER 0/1 with a CHECK.
 * - Addresses and domains are stored exactly as given: callers pass them normalised.
 * - Enum CHECK lists are frozen here on purpose (a migration never changes once shipped);
 *   `initial-schema.test.ts` proves they match `shared/`.
 *
 * Never edit this text after a release: add `002-...` instead.
 */
export const version = 1;

export const sql = /* sql */ `
CREATE TABLE workspace (
  id TEXT PRIMARY KEY,
  -- A second row violates UNIQUE: one installation, one workspace.
  singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE workspace_domains (
  workspace_id TEXT NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, domain)
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter', 'hiring-manager')),
  is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK (is_owner = 0 OR role = 'admin')
) STRICT;
CREATE UNIQUE INDEX users_single_owner ON users (is_owner) WHERE is_owner = 1;
CREATE INDEX users_by_name ON users (name, id);

CREATE TABLE user_aliases (
  address TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX user_aliases_by_user ON user_aliases (user_id);

CREATE TABLE user_preferences (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  language TEXT NOT NULL DEFAULT 'system' CHECK (language IN ('system', 'de', 'en'))
) STRICT;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'archived')),
  created_at TEXT NOT NULL,
  archived_at TEXT,
  CHECK ((status = 'archived') = (archived_at IS NOT NULL))
) STRICT;
CREATE INDEX jobs_newest ON jobs (created_at, id);
CREATE INDEX jobs_by_status_newest ON jobs (status, created_at, id);

CREATE TABLE job_team (
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, user_id)
) STRICT;
CREATE INDEX job_team_by_user ON job_team (user_id, job_id);

CREATE TABLE candidates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX candidates_by_name ON candidates (name, id);

CREATE TABLE candidate_addresses (
  address TEXT PRIMARY KEY,
  candidate_id TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  is_primary INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
  -- R5, decided when the address is added; recompute when the workspace domains change.
  internal INTEGER NOT NULL CHECK (internal IN (0, 1))
) STRICT;
CREATE INDEX candidate_addresses_by_candidate ON candidate_addresses (candidate_id);
CREATE UNIQUE INDEX candidate_addresses_one_primary ON candidate_addresses (candidate_id) WHERE is_primary = 1;

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  candidate_id TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  -- Jobs are archived, not deleted; RESTRICT keeps a stray delete from taking applications.
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE RESTRICT,
  stage TEXT NOT NULL CHECK (stage IN ('applied', 'screening', 'interview', 'offer', 'hired', 'rejected')),
  created_at TEXT NOT NULL,
  UNIQUE (candidate_id, job_id)
) STRICT;
CREATE INDEX applications_by_job ON applications (job_id, candidate_id);

CREATE TABLE mailboxes (
  id TEXT PRIMARY KEY,
  -- R8: one address, one connection; a second user is pointed to shared inboxes.
  address TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('imap', 'gmail', 'microsoft')),
  kind TEXT NOT NULL CHECK (kind IN ('personal', 'shared')),
  -- Disconnect or hand over mailboxes before a user goes (R12).
  owner_user_id TEXT REFERENCES users (id) ON DELETE RESTRICT,
  -- Sealed by the credential vault; the store never sees plain secrets.
  credentials BLOB,
  -- Provider-wide cursor (Gmail historyId); per-folder cursors live on mailbox_folders.
  sync_cursor TEXT,
  status TEXT NOT NULL DEFAULT '{"state":"connecting"}' CHECK (json_valid(status)),
  last_synced_at TEXT,
  is_company_inbox INTEGER NOT NULL DEFAULT 0 CHECK (is_company_inbox IN (0, 1)),
  signature TEXT,
  created_at TEXT NOT NULL,
  CHECK (kind = 'shared' OR owner_user_id IS NOT NULL),
  CHECK (is_company_inbox = 0 OR kind = 'shared')
) STRICT;
CREATE UNIQUE INDEX mailboxes_one_company_inbox ON mailboxes (is_company_inbox) WHERE is_company_inbox = 1;
CREATE INDEX mailboxes_by_owner ON mailboxes (owner_user_id);

CREATE TABLE shared_mailbox_members (
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (mailbox_id, user_id)
) STRICT;
CREATE INDEX shared_mailbox_members_by_user ON shared_mailbox_members (user_id, mailbox_id);
CREATE TRIGGER shared_mailbox_members_only_shared
BEFORE INSERT ON shared_mailbox_members
WHEN (SELECT kind FROM mailboxes WHERE id = NEW.mailbox_id) IS NOT 'shared'
BEGIN
  SELECT RAISE(ABORT, 'members can only be added to a shared mailbox');
END;

CREATE TABLE mailbox_folders (
  id TEXT PRIMARY KEY,
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  -- IMAP path, Gmail label id or Graph folder id.
  path TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('inbox', 'sent', 'custom')),
  scanned INTEGER NOT NULL DEFAULT 0 CHECK (scanned IN (0, 1)),
  uidvalidity INTEGER,
  -- Opaque to the store: HIGHESTMODSEQ/UIDNEXT, a Graph delta link, ...
  cursor TEXT,
  UNIQUE (mailbox_id, path)
) STRICT;

CREATE TABLE threads (
  id TEXT PRIMARY KEY,
  -- The mailbox the thread was first seen in; the visibility rule reads it.
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL,
  -- Kept by the messages_thread_* triggers below, never written by hand.
  message_count INTEGER NOT NULL DEFAULT 0,
  last_message_seq INTEGER,
  has_attachments INTEGER NOT NULL DEFAULT 0 CHECK (has_attachments IN (0, 1))
) STRICT;
CREATE INDEX threads_newest ON threads (last_message_seq);
CREATE INDEX threads_by_mailbox_newest ON threads (mailbox_id, last_message_seq);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  -- Follows the message date (messages repository), so newest-first walks an integer
  -- index at 10^6 messages; also the rowid of message_search.
  seq INTEGER NOT NULL UNIQUE,
  -- 'mid:<Message-ID>', or 'hash:<content hash>' where the Message-ID is missing or
  -- repeated with other content: one stored message per key (workspace-wide dedupe).
  dedupe_key TEXT NOT NULL UNIQUE,
  message_id_header TEXT,
  content_hash TEXT NOT NULL,
  in_reply_to TEXT,
  references_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(references_json) AND json_type(references_json) = 'array'),
  subject TEXT NOT NULL DEFAULT '',
  -- Arrays of { name?, address }.
  from_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(from_json) AND json_type(from_json) = 'array'),
  to_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(to_json) AND json_type(to_json) = 'array'),
  cc_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_json) AND json_type(cc_json) = 'array'),
  bcc_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bcc_json) AND json_type(bcc_json) = 'array'),
  date TEXT NOT NULL,
  snippet TEXT NOT NULL DEFAULT '',
  has_attachments INTEGER NOT NULL DEFAULT 0 CHECK (has_attachments IN (0, 1)),
  -- R2 header first: 'none' until a matched message's body is fetched; 'partial' is the
  -- bounded forward peek.
  body_state TEXT NOT NULL DEFAULT 'none' CHECK (body_state IN ('none', 'partial', 'full', 'failed')),
  body_text TEXT,
  body_html TEXT,
  size INTEGER,
  -- The Message-ID was generated by Hirebox (R5 "hirebox-thread").
  generated_by_hirebox INTEGER NOT NULL DEFAULT 0 CHECK (generated_by_hirebox IN (0, 1)),
  thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX messages_by_thread ON messages (thread_id, seq);
CREATE INDEX messages_by_message_id ON messages (message_id_header);

-- JWZ containers, keyed by Message-ID: a stored message, or a placeholder (message_id
-- NULL) for an ancestor never stored, so two replies to it still share a thread.
CREATE TABLE thread_nodes (
  message_id_header TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  message_id TEXT UNIQUE REFERENCES messages (id) ON DELETE SET NULL,
  -- NULL for a root, and for a forward, which cuts the link to its parent (R6).
  parent_message_id_header TEXT
) STRICT;
CREATE INDEX thread_nodes_by_thread ON thread_nodes (thread_id);
CREATE INDEX thread_nodes_by_parent ON thread_nodes (parent_message_id_header);

-- Where a message lives on a server; one message may have many locations.
CREATE TABLE message_locations (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  folder_id TEXT REFERENCES mailbox_folders (id) ON DELETE CASCADE,
  uidvalidity INTEGER,
  uid INTEGER,
  -- Gmail message id or Graph item id.
  provider_id TEXT,
  CHECK ((uid IS NULL) = (uidvalidity IS NULL)),
  CHECK (uid IS NULL OR folder_id IS NOT NULL),
  CHECK (uid IS NOT NULL OR provider_id IS NOT NULL),
  UNIQUE (mailbox_id, folder_id, uidvalidity, uid)
) STRICT;
CREATE UNIQUE INDEX message_locations_by_provider_id ON message_locations (mailbox_id, ifnull(folder_id, ''), provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX message_locations_by_message ON message_locations (message_id);
CREATE INDEX message_locations_by_folder ON message_locations (folder_id);

CREATE TABLE links (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  candidate_id TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason IN ('address', 'reply-chain', 'forward', 'manual', 'sample')),
  created_at TEXT NOT NULL,
  created_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (message_id, candidate_id)
) STRICT;
CREATE INDEX links_by_candidate ON links (candidate_id, message_id);
CREATE INDEX links_by_creator ON links (created_by_user_id);

-- "Not this candidate": keyed by the message's dedupe key, not its id, so the exclusion
-- outlives the message row (R3 may delete it) and a later sync does not link it again.
CREATE TABLE link_exclusions (
  dedupe_key TEXT NOT NULL,
  candidate_id TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  excluded_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (dedupe_key, candidate_id)
) STRICT;
CREATE INDEX link_exclusions_by_candidate ON link_exclusions (candidate_id);
CREATE INDEX link_exclusions_by_user ON link_exclusions (excluded_by_user_id);

CREATE TABLE message_reads (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, message_id)
) STRICT;
CREATE INDEX message_reads_by_message ON message_reads (message_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  -- Hex SHA-256 and the file name in the attachments folder; NULL until downloaded.
  -- The file goes with its last row (R3 purge).
  content_hash TEXT,
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  content_id TEXT,
  is_inline INTEGER NOT NULL DEFAULT 0 CHECK (is_inline IN (0, 1))
) STRICT;
CREATE INDEX attachments_by_message ON attachments (message_id);
CREATE INDEX attachments_by_content_hash ON attachments (content_hash);

CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  author_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  mailbox_id TEXT REFERENCES mailboxes (id) ON DELETE SET NULL,
  -- R3: a candidate's drafts go with the candidate.
  candidate_id TEXT REFERENCES candidates (id) ON DELETE CASCADE,
  reply_to_message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
  subject TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  body_html TEXT,
  to_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(to_json) AND json_type(to_json) = 'array'),
  cc_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_json) AND json_type(cc_json) = 'array'),
  bcc_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bcc_json) AND json_type(bcc_json) = 'array'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX drafts_by_author ON drafts (author_user_id, updated_at);
CREATE INDEX drafts_by_candidate ON drafts (candidate_id);
CREATE INDEX drafts_by_mailbox ON drafts (mailbox_id);
CREATE INDEX drafts_by_reply_to ON drafts (reply_to_message_id);

CREATE TABLE draft_attachments (
  id TEXT PRIMARY KEY,
  draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0)
) STRICT;
CREATE INDEX draft_attachments_by_draft ON draft_attachments (draft_id);
CREATE INDEX draft_attachments_by_content_hash ON draft_attachments (content_hash);

CREATE TABLE outbox_items (
  id TEXT PRIMARY KEY,
  -- Chosen before anything is sent (R15): a copy in Sent with this id proves delivery
  -- after a crash, so an item is never sent twice without the user choosing to.
  message_id_header TEXT NOT NULL UNIQUE,
  -- R12 moves queued items to another mailbox before a mailbox row may go.
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE RESTRICT,
  author_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  candidate_id TEXT REFERENCES candidates (id) ON DELETE CASCADE,
  draft_id TEXT REFERENCES drafts (id) ON DELETE SET NULL,
  thread_id TEXT REFERENCES threads (id) ON DELETE SET NULL,
  -- Frozen when queued, so a retry sends the same bytes.
  raw_mime BLOB,
  -- Envelope recipients, Bcc included.
  recipients_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients_json) AND json_type(recipients_json) = 'array'),
  state TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'sending', 'accepted', 'filed', 'failed-retryable', 'failed-permanent', 'outcome-unknown', 'cancelled')),
  -- The rest of the OutboxState object (startedAt, reason, refusedRecipients, ...).
  state_detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(state_detail) AND json_type(state_detail) = 'object'),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_items_due ON outbox_items (state, next_attempt_at);
CREATE INDEX outbox_items_by_mailbox ON outbox_items (mailbox_id);
CREATE INDEX outbox_items_by_author ON outbox_items (author_user_id);
CREATE INDEX outbox_items_by_candidate ON outbox_items (candidate_id);
CREATE INDEX outbox_items_by_draft ON outbox_items (draft_id);
CREATE INDEX outbox_items_by_thread ON outbox_items (thread_id);

-- R3: files to delete after a candidate's rows are gone, resumable after a crash. A job
-- is written in the deleting transaction and removed once every item is done.
CREATE TABLE purge_jobs (
  id TEXT PRIMARY KEY,
  -- Why, without personal data (e.g. 'candidate-deleted').
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT
) STRICT;

CREATE TABLE purge_job_items (
  purge_job_id TEXT NOT NULL REFERENCES purge_jobs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('attachment', 'temp-file', 'cache-file', 'log-lines')),
  -- A path inside the data folder; for 'log-lines' a JSON array of the terms whose
  -- lines are removed (it lives only as long as the job).
  target TEXT NOT NULL,
  done_at TEXT,
  PRIMARY KEY (purge_job_id, kind, target)
) STRICT;

-- Full-text search over stored candidate mail.
-- * Contentless (content=''): the text is not stored a second time; results join
--   messages by rowid = messages.seq, and snippets are cut from messages.body_text.
-- * contentless_delete=1 lets a row be deleted by rowid; the 'secure-delete' option
--   below removes the tokens from the segments at once (R3), not at the next merge.
-- * prefix indexes keep type-ahead search fast at 10^6 messages.
-- * Kept by triggers on messages rather than by repository code, so every path that
--   inserts, changes or deletes a message (sync, R3 deletion, a cascade) keeps the index
--   right. Bulk imports can drop and rebuild it instead (RECIPES.md, "SQLite").
CREATE VIRTUAL TABLE message_search USING fts5 (
  subject, body, addresses,
  content = '',
  contentless_delete = 1,
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_search (rowid, subject, body, addresses)
  VALUES (
    NEW.seq,
    NEW.subject,
    ifnull(NEW.body_text, ''),
    (SELECT ifnull(group_concat(trim(ifnull(entry.value ->> '$.name', '') || ' ' || ifnull(entry.value ->> '$.address', '')), ' '), '')
     FROM (SELECT value FROM json_each(NEW.from_json) UNION ALL SELECT value FROM json_each(NEW.to_json)
           UNION ALL SELECT value FROM json_each(NEW.cc_json) UNION ALL SELECT value FROM json_each(NEW.bcc_json)) AS entry)
  );
END;

CREATE TRIGGER messages_search_update
AFTER UPDATE OF seq, subject, body_text, from_json, to_json, cc_json, bcc_json ON messages
BEGIN
  DELETE FROM message_search WHERE rowid = OLD.seq;
  INSERT INTO message_search (rowid, subject, body, addresses)
  VALUES (
    NEW.seq,
    NEW.subject,
    ifnull(NEW.body_text, ''),
    (SELECT ifnull(group_concat(trim(ifnull(entry.value ->> '$.name', '') || ' ' || ifnull(entry.value ->> '$.address', '')), ' '), '')
     FROM (SELECT value FROM json_each(NEW.from_json) UNION ALL SELECT value FROM json_each(NEW.to_json)
           UNION ALL SELECT value FROM json_each(NEW.cc_json) UNION ALL SELECT value FROM json_each(NEW.bcc_json)) AS entry)
  );
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
  DELETE FROM message_search WHERE rowid = OLD.seq;
END;

-- Thread aggregates follow their messages, whoever inserts, moves or deletes them.
CREATE TRIGGER messages_thread_insert AFTER INSERT ON messages
BEGIN
  UPDATE threads SET
    message_count = (SELECT count(*) FROM messages m WHERE m.thread_id = threads.id),
    last_message_seq = (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id),
    has_attachments = EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1)
  WHERE id = NEW.thread_id;
END;

CREATE TRIGGER messages_thread_update AFTER UPDATE OF thread_id, seq, has_attachments ON messages
BEGIN
  UPDATE threads SET
    message_count = (SELECT count(*) FROM messages m WHERE m.thread_id = threads.id),
    last_message_seq = (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id),
    has_attachments = EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1)
  WHERE id IN (OLD.thread_id, NEW.thread_id);
END;

CREATE TRIGGER messages_thread_delete AFTER DELETE ON messages
BEGIN
  UPDATE threads SET
    message_count = (SELECT count(*) FROM messages m WHERE m.thread_id = threads.id),
    last_message_seq = (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id),
    has_attachments = EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1)
  WHERE id = OLD.thread_id;
END;
`;
