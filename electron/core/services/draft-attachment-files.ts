import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { writeAttachmentFiles } from '../mime/message-content.js';
import { dataSubfolders, isPlainFileName } from '../purge/data-folder-layout.js';
import { PurgeRunner } from '../purge/purge-runner.js';
import type { Store } from '../store/store.js';

export interface DraftAttachmentFilesOptions {
  store: Store;
  /** The engine's data folder; the files lie in its `attachments/` folder. */
  dataFolder: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * The bytes of files a user attached to a draft. They are kept as a stored mail's are —
 * `<data>/attachments/<sha256>`, mode 0600, one file per content — so the R3 purge that
 * already knows `draft_attachments` removes them with the candidate. A file no row uses any
 * more goes through a durable purge job, which resumes at engine start after a crash.
 */
export class DraftAttachmentFiles {
  readonly #store: Store;
  readonly #dataFolder: string;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #runner: PurgeRunner;

  constructor(options: DraftAttachmentFilesOptions) {
    this.#store = options.store;
    this.#dataFolder = options.dataFolder;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#runner = new PurgeRunner(options);
  }

  /** Writes the bytes once their rows are committed (no file exists for a draft never saved). */
  write(files: readonly { contentHash: string; content: Buffer }[]): void {
    writeAttachmentFiles(
      this.#dataFolder,
      files.map((file) => ({ ...file, fileName: '', mimeType: '', size: file.content.length, contentId: null, isInline: false })),
    );
  }

  /** The bytes of a kept file, or null when the file is missing. */
  read(contentHash: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/u.test(contentHash)) return null;
    try {
      return fs.readFileSync(path.join(this.#dataFolder, dataSubfolders.attachments, contentHash));
    } catch {
      return null;
    }
  }

  /**
   * Records a purge job for files whose draft rows were just removed; call it inside the
   * transaction that removed them. Returns the job id, or null when there is nothing to purge.
   */
  recordRelease(contentHashes: readonly string[], reason: string): string | null {
    const items = [...new Set(contentHashes)]
      .filter((hash) => isPlainFileName(hash))
      .map((hash) => ({ kind: 'attachment' as const, target: `${dataSubfolders.attachments}/${hash}` }));
    if (items.length === 0) return null;
    const id = randomUUID();
    this.#store.purges.insert({ id, reason, createdAt: this.#now().toISOString(), items });
    return id;
  }

  /** Runs a recorded job after its transaction committed; a file another row still uses stays. Never throws. */
  purge(jobId: string | null): void {
    if (jobId === null) return;
    try {
      this.#runner.run(jobId);
    } catch (error) {
      // The job is durable; the next engine start finishes it.
      this.#logger.error('draft attachment purge could not run, will retry at next start', { purgeJobId: jobId, error: (error as { code?: string }).code ?? 'unknown' });
    }
  }
}
