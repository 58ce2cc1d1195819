import { Worker, type TransferListItem } from 'node:worker_threads';
import type { Result } from '../../../shared/errors.js';
import type { PushedEvent } from '../../../shared/events.js';
import { AppError } from '../errors.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { Logger, LogFields, LogLevel } from '../log/logger.js';
import type { EngineHandle, EngineMessage, EngineRequest, EngineWorkerData } from './engine-handle.js';

export interface EngineThread extends EngineHandle {
  /** A logger for the server thread: its lines go to the engine thread's log file. */
  readonly logger: Logger;
  /** Resolves when the engine thread ended by itself (a crash): the reason, for the terminal. */
  readonly died: Promise<string>;
  /** The engine thread's id (not this thread's). */
  readonly threadId: number;
  /** Desktop: the window gained focus (mailboxes that poll check for new mail now). */
  windowFocused(): void;
  /** Stops every sync, checkpoints the WAL and closes the database, then ends the thread. */
  close(): Promise<void>;
}

export interface EngineThreadOptions {
  /** The bundled worker: `dist/headless/engine-worker.js` or `dist/electron/engine-worker.cjs`. */
  entry: URL | string;
  /** Desktop: opens a sign-in address in the system browser; answers whether it did. */
  openExternal?: (url: string) => Promise<boolean>;
  /** What `data` carries that must be moved, not copied (the desktop's secret-bridge port). */
  transferList?: TransferListItem[];
}

/** A request that is answered, without its id (given when sent). */
type Question = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const gone: Result<never> = { ok: false, error: { code: 'internal', message: 'The Hirebox engine has stopped.', retryable: true } };

/**
 * Starts the engine in a worker thread of its own (issue 22): the HTTP and WebSocket server
 * (headless) or the window's IPC (desktop) stays on this thread, so a 100,000-message scan
 * in the engine's event loop never delays an answer here. Rejects with the engine's own
 * `AppError` (a database from a newer Hirebox, a folder it cannot write) when it cannot start.
 */
export async function startEngineThread(data: EngineWorkerData, options: EngineThreadOptions): Promise<EngineThread> {
  const worker = new Worker(options.entry, { workerData: data, stdout: false, stderr: false, transferList: options.transferList ?? [] });
  const pending = new Map<number, (value: unknown) => void>();
  const listeners = new Set<(event: PushedEvent) => void>();
  let nextId = 1;
  let ended = false;
  let closing = false;
  let reportDeath: (reason: string) => void = () => {};
  const died = new Promise<string>((resolve) => (reportDeath = resolve));

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: EngineMessage) => {
      switch (message.kind) {
        case 'ready':
          return resolve();
        case 'failed':
          return reject(message.code === null ? new Error(message.message) : new AppError(message.code as ErrorCode, message.message));
        case 'answer':
          pending.get(message.id)?.(message.value);
          pending.delete(message.id);
          return;
        case 'event':
          for (const listener of listeners) listener(message.event);
          return;
        case 'open-external': {
          const { id, url } = message;
          const answer = (opened: boolean) => {
            if (!ended) worker.postMessage({ kind: 'opened-external', id, opened } satisfies EngineRequest);
          };
          if (options.openExternal === undefined) return answer(false);
          options.openExternal(url).then(answer, () => answer(false));
          return;
        }
      }
    });
    worker.once('error', (error) => {
      reject(error);
      if (!closing) reportDeath(error.message);
    });
    worker.once('exit', (code) => {
      ended = true;
      reject(new Error(`the engine thread ended (code ${code})`));
      if (!closing) reportDeath(`the engine thread ended (code ${code})`);
      // Whatever was asked gets an answer: the engine is gone.
      for (const resolve of pending.values()) resolve(undefined);
      pending.clear();
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const ask = <T>(request: Question, transfer: ArrayBuffer[] = []): Promise<T | undefined> => {
    if (ended) return Promise.resolve(undefined);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve as (value: unknown) => void);
      worker.postMessage({ ...request, id }, transfer);
    });
  };
  const log = (level: LogLevel, fields: LogFields) => (message: string, more?: LogFields) => {
    if (!ended) worker.postMessage({ kind: 'log', level, message, fields: { ...fields, ...more } } satisfies EngineRequest);
  };
  const loggerWith = (fields: LogFields): Logger => ({
    debug: log('debug', fields),
    info: log('info', fields),
    warn: log('warn', fields),
    error: log('error', fields),
    child: (more) => loggerWith({ ...fields, ...more }),
    close: () => {},
  });

  return {
    logger: loggerWith({}),
    died,
    threadId: worker.threadId,
    dispatch: async (channel, input) => ((await ask<Result<unknown>>({ kind: 'call', channel, input })) ?? gone),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    offerBlob: async (bytes, meta) => (await ask({ kind: 'offer-blob', data: bytes, ...meta })) ?? null,
    fetchBlob: async (blobId) => (await ask({ kind: 'fetch-blob', blobId })) ?? null,
    windowFocused() {
      if (!ended) worker.postMessage({ kind: 'window-focused' } satisfies EngineRequest);
    },
    async close() {
      if (ended) return;
      closing = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await ask({ kind: 'close' });
      // The thread ends once its port is closed; a thread that hangs is ended.
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
