import fs from 'node:fs';
import path from 'node:path';
import { assertNever } from '../../../shared/assert-never.js';
import type { Logger } from '../log/logger.js';
import type { PurgeItem } from '../store/repositories/purge-repository.js';
import type { Store } from '../store/store.js';
import { dataSubfolders, resolveInDataFolder } from './data-folder-layout.js';
import { removeLogLines } from './log-lines.js';

export interface PurgeRunnerOptions {
  store: Store;
  /** The engine's data folder; every purge target lies inside it. */
  dataFolder: string;
  /** Closed after log lines were removed so it reopens the rewritten file (see `removeLogLines`). */
  logger: Logger;
  now?: () => Date;
}

/** What one run of a purge job achieved. */
export interface PurgeRunOutcome {
  /** Every item is done and the job is gone. */
  finished: boolean;
  /** Items that failed in this run; they are tried again on the next run. */
  failedItems: number;
}

/**
 * Runs R3 purge jobs: deletes the files a committed deletion recorded. Every item is
 * idempotent (a file already gone counts as deleted), marked done as soon as it is, and
 * the job row goes once all are done — so a job cut short by a crash is simply run again.
 * Nothing this class logs names a person: only job ids, item kinds and error codes.
 */
export class PurgeRunner {
  readonly #store: Store;
  readonly #dataFolder: string;
  readonly #logger: Logger;
  readonly #now: () => Date;

  constructor(options: PurgeRunnerOptions) {
    this.#store = options.store;
    this.#dataFolder = options.dataFolder;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Runs the pending items of one job. An item that fails is counted on the job
   * (`attempts`, `last_error`) and left for the next run; the others still run.
   * @throws only when the store itself fails (e.g. the database is closed).
   */
  run(jobId: string): PurgeRunOutcome {
    const job = this.#store.purges.get(jobId);
    if (job === null) return { finished: true, failedItems: 0 };
    const failures: string[] = [];
    for (const item of job.items) {
      if (item.doneAt !== null) continue;
      try {
        this.#purge(item);
        this.#store.purges.markItemDone(job.id, item, this.#now().toISOString());
      } catch (error) {
        failures.push(`${item.kind}: ${errorCode(error)}`);
      }
    }
    if (failures.length > 0) {
      const lastError = failures.join('; ');
      this.#store.purges.recordFailure(job.id, lastError);
      this.#logger.warn('purge job incomplete, will retry at next start', { purgeJobId: job.id, failedItems: failures.length, error: lastError });
      return { finished: false, failedItems: failures.length };
    }
    return { finished: this.#store.purges.deleteIfDone(job.id), failedItems: 0 };
  }

  /**
   * Runs every unfinished job, oldest first (at engine start: a crash between a
   * deletion's commit and its purge must not leave files behind). Never throws: a job
   * that cannot run is logged and kept for the next start. Returns how many jobs finished.
   */
  runUnfinished(): number {
    let ids: string[];
    try {
      ids = this.#store.purges.unfinishedIds();
    } catch (error) {
      this.#logger.error('purge jobs could not be read', { error: errorCode(error) });
      return 0;
    }
    let finished = 0;
    for (const id of ids) {
      try {
        if (this.run(id).finished) finished += 1;
      } catch (error) {
        this.#logger.error('purge job failed, will retry at next start', { purgeJobId: id, error: errorCode(error) });
        try {
          this.#store.purges.recordFailure(id, errorCode(error));
        } catch {
          // The store is what failed; the job is still there for the next start.
        }
      }
    }
    return finished;
  }

  #purge(item: PurgeItem): void {
    switch (item.kind) {
      case 'attachment': {
        // A row stored after the deletion may use the same content again (the same CV
        // sent by someone else): then the file is theirs now and stays.
        const hash = item.target.slice(item.target.lastIndexOf('/') + 1);
        if (this.#store.purges.isContentHashInUse(hash)) return;
        fs.rmSync(resolveInDataFolder(this.#dataFolder, item.target), { force: true });
        return;
      }
      case 'temp-file':
      case 'cache-file':
        fs.rmSync(resolveInDataFolder(this.#dataFolder, item.target), { recursive: true, force: true });
        return;
      case 'log-lines': {
        const terms: unknown = JSON.parse(item.target);
        if (!Array.isArray(terms) || !terms.every((term) => typeof term === 'string')) {
          throw Object.assign(new Error('log-lines target is not a list of terms'), { code: 'bad-target' });
        }
        const result = removeLogLines(path.join(this.#dataFolder, dataSubfolders.logs), terms);
        // FileLogger appends through an open descriptor, which would keep writing into
        // the replaced file; closing makes it reopen the new one with its next line.
        if (result.filesRewritten > 0) this.#logger.close();
        return;
      }
      default:
        assertNever(item.kind);
    }
  }
}

/** An error's code (`EACCES`, `SQLITE_BUSY`, ...) or class name: never its message, which may hold a path or a name. */
function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown';
}
