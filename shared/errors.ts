/**
 * The one error shape that crosses the contract. Codes are named by meaning; the
 * renderer turns each code into words in one table (German and English).
 * Never a stack or a cause over the wire.
 */
export const errorCodes = [
  'invalid-input',
  'unknown-channel',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'setup-required',
  'already-set-up',
  'own-address',
  'database-too-new',
  'storage-unavailable',
  'disk-full',
  'auth-expired',
  'auth-required',
  'rate-limited',
  'network',
  'timeout',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A rule of PRODUCT.md an error enforces, e.g. `R4`. */
export type RuleId = `R${number}`;

export interface WireError {
  code: ErrorCode;
  /** English, for logs and the CLI; the UI shows its own words for `code`. */
  message: string;
  /** Dotted path of the input field at fault, e.g. `owner.email`. */
  field?: string;
  rule?: RuleId;
  retryable: boolean;
  retryAfterMs?: number;
  /**
   * Facts that let the UI help: `candidateId` and `candidateName` of the candidate an
   * address already belongs to (`conflict` on a candidate's address), so it can link there.
   */
  details?: ErrorDetails;
  /** Every field at fault when there are several (`invalid-input`); `field` is the first. */
  issues?: FieldIssue[];
}

export interface ErrorDetails {
  candidateId?: string;
  candidateName?: string;
}

export interface FieldIssue {
  field: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
