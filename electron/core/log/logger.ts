export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line. Secrets and mail content are removed before writing. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  /** Flush and close the file. */
  close(): void;
}
