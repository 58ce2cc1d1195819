import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { PurgeItem } from '../store/repositories/purge-repository.js';
import type { CandidateRemoval } from '../store/repositories/deletion-repository.js';
import { dataSubfolders, isPlainFileName } from './data-folder-layout.js';
import { logTermsFor } from './log-lines.js';

/** How deep the temp and cache folders are searched for files named by a deleted id. */
const maxSearchDepth = 8;

/**
 * The files R3 removes after a candidate's rows are gone (PRODUCT.md R3): attachment
 * files no row uses any more, the log lines naming the candidate, and temp and cache
 * entries named by a deleted message, attachment or content hash. Reads the temp and
 * cache folders as they are now, so call it in the deleting transaction, right before
 * the purge job is written.
 * @throws AppError `storage-unavailable` when the temp or cache folder cannot be read:
 *   the deletion is better refused than leaving files behind unrecorded.
 */
export function planCandidatePurge(dataFolder: string, removal: Omit<CandidateRemoval, 'tally'>): PurgeItem[] {
  const items: PurgeItem[] = [];
  for (const hash of removal.releasedContentHashes) {
    // A name that is not one plain segment was never written by the attachment store.
    if (isPlainFileName(hash)) items.push({ kind: 'attachment', target: `${dataSubfolders.attachments}/${hash}` });
  }
  const terms = logTermsFor(removal.name, removal.addresses);
  if (terms.length > 0) items.push({ kind: 'log-lines', target: JSON.stringify(terms) });

  const names = [...removal.deletedMessageIds, ...removal.deletedAttachmentIds, ...removal.releasedContentHashes].filter(
    (name) => name.length > 0,
  );
  if (names.length > 0) {
    for (const target of findEntriesNamedBy(dataFolder, dataSubfolders.temp, names)) items.push({ kind: 'temp-file', target });
    for (const target of findEntriesNamedBy(dataFolder, dataSubfolders.cache, names)) items.push({ kind: 'cache-file', target });
  }
  // A crash dump is a copy of memory, which may hold any mail: every one goes (as temp files).
  for (const target of crashDumpFiles(dataFolder)) items.push({ kind: 'temp-file', target });
  return items;
}

/** True for a purge target inside the crash-dump folder (the report counts those apart from temp files). */
export function isCrashDumpTarget(target: string): boolean {
  return target.startsWith(`${dataSubfolders.crashDumps}/`);
}

/**
 * Every file under `<dataFolder>/crash-dumps` (Crashpad's `new/`, `pending/`, `completed/`,
 * `attachments/` and its settings), `/`-separated relative to the data folder; the folders
 * themselves stay for Crashpad.
 * @throws AppError `storage-unavailable` when the folder exists but cannot be read.
 */
function crashDumpFiles(dataFolder: string): string[] {
  const found: string[] = [];
  const visit = (relative: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dataFolder, ...relative.split('/')), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AppError('storage-unavailable', 'Hirebox cannot read its crash-dumps folder to delete what it holds.', { cause: error });
    }
    for (const entry of entries) {
      const entryPath = `${relative}/${entry.name}`;
      if (entry.isDirectory() && depth < maxSearchDepth) visit(entryPath, depth + 1);
      else found.push(entryPath);
    }
  };
  visit(dataSubfolders.crashDumps, 1);
  return found.sort();
}

/**
 * Entries under `<dataFolder>/<subfolder>` whose name contains one of `names`, as
 * `/`-separated paths relative to the data folder. A matching folder is taken whole.
 */
function findEntriesNamedBy(dataFolder: string, subfolder: string, names: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (relative: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dataFolder, ...relative.split('/')), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AppError('storage-unavailable', `Hirebox cannot read its ${subfolder} folder to find what to delete.`, { cause: error });
    }
    for (const entry of entries) {
      const entryPath = `${relative}/${entry.name}`;
      if (names.some((name) => entry.name.includes(name))) found.push(entryPath);
      else if (entry.isDirectory() && depth < maxSearchDepth) visit(entryPath, depth + 1);
    }
  };
  visit(subfolder, 1);
  return found.sort();
}
