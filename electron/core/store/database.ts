import Sqlite from 'better-sqlite3';
import fs from 'node:fs';
import { AppError } from '../errors.js';
import type { Migration } from './migrations/index.js';
import { migrations, newestSchemaVersion } from './migrations/index.js';

/** An open better-sqlite3 connection. */
export type Database = Sqlite.Database;

export interface OpenDatabaseOptions {
  /** Path of a better-sqlite3 native build to load (the desktop shell's Electron build). */
  nativeBinding?: string | undefined;
}

/** How long a statement waits for another connection's lock before failing. */
const busyTimeoutMs = 5_000;

/** SQLite result codes that mean the file or its folder cannot be used, not a bug. */
const storageErrorCodes = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
]);

/**
 * Opens (or creates) the engine database at `file` and brings its schema up to date.
 *
 * Order matters: the schema version is read before anything is written, so a database
 * from a newer Hirebox is refused with its file untouched. Then the pragmas (WAL, foreign
 * keys, secure delete for R3), then each pending migration in its own transaction.
 *
 * @throws AppError `database-too-new` when the file's schema is newer than this build's.
 * @throws AppError `storage-unavailable` when the file or its folder cannot be used, or the
 *   file is damaged or no database (it is left as it is).
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const db = connect(file, options.nativeBinding);
  try {
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > newestSchemaVersion) {
      throw new AppError(
        'database-too-new',
        `This data folder was written by a newer Hirebox (schema ${found}, this version knows ${newestSchemaVersion}). Update Hirebox; nothing was changed.`,
      );
    }
    configure(db);
    migrate(db, found, migrations);
    return db;
  } catch (error) {
    db.close();
    throw asStorageError(error, file);
  }
}

function connect(file: string, nativeBinding: string | undefined): Database {
  try {
    return new Sqlite(file, nativeBinding === undefined ? {} : { nativeBinding });
  } catch (error) {
    // better-sqlite3 throws a TypeError for a missing folder and SQLITE_CANTOPEN otherwise.
    throw storageUnavailable(file, error);
  }
}

function configure(db: Database): void {
  const journalMode = db.pragma('journal_mode = WAL', { simple: true });
  if (journalMode !== 'wal' && db.name !== ':memory:') {
    throw new AppError('storage-unavailable', `The database at ${db.name} cannot use write-ahead logging (got ${String(journalMode)}).`);
  }
  db.pragma('foreign_keys = ON');
  // R3: deleted rows are overwritten with zeros, not left in free pages.
  db.pragma('secure_delete = ON');
  // NORMAL is durable in WAL mode except for the last commits at power loss, never corrupt.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // SQLite's lower() folds ASCII only; name search must fold "Ö" like "ö".
  db.function('casefold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : null,
  );
}

/**
 * Fault seam (issue 23, `kill-during-migration`): with `HIREBOX_FAULT_HOLD_MIGRATION=<version>`
 * the migration of that version, once its SQL has run inside its transaction and before the
 * commit, writes `hirebox: migration <v> in transaction, <n> rows written` to stderr and
 * holds 10 s, so a kill provably lands inside its writes. Unset, nothing happens.
 */
function holdInsideMigration(db: Database, version: number, changesBefore: number): void {
  const held = process.env.HIREBOX_FAULT_HOLD_MIGRATION;
  if (held === undefined || Number(held) !== version) return;
  const rows = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - changesBefore;
  fs.writeSync(2, `hirebox: migration ${version} in transaction, ${rows} rows written\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}

/** Runs every migration above `current`, each in its own transaction with its version. */
export function migrate(db: Database, current: number, steps: readonly Migration[]): void {
  for (const step of steps) {
    if (step.version <= current) continue;
    db.transaction(() => {
      const changesBefore = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
      db.exec(step.sql);
      holdInsideMigration(db, step.version, changesBefore);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration ${step.version} (${step.name}) leaves ${broken.length} broken foreign keys.`);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}

function asStorageError(error: unknown, file: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Sqlite.SqliteError && (error.code.startsWith('SQLITE_NOTADB') || error.code.startsWith('SQLITE_CORRUPT'))) {
    return damaged(file, error);
  }
  if (error instanceof Sqlite.SqliteError && [...storageErrorCodes].some((code) => error.code.startsWith(code))) {
    return storageUnavailable(file, error);
  }
  return error;
}

/**
 * A file that is no SQLite database or a damaged one (issue 23, fault `corrupt-db-at-start`):
 * nothing was written to it (the schema version is the first thing read), and the message
 * says so, so it is kept for recovery instead of being replaced.
 */
function damaged(file: string, cause: Error): AppError {
  return new AppError(
    'storage-unavailable',
    `The database at ${file} is damaged (${cause.message}). Hirebox left it as it is, for recovery: put back a copy of it, or move it away to start with an empty database.`,
    { cause },
  );
}

function storageUnavailable(file: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'storage-unavailable',
    `Hirebox cannot open its database at ${file} (${reason}). Check that the folder exists, is writable and has free space.`,
    { cause },
  );
}
