import fs from 'node:fs';
import path from 'node:path';
import { prepareDataFolder, writeFileAtomic } from '../core/data-folder.js';
import { acquireInstanceLock, type InstanceLock } from '../core/instance-lock.js';
import type { LogLevel } from '../core/log/logger.js';
import { hireboxVersion } from '../core/version.js';
import { startEngineThread, type EngineThread } from '../core/thread/engine-thread.js';
import { createToken } from './security.js';
import { startHeadlessServer, type HeadlessServer } from './server.js';

/** What `hirebox serve` leaves in the data folder for `hirebox call` (mode 0600). */
export interface ServeRecord {
  port: number;
  token: string;
  pid: number;
}

export const serveRecordName = 'serve.json';

export interface RunningServe {
  server: HeadlessServer;
  dataFolder: string;
  /** Stops work, checkpoints the WAL, closes the database, removes the serve record. */
  stop(): Promise<void>;
  /** Resolves with the reason if the engine thread ends by itself. */
  died: Promise<string>;
}

/**
 * Starts the engine and the headless server on one data folder. Throws `AppError`
 * (`storage-unavailable`, `conflict` for a second instance, `database-too-new`) with a
 * message meant for the person at the terminal.
 */
export async function serve(options: { dataFolder: string; port: number; rendererFolder: string }): Promise<RunningServe> {
  const dataFolder = prepareDataFolder(options.dataFolder);
  const lock: InstanceLock = acquireInstanceLock(dataFolder);
  let engine: EngineThread | null = null;
  try {
    // The engine in its own thread (issue 22): this thread only serves HTTP and the WebSocket.
    engine = await startEngineThread({ dataFolder, version: hireboxVersion, logLevel: logLevel(process.env.HIREBOX_LOG_LEVEL) }, { entry: engineWorkerEntry() });
    restrictDatabaseFiles(dataFolder);
    const logger = engine.logger;
    const token = createToken();
    const server = await startHeadlessServer({ engine, token, port: options.port, rendererFolder: options.rendererFolder, logger });
    const recordFile = path.join(dataFolder, serveRecordName);
    writeFileAtomic(recordFile, JSON.stringify({ port: server.port, token, pid: process.pid } satisfies ServeRecord));
    logger.info('serving', { port: server.port, version: hireboxVersion });
    const openedEngine = engine;
    let stopping: Promise<void> | null = null;
    return {
      server,
      dataFolder,
      died: openedEngine.died,
      stop: () =>
        (stopping ??= (async () => {
          logger.info('stopping');
          await server.close();
          await openedEngine.close();
          fs.rmSync(recordFile, { force: true });
          lock.release();
        })()),
    };
  } catch (error) {
    await engine?.close();
    lock.release();
    throw error;
  }
}

/** The database and its WAL and shared-memory files (SQLite gives a WAL made later the database file's mode). */
export const databaseFileNames = ['hirebox.db', 'hirebox.db-wal', 'hirebox.db-shm'] as const;

/**
 * Makes the database files readable by their owner only (0600), whatever the umask made
 * them and whatever an older Hirebox left: they hold every candidate's mail. The data
 * folder is 0700 already; this keeps a copied or moved folder private too.
 */
export function restrictDatabaseFiles(dataFolder: string): void {
  if (process.platform === 'win32') return;
  for (const name of databaseFileNames) {
    try {
      fs.chmodSync(path.join(dataFolder, name), 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export function readServeRecord(dataFolder: string): ServeRecord | null {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dataFolder, serveRecordName), 'utf8')) as Partial<ServeRecord>;
    return typeof record.port === 'number' && typeof record.token === 'string' && typeof record.pid === 'number' ? (record as ServeRecord) : null;
  } catch {
    return null;
  }
}

function logLevel(value: string | undefined): LogLevel {
  return value === 'debug' || value === 'warn' || value === 'error' ? value : 'info';
}

/**
 * The bundled worker beside the bundled CLI (`dist/headless/engine-worker.js`). From the
 * sources (tests, `tsx`), the bundle built by `npm run build`.
 */
export function engineWorkerEntry(): URL {
  const beside = new URL('./engine-worker.js', import.meta.url);
  if (fs.existsSync(beside)) return beside;
  return new URL('../../dist/headless/engine-worker.js', import.meta.url);
}
