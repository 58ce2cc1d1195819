import fs from 'node:fs';
import path from 'node:path';
import type { LogFields, Logger, LogLevel } from './logger.js';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names whose values never reach the log: secrets and mail content.
const secretKey = /pass(word)?|secret|token|authorization|cookie|credential|api[-_]?key|body|html|text|content|snippet|raw/i;

export interface FileLoggerOptions {
  /** Folder for `hirebox.log` and its rotated copies. */
  folder: string;
  level?: LogLevel;
  /** Rotate when the file would grow past this size. */
  maxBytes?: number;
  /** Rotated copies kept (`hirebox.log.1` … `.N`). */
  keep?: number;
}

/**
 * A JSON-lines logger writing to a rotating file. Values under secret-looking keys are
 * replaced before writing, so passwords, tokens and message bodies never reach the disk.
 * Writes are synchronous: a line logged just before a crash is on disk.
 */
export class FileLogger implements Logger {
  readonly #file: string;
  readonly #level: number;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #state: { fd: number | null; size: number };
  readonly #fields: LogFields;
  readonly #options: FileLoggerOptions;

  constructor(options: FileLoggerOptions, fields: LogFields = {}, shared?: FileLogger) {
    fs.mkdirSync(options.folder, { recursive: true, mode: 0o700 });
    this.#file = path.join(options.folder, 'hirebox.log');
    this.#level = levelRank[options.level ?? 'info'];
    this.#maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.#keep = options.keep ?? 3;
    this.#fields = fields;
    this.#state = shared ? shared.#state : { fd: null, size: 0 };
    this.#options = options;
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new FileLogger(this.#options, { ...this.#fields, ...fields }, this);
  }

  close(): void {
    if (this.#state.fd !== null) fs.closeSync(this.#state.fd);
    this.#state.fd = null;
  }

  #write(level: LogLevel, message: string, fields?: LogFields): void {
    if (levelRank[level] < this.#level) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact({ ...this.#fields, ...fields }) as LogFields) })}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.#state.fd === null) this.#open();
    if (this.#state.size + bytes > this.#maxBytes && this.#state.size > 0) this.#rotate();
    fs.writeSync(this.#state.fd!, line);
    this.#state.size += bytes;
  }

  #open(): void {
    this.#state.fd = fs.openSync(this.#file, 'a', 0o600);
    this.#state.size = fs.fstatSync(this.#state.fd).size;
  }

  #rotate(): void {
    this.close();
    for (let index = this.#keep; index >= 1; index -= 1) {
      const from = index === 1 ? this.#file : `${this.#file}.${index - 1}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.#file}.${index}`);
    }
    this.#open();
  }
}

/** Replaces values under secret-looking keys, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = secretKey.test(key) ? '[redacted]' : redact(inner, depth + 1);
  }
  return out;
}

/** A logger that writes nothing (tests that do not look at the log). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
  close() {},
};
