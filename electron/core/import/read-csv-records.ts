import { CsvError, parse } from 'csv-parse/sync';
import type { ImportRowProblem } from '../../../shared/model.js';

/** The cell separators an import accepts: comma, or semicolon as German Excel writes. */
export type CsvDelimiter = ',' | ';';

/** One record of a CSV file, its cells trimmed. */
export interface CsvRecord {
  /** 1-based physical line the record starts on; a quoted cell spanning lines counts them. */
  line: number;
  cells: string[];
}

/** The records of a CSV file, or as many of them as could be read. */
export interface CsvRecords {
  delimiter: CsvDelimiter;
  /** Records in file order, the header first; blank lines and rows of empty cells left out. */
  records: CsvRecord[];
  /**
   * Set when the file breaks off, e.g. at a quote that is never closed: `records` holds the
   * whole records before the break, and nothing from `breakOff.line` on was read.
   */
  breakOff: ImportRowProblem | null;
}

/**
 * Splits CSV text into records (RFC 4180, with either delimiter). The delimiter is the
 * one of `,` and `;` that occurs more often, outside quotes, in the header line, unless
 * the file starts with Excel's `sep=;` / `sep=,` line. Never throws for malformed text:
 * a broken quote ends the reading with `breakOff` set.
 */
export function readCsvRecords(text: string): CsvRecords {
  // One line break form, so csv-parse's line count (`info.lines`) matches physical lines
  // for LF, CRLF and old-Mac CR files alike; a CRLF inside a quoted cell becomes LF.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const isBlank = lines.map((line) => line.trim() === '');
  const firstLineIndex = isBlank.indexOf(false);
  let delimiter: CsvDelimiter = ',';
  const separatorLine = firstLineIndex === -1 ? null : /^sep=([,;])$/i.exec(lines[firstLineIndex]!.trim());
  if (separatorLine !== null) {
    delimiter = separatorLine[1] as CsvDelimiter;
    // Blanked, not removed, so the line numbers after it stay physical.
    lines[firstLineIndex] = '';
    isBlank[firstLineIndex] = true;
  }
  const normalized = lines.join('\n');
  if (separatorLine === null && firstLineIndex !== -1) {
    const headerStart = lines.slice(0, firstLineIndex).reduce((offset, line) => offset + line.length + 1, 0);
    delimiter = detectDelimiter(normalized, headerStart);
  }

  /** The first non-blank line at or after `line` (1-based): where the next record starts. */
  const nextRecordStart = (line: number): number => {
    let candidate = line;
    while (candidate <= lines.length && isBlank[candidate - 1] === true) candidate += 1;
    return candidate;
  };

  const records: CsvRecord[] = [];
  let previousEndLine = 0;
  try {
    parse(normalized, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // Record by record, so the records before a broken quote survive the thrown error.
      on_record: (cells: string[], context) => {
        // `context.lines` is the line the record ends on; it starts on the first
        // non-blank line after the previous record.
        const endLine = context.lines;
        const line = Math.min(nextRecordStart(previousEndLine + 1), endLine);
        previousEndLine = endLine;
        if (cells.some((cell) => cell !== '')) records.push({ line, cells });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = Math.min(nextRecordStart(previousEndLine + 1), lines.length);
    return { delimiter, records, breakOff: { line, code: 'invalid-input', message: describeBreak(error, line) } };
  }
  return { delimiter, records, breakOff: null };
}

/** `,` or `;`, whichever occurs more often outside quotes in the line starting at `start`. */
function detectDelimiter(text: string, start: number): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    // A doubled quote inside a quoted cell toggles twice, which leaves `quoted` as it was.
    if (character === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (character === '\n') break;
    else if (character === ',') commas += 1;
    else if (character === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const notRead = 'Nothing from this line on was read; fix the file and import it again.';

function describeBreak(error: CsvError, line: number): string {
  const detectedAt = typeof error.lines === 'number' && error.lines !== line ? ` (noticed on line ${error.lines})` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${line}: a quote opened here is never closed. ${notRead}`;
    case 'INVALID_OPENING_QUOTE':
      return `line ${line}: a quote (") stands inside a cell that does not start with one${detectedAt}. Put the whole cell in quotes and double the quote inside it (""). ${notRead}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `line ${line}: text follows a closing quote${detectedAt}; a quoted cell must end at its quote. Double a quote meant as text (""). ${notRead}`;
    default:
      return `line ${line}: the file cannot be read from here on${detectedAt}: ${error.message}. ${notRead}`;
  }
}
