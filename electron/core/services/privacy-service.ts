import fs from 'node:fs';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import yazl from 'yazl';
import type { BlobRef } from '../../../shared/model.js';
import type { ErasureReport, RetentionPreview, RetentionRule } from '../../../shared/privacy.js';
import { erasureReportText } from '../../../shared/privacy.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { dataSubfolders } from '../purge/data-folder-layout.js';
import type { Store } from '../store/store.js';
import type { ExportMessageRow } from '../store/repositories/privacy-repository.js';
import type { BlobService } from './blob-service.js';
import { subjectReferenceOf, type CandidateDeletion, type ErasureRequester } from './candidate-deletion.js';
import { mayManage, type CandidateService } from './candidate-service.js';

/** Who is acting: the viewer with their name, for the erasure report. */
export interface Actor extends Viewer {
  name: string;
}

export interface RetentionRunResult {
  reports: ErasureReport[];
  /** Candidates that had become active again (or were gone) by the time the rule ran. */
  skipped: number;
}

export interface PrivacyServiceOptions {
  store: Store;
  candidates: CandidateService;
  deletion: CandidateDeletion;
  blobs: BlobService;
  dataFolder: string;
  logger: Logger;
  now?: () => Date;
}

interface StoredAddress {
  name?: string;
  address: string;
}

/**
 * Issue 24 (docs/privacy.md): a candidate's data export (Art. 15/20), the erasure reports
 * deletions leave (Art. 17), and the workspace retention rule.
 *
 * The export is built in memory and handed out as a blob (desktop: a save dialog; headless:
 * a download): no copy of it is ever written into the data folder.
 */
export class PrivacyService {
  readonly #store: Store;
  readonly #candidates: CandidateService;
  readonly #deletion: CandidateDeletion;
  readonly #blobs: BlobService;
  readonly #dataFolder: string;
  readonly #logger: Logger;
  readonly #now: () => Date;

