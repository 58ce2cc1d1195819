import type { ErasureCounts, ErasureReport, RetentionCandidate, RetentionRule } from '../../../../shared/privacy.js';
import type { Database } from '../database.js';

interface ReportRow {
  id: string;
  action: ErasureReport['action'];
  trigger: ErasureReport['trigger'];
  subject_ref: string;
  performed_at: string;
  performed_by_label: string;
  counts_json: string;
  purge_pending: number;
}

export interface NewErasureReport {
  id: string;
  action: ErasureReport['action'];
  trigger: ErasureReport['trigger'];
  subjectRef: string;
  performedAt: string;
  performedByUserId: string | null;
  performedBy: string;
  counts: ErasureCounts;
  purgeJobId: string;
}

/** What an export reads of one candidate's mail (issue 24). */
export interface ExportMessageRow {
  id: string;
  message_id_header: string | null;
  in_reply_to: string | null;
  references_json: string;
  subject: string;
  from_json: string;
  to_json: string;
  cc_json: string;
  date: string;
  body_state: string;
  body_text: string | null;
  body_html: string | null;
  thread_id: string;
  link_reason: string;
  linked_at: string;
}

export interface ExportAttachmentRow {
  id: string;
  message_id: string;
  content_hash: string | null;
  file_name: string;
  mime_type: string;
  size: number;
  content_id: string | null;
  is_inline: number;
}

const defaultRule: RetentionRule = { enabled: false, months: 24, action: 'anonymise' };

/** Erasure reports, the retention rule, and what a data export reads (issue 24; migration 11). */
export class PrivacyRepository {
  readonly #insertReport;
  readonly #reports;
  readonly #report;
  readonly #rule;
  readonly #saveRule;
  readonly #lastActivity;
  readonly #jobTitles;
  readonly #messagesOf;
  readonly #attachmentsOf;
  readonly #markAnonymised;
  readonly #isAnonymised;

