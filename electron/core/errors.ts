import type { ErrorCode, ErrorDetails, FieldIssue, RuleId, WireError } from '../../shared/errors.js';
import type { TlsProblem, UnreachableCause } from '../../shared/status.js';

/**
 * What a failed connection (`network`, `timeout`) says about where it failed, for the
 * mailbox status (R14): this computer without a network, the server out of reach, or the
 * secure connection refused. Names only — never host names, addresses or server text.
 */
export type ConnectionFailure =
  | { kind: 'no-network' }
  | { kind: 'server-unreachable'; cause: UnreachableCause }
  | { kind: 'tls'; problem: TlsProblem };

export interface AppErrorOptions {
  field?: string;
  rule?: RuleId;
  retryable?: boolean;
  retryAfterMs?: number;
  /** For `network` and `timeout`: why the connection failed. */
  connection?: ConnectionFailure;
  /** Sent to the caller: only what the caller may see (e.g. a candidate they may open). */
  details?: ErrorDetails;
  /** Every field at fault, when several are (`invalid-input`). */
  issues?: FieldIssue[];
  cause?: unknown;
}

/**
 * The engine's one error type. Services and providers throw it; the API layer turns it
 * into a `WireError` (code, message, field, rule, retryable) and drops the cause.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly rule: RuleId | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly connection: ConnectionFailure | undefined;
  readonly details: ErrorDetails | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.rule = options.rule;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.connection = options.connection;
    this.details = options.details;
    this.issues = options.issues;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.field !== undefined) wire.field = this.field;
    if (this.rule !== undefined) wire.rule = this.rule;
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    if (this.details !== undefined) wire.details = this.details;
    if (this.issues !== undefined) wire.issues = this.issues;
    return wire;
  }
}

/** Any thrown value as a wire error; unknown failures become `internal` without details. */
export function toWireError(error: unknown): WireError {
  if (error instanceof AppError) return error.toWire();
  return { code: 'internal', message: 'Something went wrong inside Hirebox. The log has details.', retryable: false };
}

/**
 * A write refused because the disk is full (issue 23, fault `disk-full`): SQLite's
 * SQLITE_FULL from the database, ENOSPC or EDQUOT from a file write. `null` for anything
 * else. The run that hit it wrote nothing half (its transaction rolled back, its partial
 * files removed), so it is retried like a lost connection and goes on once there is room.
 */
export function diskFullError(error: unknown): AppError | null {
  if (error instanceof AppError) return error.code === 'disk-full' ? error : null;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT')) return null;
  return new AppError('disk-full', 'Hirebox could not save mail: the disk is full. Nothing half written was kept; sync goes on by itself once there is room.', { retryable: true, cause: error });
}
