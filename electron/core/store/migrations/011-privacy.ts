/**
 * Migration 11: data-protection requests (issue 24; docs/privacy.md).
 *
 * - `erasure_reports`: what a deletion or an anonymisation removed, when and by whom —
 *   counts per kind only. It holds no name, no address and no content: the person is
 *   named by `subject_ref`, the first 16 hex digits of SHA-256 over the candidate's id
 *   (the id is in their export, so the report can be matched to a request; nothing in
 *   the database leads from the reference back to a person). `performed_by_user_id` is
 *   the team member who asked (NULL once that user is removed; `performed_by_label`
 *   keeps their role or "retention rule").
 * - `retention_rule`: the workspace rule "delete or anonymise candidates with no
 *   activity for N months"; one row, off by default (no row = off).
 * - `candidates.anonymised_at`: set when retention anonymised the candidate (their row
 *   and applications stay for statistics; they are never due again).
 *
 * Never edit this text after a release: add `012-...` instead.
 */
export const version = 11;

export const sql = /* sql */ `
CREATE TABLE erasure_reports (
  id TEXT PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('deleted', 'anonymised')),
  trigger TEXT NOT NULL CHECK (trigger IN ('request', 'retention')),
  subject_ref TEXT NOT NULL CHECK (length(subject_ref) = 16),
  performed_at TEXT NOT NULL,
  performed_by_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  performed_by_label TEXT NOT NULL,
  -- { messages, attachments, attachmentFiles, drafts, outboxItems, scheduledItems, threads,
  --   comments, searchRows, addresses, links, logLines, tempFiles, cacheFiles }: numbers only.
  counts_json TEXT NOT NULL CHECK (json_valid(counts_json) AND json_type(counts_json) = 'object'),
  purge_job_id TEXT
) STRICT;
CREATE INDEX erasure_reports_newest ON erasure_reports (performed_at);

CREATE TABLE retention_rule (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  months INTEGER NOT NULL DEFAULT 24 CHECK (months BETWEEN 1 AND 240),
  action TEXT NOT NULL DEFAULT 'anonymise' CHECK (action IN ('delete', 'anonymise')),
  updated_at TEXT
) STRICT;

ALTER TABLE candidates ADD COLUMN anonymised_at TEXT;
`;