  constructor(db: Database) {
    this.#insertReport = db.prepare<NewErasureReport & { countsJson: string }>(
      `INSERT INTO erasure_reports (id, action, trigger, subject_ref, performed_at, performed_by_user_id, performed_by_label, counts_json, purge_job_id)
       VALUES (@id, @action, @trigger, @subjectRef, @performedAt, @performedByUserId, @performedBy, @countsJson, @purgeJobId)`,
    );
    const reportColumns = `r.id, r.action, r.trigger, r.subject_ref, r.performed_at, r.performed_by_label, r.counts_json,
       EXISTS (SELECT 1 FROM purge_jobs p WHERE p.id = r.purge_job_id) AS purge_pending`;
    this.#reports = db.prepare<[number], ReportRow>(`SELECT ${reportColumns} FROM erasure_reports r ORDER BY r.performed_at DESC, r.rowid DESC LIMIT ?`);
    this.#report = db.prepare<[string], ReportRow>(`SELECT ${reportColumns} FROM erasure_reports r WHERE r.id = ?`);
    this.#rule = db.prepare<[], { enabled: number; months: number; action: RetentionRule['action'] }>('SELECT enabled, months, action FROM retention_rule');
    this.#saveRule = db.prepare<{ enabled: number; months: number; action: string; updatedAt: string }>(
      `INSERT INTO retention_rule (singleton, enabled, months, action, updated_at) VALUES (1, @enabled, @months, @action, @updatedAt)
       ON CONFLICT (singleton) DO UPDATE SET enabled = excluded.enabled, months = excluded.months, action = excluded.action, updated_at = excluded.updated_at`,
    );
    // The newest of: the candidate's creation, an application, a linked message, a draft
    // to them, an outbox item to them. ISO 8601 strings compare as times.
    this.#lastActivity = db.prepare<[string], { id: string; name: string; last_activity: string }>(
      `SELECT id, name, last_activity FROM (
         SELECT c.id, c.name, max(
           c.created_at,
           coalesce((SELECT max(a.created_at) FROM applications a WHERE a.candidate_id = c.id), ''),
           coalesce((SELECT max(m.date) FROM links l JOIN messages m ON m.id = l.message_id WHERE l.candidate_id = c.id), ''),
           coalesce((SELECT max(d.updated_at) FROM drafts d WHERE d.candidate_id = c.id), ''),
           coalesce((SELECT max(o.updated_at) FROM outbox_items o WHERE o.candidate_id = c.id), '')
         ) AS last_activity
         FROM candidates c WHERE c.anonymised_at IS NULL)
       WHERE last_activity < ? ORDER BY last_activity, id`,
    );
    this.#jobTitles = db
      .prepare<[string], string>('SELECT j.title FROM applications a JOIN jobs j ON j.id = a.job_id WHERE a.candidate_id = ? ORDER BY j.title')
      .pluck();
    this.#messagesOf = db.prepare<[string], ExportMessageRow>(
      `SELECT m.id, m.message_id_header, m.in_reply_to, m.references_json, m.subject, m.from_json, m.to_json, m.cc_json, m.date,
              m.body_state, m.body_text, m.body_html, m.thread_id, l.reason AS link_reason, l.created_at AS linked_at
       FROM links l JOIN messages m ON m.id = l.message_id WHERE l.candidate_id = ? ORDER BY m.seq`,
    );
    this.#attachmentsOf = db.prepare<[string], ExportAttachmentRow>(
      `SELECT a.id, a.message_id, a.content_hash, a.file_name, a.mime_type, a.size, a.content_id, a.is_inline
       FROM links l JOIN attachments a ON a.message_id = l.message_id WHERE l.candidate_id = ? ORDER BY a.message_id, a.rowid`,
    );
    this.#markAnonymised = db.prepare<[string, string]>('UPDATE candidates SET anonymised_at = ? WHERE id = ?');
    this.#isAnonymised = db.prepare<[string], number>('SELECT anonymised_at IS NOT NULL FROM candidates WHERE id = ?').pluck();
  }

  insertReport(report: NewErasureReport): void {
    this.#insertReport.run({ ...report, countsJson: JSON.stringify(report.counts) });
  }

  reports(limit = 200): ErasureReport[] {
    return this.#reports.all(limit).map(toReport);
  }

  report(id: string): ErasureReport | null {
    const row = this.#report.get(id);
    return row === undefined ? null : toReport(row);
  }

  rule(): RetentionRule {
    const row = this.#rule.get();
    return row === undefined ? { ...defaultRule } : { enabled: row.enabled === 1, months: row.months, action: row.action };
  }

  saveRule(rule: RetentionRule, updatedAt: string): void {
    this.#saveRule.run({ enabled: rule.enabled ? 1 : 0, months: rule.months, action: rule.action, updatedAt });
  }

  /** Candidates (not yet anonymised) whose last activity lies before `cutoff`, oldest first. */
  inactiveSince(cutoff: string): RetentionCandidate[] {
    return this.#lastActivity.all(cutoff).map((row) => ({ candidateId: row.id, name: row.name, lastActivityAt: row.last_activity, jobTitles: this.#jobTitles.all(row.id) }));
  }

  messagesOf(candidateId: string): ExportMessageRow[] {
    return this.#messagesOf.all(candidateId);
  }

  attachmentsOf(candidateId: string): ExportAttachmentRow[] {
    return this.#attachmentsOf.all(candidateId);
  }

  markAnonymised(candidateId: string, at: string): void {
    this.#markAnonymised.run(at, candidateId);
  }

  isAnonymised(candidateId: string): boolean {
    return this.#isAnonymised.get(candidateId) === 1;
  }
}

function toReport(row: ReportRow): ErasureReport {
  return {
    id: row.id,
    action: row.action,
    trigger: row.trigger,
    subjectRef: row.subject_ref,
    performedAt: row.performed_at,
    performedBy: row.performed_by_label,
    // Reports written before a kind was counted say nothing of it: 0.
    counts: { crashDumps: 0, ...(JSON.parse(row.counts_json) as Partial<ErasureCounts>) } as ErasureCounts,
    purgeComplete: row.purge_pending === 0,
  };
}
