import { assertNever } from '../../../shared/assert-never.js';
import type { ImportRowProblem, Stage } from '../../../shared/model.js';
import { decodeCsvText, type CsvEncoding } from './decode-csv-text.js';
import { readCsvRecords, type CsvDelimiter, type CsvRecord } from './read-csv-records.js';

/** One candidate row of an import file, checked for shape only (see docs/import.md). */
export interface CandidateCsvRow {
  /** 1-based physical line the row starts on (the header is line 1). */
  line: number;
  name: string;
  /** The primary address first, then the others; each trimmed, as written, not yet validated. */
  addresses: string[];
  /** The job title, or null when the row names no job. */
  job: string | null;
  /** The stage of the application to `job`; null when the cell is empty. */
  stage: Stage | null;
}

/** What a candidate CSV file holds: the well-formed rows and a problem for every other row. */
export interface CandidateCsvParseResult {
  rows: CandidateCsvRow[];
  /** Refused rows and file-level faults, in line order; a refused row is not in `rows`. */
  problems: ImportRowProblem[];
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

type ColumnKey = 'name' | 'firstName' | 'lastName' | 'email' | 'otherEmails' | 'job' | 'stage';

/**
 * Header names per column, in the form `normalizeLabel` gives them. Documented in
 * docs/import.md; change both together.
 */
const columnNames: Record<ColumnKey, readonly string[]> = {
  name: ['name', 'full name', 'vollständiger name'],
  firstName: ['first name', 'vorname'],
  lastName: ['last name', 'nachname'],
  email: ['email', 'e-mail', 'e-mail-adresse', 'mail'],
  otherEmails: ['other emails', 'additional emails', 'weitere e-mails'],
  job: ['job', 'stelle', 'position'],
  stage: ['stage', 'phase', 'status'],
};

const columnByName = new Map<string, ColumnKey>(
  (Object.entries(columnNames) as [ColumnKey, readonly string[]][]).flatMap(([key, names]) => names.map((name) => [name, key] as const)),
);

/** Stage values in English and German, in the form `normalizeLabel` gives them. */
const stageByName = new Map<string, Stage>([
  ['applied', 'applied'],
  ['beworben', 'applied'],
  ['screening', 'screening'],
  ['vorauswahl', 'screening'],
  ['interview', 'interview'],
  ['gespräch', 'interview'],
  ['offer', 'offer'],
  ['angebot', 'offer'],
  ['hired', 'hired'],
  ['eingestellt', 'hired'],
  ['rejected', 'rejected'],
  ['abgelehnt', 'rejected'],
]);

const expectedColumns =
  'a name column (name, full name, Vollständiger Name — or first name and last name, Vorname and Nachname) ' +
  'and an email column (email, e-mail, E-Mail-Adresse, mail)';

/**
 * Reads a candidate import file: UTF-8 (with or without BOM) or Windows-1252, comma or
 * semicolon separated, a header row naming the columns in English or German.
 *
 * Checks the shape of each row on its own — a name, a primary address, a known stage — and
 * returns the rows that pass; every other row gets a problem with its line number. Address
 * validity, own addresses (R4) and duplicates are left to the service that applies the rows.
 * Never throws for malformed input: a broken quote ends the file with one problem.
 */
export function parseCandidateCsv(data: Buffer): CandidateCsvParseResult {
  const { text, encoding } = decodeCsvText(data);
  if (text.includes('\u0000')) {
    // UTF-16 text (Excel's "Unicode text") and spreadsheet files (.xlsx) carry NUL bytes; plain CSV never does.
    const problem = fileProblem('line 1: this is not a CSV text file (it may be an Excel workbook or UTF-16 text). In Excel, save it as "CSV UTF-8" or "CSV (semicolon separated)".');
    return { rows: [], problems: [problem], encoding, delimiter: ',' };
  }

  const { delimiter, records, breakOff } = readCsvRecords(text);
  const [header, ...body] = records;
  if (header === undefined) {
    const problem = breakOff ?? fileProblem('line 1: the file is empty; it needs a header row and a row per candidate.');
    return { rows: [], problems: [problem], encoding, delimiter };
  }

  const columns = mapColumns(header);
  if ('problem' in columns) return { rows: [], problems: [columns.problem], encoding, delimiter };

  const rows: CandidateCsvRow[] = [];
  const problems: ImportRowProblem[] = [];
  for (const record of body) {
    const checked = checkRow(record, columns.index);
    if ('row' in checked) rows.push(checked.row);
    else problems.push(...checked.problems);
  }
  if (breakOff !== null) problems.push(breakOff);
  return { rows, problems, encoding, delimiter };
}

/** Header labels compare without case, surrounding or repeated spaces, `_` for space, or Unicode form. */
function normalizeLabel(label: string): string {
  return label.normalize('NFC').replace(/\uFEFF/g, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

type ColumnIndex = Partial<Record<ColumnKey, number>>;

function mapColumns(header: CsvRecord): { index: ColumnIndex } | { problem: ImportRowProblem } {
  const index: ColumnIndex = {};
  for (const [position, label] of header.cells.entries()) {
    const key = columnByName.get(normalizeLabel(label));
    if (key === undefined) continue;
    const earlier = index[key];
    if (earlier !== undefined) {
      const message = `line ${header.line}: the columns "${header.cells[earlier]}" and "${label}" both mean ${describeColumn(key)}; keep one of them.`;
      return { problem: { line: header.line, code: 'invalid-input', field: 'header', message } };
    }
    index[key] = position;
  }
  const hasName = index.name !== undefined || index.firstName !== undefined || index.lastName !== undefined;
  if (!hasName || index.email === undefined) {
    const found = header.cells.filter((cell) => cell !== '').map((cell) => `"${cell}"`).join(', ');
    const missing = [hasName ? null : 'no name column', index.email === undefined ? 'no email column' : null].filter((part) => part !== null).join(' and ');
    const message = `line ${header.line}: the header has ${missing}. Columns found: ${found}. Expected ${expectedColumns}.`;
    return { problem: { line: header.line, code: 'invalid-input', field: 'header', message } };
  }
  return { index };
}

function describeColumn(key: ColumnKey): string {
  switch (key) {
    case 'name':
      return 'the name';
    case 'firstName':
      return 'the first name';
    case 'lastName':
      return 'the last name';
    case 'email':
      return 'the primary email address';
    case 'otherEmails':
      return 'the other email addresses';
    case 'job':
      return 'the job';
    case 'stage':
      return 'the stage';
    default:
      return assertNever(key);
  }
}


function checkRow(record: CsvRecord, index: ColumnIndex): { row: CandidateCsvRow } | { problems: ImportRowProblem[] } {
  const { line } = record;
  const cell = (key: ColumnKey): string => (index[key] === undefined ? '' : (record.cells[index[key]] ?? '').trim());
  const problems: ImportRowProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ line, code: 'invalid-input', field, message: `line ${line}: ${message}` });

  // A name cell wins; first and last name are the fallback, as exports often carry all three.
  const name = collapseSpaces(cell('name') || [cell('firstName'), cell('lastName')].filter((part) => part !== '').join(' '));
  if (name === '') refuse('name', 'the name is empty.');

  const primary = cell('email');
  if (primary === '') refuse('email', 'the email address is empty.');
  // Several other addresses share one cell, separated by spaces, "|", "," or ";".
  const others = cell('otherEmails').split(/[\s|,;]+/).filter((address) => address !== '');

  const job = collapseSpaces(cell('job'));
  const stageText = cell('stage');
  const stage = stageText === '' ? null : (stageByName.get(normalizeLabel(stageText)) ?? undefined);
  if (stage === undefined) {
    refuse('stage', `the stage "${stageText}" is not known. Use applied, screening, interview, offer, hired, rejected — or beworben, Vorauswahl, Interview/Gespräch, Angebot, eingestellt, abgelehnt.`);
  } else if (stage !== null && job === '') {
    // A stage belongs to an application, and an application to a job.
    refuse('stage', `the stage "${stageText}" needs a job in the job column.`);
  }

  if (problems.length > 0) return { problems };
  return {
    row: { line, name, addresses: [...new Set([primary, ...others])], job: job === '' ? null : job, stage: stage ?? null },
  };
}

/** Names and job titles are one line; a line break or tab inside a quoted cell becomes a space. */
function collapseSpaces(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A fault of the whole file rather than of a row. */
function fileProblem(message: string): ImportRowProblem {
  return { line: 1, code: 'invalid-input', field: 'file', message };
}
