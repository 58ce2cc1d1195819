/**
 * Migration 8: drafts saved as the user types, and mail templates (writing to candidates).
 *
 * - `drafts.place`: where the draft is written (`thread:<id>`, `candidate:<id>`,
 *   `forward:<thread id>`); one draft per user and place.
 * - `drafts.to_text`, `cc_text`, `bcc_text`: the address fields as typed — checked when
 *   the mail is sent, not while it is written.
 * - `drafts.composer_json`: the composer's own state (mode, the forwarded or quoted mail),
 *   parsed through its schema (shared/drafts.ts) on every read.
 * The table's `candidate_id ... ON DELETE CASCADE` (migration 1) keeps R3: a candidate's
 * drafts go with the candidate, and secure_delete (migration 2) overwrites their pages.
 * - `message_templates`: the workspace's templates, German or English, with placeholders
 *   (`{firstName}`, ... — shared/templates.ts) filled in when one is picked. They hold no
 *   candidate data.
 *
 * Never edit this text after a release: add `009-...` instead.
 */
export const version = 8;

export const sql = /* sql */ `
ALTER TABLE drafts ADD COLUMN place TEXT;
ALTER TABLE drafts ADD COLUMN to_text TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN cc_text TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN bcc_text TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN composer_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(composer_json));
CREATE UNIQUE INDEX drafts_by_author_place ON drafts (author_user_id, place) WHERE place IS NOT NULL;

CREATE TABLE message_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  language TEXT NOT NULL CHECK (language IN ('de', 'en')),
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX message_templates_by_name ON message_templates (language, name);
`;