  constructor(options: PrivacyServiceOptions) {
    this.#store = options.store;
    this.#candidates = options.candidates;
    this.#deletion = options.deletion;
    this.#blobs = options.blobs;
    this.#dataFolder = options.dataFolder;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Everything Hirebox stores about one candidate, as a zip: `candidate.json` (profile,
   * applications with stages, links) and each stored mail as `mail/NNN.eml` with its
   * downloaded attachments. Admins and recruiters (who may delete the candidate).
   * @throws AppError `not-found`, `forbidden` (as `candidates:get`, and for hiring managers).
   */
  async exportCandidate(viewer: Viewer, candidateId: string): Promise<BlobRef> {
    requireManager(viewer, 'export');
    const profile = this.#candidates.get(viewer, candidateId);
    const messages = this.#store.privacy.messagesOf(candidateId);
    const attachments = this.#store.privacy.attachmentsOf(candidateId);
    const zip = new yazl.ZipFile();
    const output = collect(zip.outputStream);
    const mail: unknown[] = [];
    for (const [index, message] of messages.entries()) {
      const file = `mail/${String(index + 1).padStart(3, '0')}.eml`;
      const own = attachments.filter((attachment) => attachment.message_id === message.id);
      const included = own.flatMap((attachment) => {
        const content = this.#readAttachment(attachment.content_hash);
        return content === null ? [] : [{ attachment, content }];
      });
      zip.addBuffer(await emlOf(message, included), file, { mtime: dateOr(message.date, this.#now()) });
      mail.push({
        file,
        messageId: message.message_id_header,
        subject: message.subject,
        date: message.date,
        from: parseAddresses(message.from_json),
        to: parseAddresses(message.to_json),
        cc: parseAddresses(message.cc_json),
        body: message.body_state === 'full' ? 'stored' : message.body_state === 'partial' ? 'partly stored' : 'not stored',
        link: { reason: message.link_reason, createdAt: message.linked_at },
        attachments: own.map((attachment) => ({
          fileName: attachment.file_name,
          mimeType: attachment.mime_type,
          size: attachment.size,
          included: included.some((entry) => entry.attachment.id === attachment.id),
        })),
      });
    }
    const data = {
      format: 'hirebox-candidate-export/1',
      exportedAt: this.#now().toISOString(),
      candidate: {
        id: profile.id,
        reference: subjectReferenceOf(profile.id),
        name: profile.name,
        createdAt: profile.createdAt,
        addresses: profile.addresses.map((entry) => ({ address: entry.address, primary: entry.isPrimary, internal: entry.internal })),
      },
      applications: profile.applications.map((application) => ({ job: application.jobTitle, jobStatus: application.jobStatus, stage: application.stage, createdAt: application.createdAt })),
      mail,
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'), 'candidate.json', { mtime: this.#now() });
    zip.end();
    const content = await output;
    // Ids and counts only: the log never names the person (R3).
    this.#logger.info('candidate exported', { messages: messages.length, attachments: attachments.length, bytes: content.length });
    return this.#blobs.offer(viewer.userId, content, { fileName: `hirebox-export-${subjectReferenceOf(profile.id)}.zip`, mimeType: 'application/zip' });
  }

  /**
   * Deletes a candidate (R3) and returns the erasure report written with the deletion.
   * @throws AppError `not-found`, `forbidden`.
   */
  deleteCandidate(actor: Actor, candidateId: string): { candidateId: string; report: ErasureReport } {
    requireManager(actor, 'delete');
    this.#candidates.get(actor, candidateId);
    const result = this.#deletion.deleteCandidate(candidateId, requesterOf(actor, 'request'));
    return { candidateId, report: result.report };
  }

  /** Erasure reports, newest first (admins and recruiters). */
  reports(viewer: Viewer): ErasureReport[] {
    requireManager(viewer, 'read');
    return this.#store.privacy.reports();
  }

  /** One report as a text file for the person who asked. */
  reportFile(viewer: Viewer, reportId: string, language: 'en' | 'de'): BlobRef {
    requireManager(viewer, 'read');
    const report = this.#store.privacy.report(reportId);
    if (report === null) throw new AppError('not-found', 'There is no erasure report with this id.', { field: 'reportId' });
    return this.#blobs.offer(viewer.userId, Buffer.from(erasureReportText(report, language), 'utf8'), {
      fileName: `hirebox-erasure-report-${report.id.slice(0, 8)}.txt`,
      mimeType: 'text/plain; charset=utf-8',
    });
  }

  retentionRule(): RetentionRule {
    return this.#store.privacy.rule();
  }

  setRetentionRule(rule: RetentionRule): RetentionPreview {
    this.#store.privacy.saveRule(rule, this.#now().toISOString());
    return this.retentionPreview();
  }

  /** Who the rule would remove now (empty while it is off); also the reminder's count. */
  retentionPreview(): RetentionPreview {
    const rule = this.#store.privacy.rule();
    const cutoff = monthsBefore(this.#now(), rule.months).toISOString();
    return { rule, cutoff, due: rule.enabled ? this.#store.privacy.inactiveSince(cutoff) : [] };
  }

  /**
   * Runs the rule on the candidates the user confirmed from the preview (admins only, by
   * the handler): each one still due is deleted or anonymised with its own report; one
   * that became active since the preview is skipped.
   * @throws AppError `conflict` while the rule is off.
   */
  runRetention(actor: Actor, candidateIds: readonly string[]): RetentionRunResult {
    const preview = this.retentionPreview();
    if (!preview.rule.enabled) throw new AppError('conflict', 'The retention rule is off; switch it on first.');
    const due = new Set(preview.due.map((entry) => entry.candidateId));
    const requester = requesterOf(actor, 'retention');
    const reports: ErasureReport[] = [];
    let skipped = 0;
    for (const candidateId of candidateIds) {
      if (!due.has(candidateId)) {
        skipped += 1;
        continue;
      }
      const result = preview.rule.action === 'delete' ? this.#deletion.deleteCandidate(candidateId, requester) : this.#deletion.anonymiseCandidate(candidateId, requester);
      reports.push(result.report);
    }
    return { reports, skipped };
  }

  #readAttachment(contentHash: string | null): Buffer | null {
    if (contentHash === null || !/^[0-9a-f]{64}$/.test(contentHash)) return null;
    try {
      return fs.readFileSync(path.join(this.#dataFolder, dataSubfolders.attachments, contentHash));
    } catch {
      return null;
    }
  }
}

function requireManager(viewer: Viewer, what: 'export' | 'delete' | 'read'): void {
  if (mayManage(viewer)) return;
  const message =
    what === 'export' ? 'Only admins and recruiters may export a candidate’s data.' : what === 'delete' ? 'Only admins and recruiters may delete candidates.' : 'Only admins and recruiters may read erasure reports.';
  throw new AppError('forbidden', message);
}

function requesterOf(actor: Actor, trigger: ErasureReport['trigger']): ErasureRequester {
  return { userId: actor.userId, name: actor.name, trigger };
}

/** `months` calendar months before `now` (the day clamped to the target month's end). */
export function monthsBefore(now: Date, months: number): Date {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

function parseAddresses(json: string): StoredAddress[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as StoredAddress[]) : [];
  } catch {
    return [];
  }
}

function dateOr(iso: string, fallback: Date): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? fallback : date;
}

/** Hirebox keeps a mail's fields, not its original bytes: the .eml is rebuilt from what is stored. */
async function emlOf(message: ExportMessageRow, attachments: { attachment: { file_name: string; mime_type: string; content_id: string | null; is_inline: number }; content: Buffer }[]): Promise<Buffer> {
  const references = (() => {
    try {
      const value: unknown = JSON.parse(message.references_json);
      return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
    } catch {
      return [];
    }
  })();
  const asHeader = (id: string) => (id.startsWith('<') ? id : `<${id}>`);
  const composer = new MailComposer({
    from: parseAddresses(message.from_json).map(asRecipient),
    to: parseAddresses(message.to_json).map(asRecipient),
    cc: parseAddresses(message.cc_json).map(asRecipient),
    subject: message.subject,
    date: dateOr(message.date, new Date(0)),
    ...(message.message_id_header === null ? {} : { messageId: asHeader(message.message_id_header) }),
    ...(message.in_reply_to === null ? {} : { inReplyTo: asHeader(message.in_reply_to) }),
    ...(references.length === 0 ? {} : { references: references.map(asHeader) }),
    text: message.body_text ?? '',
    ...(message.body_html === null ? {} : { html: message.body_html }),
    attachments: attachments.map(({ attachment, content }) => ({
      filename: attachment.file_name,
      contentType: attachment.mime_type,
      content,
      ...(attachment.content_id === null ? {} : { cid: attachment.content_id.replace(/^<|>$/g, '') }),
      ...(attachment.is_inline === 1 ? { contentDisposition: 'inline' as const } : {}),
    })),
  });
  return composer.compile().build();
}

function asRecipient(entry: StoredAddress): string | { name: string; address: string } {
  return entry.name === undefined || entry.name === '' ? entry.address : { name: entry.name, address: entry.address };
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
