import { z } from 'zod';

/** Issue 24 (docs/privacy.md): data-protection requests — export, erasure report, retention. */

/** What a deletion or anonymisation removed, per kind: numbers only, never content. */
export interface ErasureCounts {
  /** Stored mail linked to this candidate only (mail shared with another candidate stays for them). */
  messages: number;
  /** Attachment rows of those messages. */
  attachments: number;
  /** Files removed from the attachments folder (content no remaining row uses). */
  attachmentFiles: number;
  drafts: number;
  /** Outbox items of any state (queued, failed, sent and kept). */
  outboxItems: number;
  /** Of those, mail scheduled for later and not yet sent. */
  scheduledItems: number;
  threads: number;
  comments: number;
  /** Full-text search rows (one per removed message). */
  searchRows: number;
  addresses: number;
  links: number;
  /** Log lines naming the candidate, counted when the deletion was committed. */
  logLines: number;
  /** Temp files (opened attachments) and cache entries named by a removed message or file. */
  tempFiles: number;
  cacheFiles: number;
  /** Crash dumps of the desktop shell: all of them, as any may hold mail that was in memory (0 in reports from before issue 24's crash-dump rule). */
  crashDumps: number;
}

export const erasureCountKinds = [
  'messages',
  'attachments',
  'attachmentFiles',
  'drafts',
  'outboxItems',
  'scheduledItems',
  'threads',
  'comments',
  'searchRows',
  'addresses',
  'links',
  'logLines',
  'tempFiles',
  'cacheFiles',
  'crashDumps',
] as const satisfies readonly (keyof ErasureCounts)[];

export interface ErasureReport {
  id: string;
  action: 'deleted' | 'anonymised';
  /** `request`: a team member deleted the candidate; `retention`: the workspace rule. */
  trigger: 'request' | 'retention';
  /** 16 hex digits of SHA-256 over the candidate's id (their export names both): no name, no address. */
  subjectRef: string;
  performedAt: string;
  /** The team member who ran it, as named then. */
  performedBy: string;
  counts: ErasureCounts;
  /** False while files of the deletion are still waiting to be purged (they are at the next start at the latest). */
  purgeComplete: boolean;
}

export const retentionActions = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof retentionActions)[number];

export interface RetentionRule {
  enabled: boolean;
  /** No activity (mail, application, draft, outbox) for this many months. */
  months: number;
  action: RetentionAction;
}

export interface RetentionCandidate {
  candidateId: string;
  name: string;
  lastActivityAt: string;
  jobTitles: string[];
}

export interface RetentionPreview {
  rule: RetentionRule;
  /** Activity before this time makes a candidate due. */
  cutoff: string;
  /** Empty while the rule is off. */
  due: RetentionCandidate[];
}

export const retentionRuleInput = z.strictObject({
  enabled: z.boolean(),
  months: z.number().int('Whole months only').min(1, 'At least 1 month').max(240, 'At most 240 months'),
  action: z.enum(retentionActions),
});

/** Text of a report for the person who asked (English and German; no personal data). */
export function erasureReportText(report: ErasureReport, language: 'en' | 'de'): string {
  const en = language === 'en';
  const labels: Record<keyof ErasureCounts, [string, string]> = {
    messages: ['Stored mail', 'Gespeicherte E-Mails'],
    attachments: ['Attachments', 'Anhänge'],
    attachmentFiles: ['Attachment files', 'Anhangsdateien'],
    drafts: ['Drafts', 'Entwürfe'],
    outboxItems: ['Outbox items', 'Postausgang-Einträge'],
    scheduledItems: ['of them scheduled', 'davon geplant'],
    threads: ['Conversations', 'Konversationen'],
    comments: ['Internal comments', 'Interne Kommentare'],
    searchRows: ['Search index entries', 'Suchindex-Einträge'],
    addresses: ['E-mail addresses', 'E-Mail-Adressen'],
    links: ['Mail links', 'E-Mail-Zuordnungen'],
    logLines: ['Log lines', 'Protokollzeilen'],
    tempFiles: ['Temporary files', 'Temporäre Dateien'],
    cacheFiles: ['Cache entries', 'Cache-Einträge'],
    crashDumps: ['Crash dumps', 'Absturzberichte'],
  };
  const lines = [
    en ? 'Hirebox erasure report' : 'Hirebox-Löschbericht',
    '',
    `${en ? 'Report' : 'Bericht'}: ${report.id}`,
    `${en ? 'Person (reference)' : 'Person (Referenz)'}: ${report.subjectRef}`,
    `${en ? 'Action' : 'Vorgang'}: ${report.action === 'deleted' ? (en ? 'deleted' : 'gelöscht') : en ? 'anonymised' : 'anonymisiert'}`,
    `${en ? 'Why' : 'Anlass'}: ${report.trigger === 'request' ? (en ? 'request' : 'Anfrage') : en ? 'retention rule' : 'Aufbewahrungsregel'}`,
    `${en ? 'When' : 'Wann'}: ${report.performedAt}`,
    `${en ? 'By' : 'Durch'}: ${report.performedBy}`,
    '',
    ...erasureCountKinds.map((kind) => `${labels[kind][en ? 0 : 1]}: ${report.counts[kind]}`),
    '',
    report.purgeComplete
      ? en
        ? 'Every file was removed.'
        : 'Alle Dateien wurden entfernt.'
      : en
        ? 'Some files were still being removed when this report was made.'
        : 'Einige Dateien wurden beim Erstellen dieses Berichts noch entfernt.',
    en
      ? 'The reference is the first 16 hex digits of SHA-256 over the candidate id in their data export. This report holds no name, address or mail content.'
      : 'Die Referenz sind die ersten 16 Hex-Ziffern von SHA-256 über die Kandidaten-ID aus dem Datenexport. Dieser Bericht enthält keinen Namen, keine Adresse und keinen E-Mail-Inhalt.',
  ];
  return `${lines.join('\n')}\n`;
}
