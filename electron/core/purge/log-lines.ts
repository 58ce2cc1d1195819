import fs from 'node:fs';
import path from 'node:path';

export interface LogPurgeResult {
  /** Log files written anew because they held at least one such line. */
  filesRewritten: number;
  linesRemoved: number;
}

/**
 * The terms whose log lines R3 removes for a deleted person: their name and addresses,
 * lower-cased, in both Unicode normal forms and as `JSON.stringify` writes them inside a
 * JSON log line (quotes and backslashes escaped). Empty terms are dropped — they would
 * match every line.
 */
export function logTermsFor(name: string, addresses: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const value of [name, ...addresses]) {
    const term = value.trim().toLowerCase();
    if (term === '') continue;
    for (const form of [term, term.normalize('NFC'), term.normalize('NFD')]) {
      terms.add(form);
      terms.add(JSON.stringify(form).slice(1, -1));
    }
  }
  return [...terms];
}

/**
 * Rewrites every file in `folder` (the log and its rotated copies) without the lines
 * that contain any of `terms` (lower-case; compared case-insensitively). Each file is
 * replaced atomically — a temp file beside it, mode 0600, then a rename — so a crash
 * leaves the old or the new file, never half of one; files without such lines are left
 * alone. A missing folder holds nothing to remove.
 *
 * A logger that keeps the old file open writes into the replaced inode afterwards: the
 * caller makes it reopen the file (`Logger.close()`; FileLogger reopens on its next line).
 */
export function removeLogLines(folder: string, terms: readonly string[]): LogPurgeResult {
  const result: LogPurgeResult = { filesRewritten: 0, linesRemoved: 0 };
  const needles = terms.map((term) => term.toLowerCase()).filter((term) => term !== '');
  if (needles.length === 0) return result;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(folder, entry.name);
    if (entry.name.endsWith(tempSuffix)) {
      // Left by a run that crashed before its rename; it holds only lines already kept.
      fs.rmSync(file, { force: true });
      continue;
    }
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const kept = lines.filter((line) => {
      const lower = line.toLowerCase();
      return !needles.some((needle) => containsWord(lower, needle));
    });
    const removed = lines.length - kept.length;
    if (removed === 0) continue;
    replaceFile(file, kept.join('\n'));
    result.filesRewritten += 1;
    result.linesRemoved += removed;
  }
  return result;
}

/**
 * How many lines of the files in `folder` contain one of `terms` — what `removeLogLines`
 * would remove now (the erasure report counts them in the deleting transaction, before
 * the purge runs). Reads only; a missing folder holds none.
 */
export function countLogLines(folder: string, terms: readonly string[]): number {
  const needles = terms.map((term) => term.toLowerCase()).filter((term) => term !== '');
  if (needles.length === 0) return 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let count = 0;
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.endsWith(tempSuffix)) continue;
    for (const line of fs.readFileSync(path.join(folder, entry.name), 'utf8').split('\n')) {
      const lower = line.toLowerCase();
      if (needles.some((needle) => containsWord(lower, needle))) count += 1;
    }
  }
  return count;
}

const tempSuffix = '.purge-tmp';
const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * Whether `needle` occurs in `text` as a whole word: not glued to a letter or digit on
 * either side. A short name ("Ed") then removes the lines naming Ed, not every line with
 * "closed" in it; "anna@example.org" does not take "hanna@example.org" with it.
 */
function containsWord(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1];
    const after = text[at + needle.length];
    if ((before === undefined || !wordCharacter.test(before)) && (after === undefined || !wordCharacter.test(after))) return true;
  }
  return false;
}

function replaceFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}${tempSuffix}`;
  try {
    fs.writeFileSync(temp, content, { mode: 0o600 });
    // writeFileSync applies the mode only to a new file, and the umask still narrows it.
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
