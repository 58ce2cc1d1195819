/** The text encodings a CSV import accepts. */
export type CsvEncoding = 'utf-8' | 'windows-1252';

/** A file's bytes as text, with the encoding that was used to read them. */
export interface DecodedCsvText {
  text: string;
  encoding: CsvEncoding;
}

/**
 * Reads a CSV file's bytes as UTF-8 (a byte order mark is dropped) and, when the bytes are
 * not valid UTF-8, as Windows-1252 — the default of Excel's "CSV (semicolon separated)"
 * export on German Windows. Every byte sequence is valid Windows-1252, so this never fails;
 * a file that is neither (UTF-16, .xlsx) shows up as NUL characters in the text.
 */
export function decodeCsvText(data: Uint8Array): DecodedCsvText {
  try {
    // WHATWG Encoding §10.2: `fatal` makes malformed input throw a TypeError instead of
    // turning into U+FFFD; `ignoreBOM: false` (the default) strips a leading BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return { text: new TextDecoder('windows-1252').decode(data), encoding: 'windows-1252' };
  }
}
