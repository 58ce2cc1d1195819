import type { Result, WireError } from '../../../shared/errors.js';
import type { BlobRef } from '../../../shared/model.js';
import { uploadPath } from '../../../shared/wire.js';
import { isResult, networkError } from './transport.js';

/**
 * The desktop bridge's upload, when the preload offers one: the file's bytes go over IPC
 * and come back as a `BlobRef` (the same answer `POST /blob` gives).
 */
export type BridgeUpload = (bytes: Uint8Array, fileName: string, mimeType: string) => Promise<Result<BlobRef>>;

export interface HttpUploadOptions {
  /** `fetch`, or a stand-in in tests. */
  fetch: typeof fetch;
  /** The headless key; `null` when the address had none. */
  token: string | null;
  /** Where the headless shell listens: the page's own origin. */
  origin: string;
}

function failure(code: WireError['code'], message: string, extra: Partial<WireError> = {}): { ok: false; error: WireError } {
  return { ok: false, error: { code, message, retryable: false, ...extra } };
}

/** True for an object shaped like `BlobRef`. */
export function isBlobRef(value: unknown): value is BlobRef {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['blobId'] === 'string' &&
    typeof record['fileName'] === 'string' &&
    typeof record['mimeType'] === 'string' &&
    typeof record['size'] === 'number'
  );
}

/**
 * Uploads a file to the headless shell: `POST /blob` with the raw bytes as body, the key
 * as `Authorization: Bearer`, and the file name in `X-File-Name`. Header values must be
 * Latin-1 (Fetch), and file names often are not ("Bewerbungen März.csv"), so the name is
 * always percent-encoded (UTF-8, as `encodeURIComponent` does; the server decodes it).
 * Never throws: a failure resolves as an error result.
 */
export async function uploadOverHttp(options: HttpUploadOptions, file: Blob, fileName: string): Promise<Result<BlobRef>> {
  if (options.token === null) {
    return failure('unauthenticated', 'This link has expired; open the address Hirebox printed.');
  }
  let response: Response;
  try {
    response = await options.fetch(`${options.origin}${uploadPath}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${options.token}`,
        'X-File-Name': encodeURIComponent(fileName),
        'Content-Type': file.type || 'application/octet-stream',
      },
      body: file,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return networkError('The upload did not reach Hirebox.');
  }
  const body = await readJson(response);
  if (response.ok) {
    if (isBlobRef(body)) return { ok: true, value: body };
    if (isResult(body)) {
      if (!body.ok) return body;
      return isBlobRef(body.value) ? { ok: true, value: body.value } : malformed();
    }
    return malformed();
  }
  // The server may answer with the usual error envelope; otherwise the status says enough.
  if (isResult(body) && !body.ok) return body;
  if (isErrorBody(body)) return { ok: false, error: body.error };
  switch (response.status) {
    case 401:
      return failure('unauthenticated', 'The upload was refused: the key is not valid.');
    case 403:
      return failure('forbidden', 'The upload was refused.');
    case 413:
      return failure('invalid-input', 'The file is too large.', { field: 'file' });
    case 400:
    case 415:
      return failure('invalid-input', 'The file was refused.', { field: 'file' });
    case 409:
      return failure('setup-required', 'Finish the setup before uploading files.');
    case 404:
    case 405:
      return failure('unknown-channel', 'This Hirebox does not accept uploads.');
    case 429:
      return failure('rate-limited', 'Too many uploads at once.', { retryable: true });
    case 503:
      return failure('storage-unavailable', 'Hirebox cannot store the file right now.', { retryable: true });
    default:
      return failure('internal', `The upload failed with HTTP ${response.status}.`);
  }
}

function malformed(): { ok: false; error: WireError } {
  return failure('internal', 'Hirebox answered the upload with something unreadable.');
}

function isErrorBody(value: unknown): value is { error: WireError } {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as Record<string, unknown>)['error'];
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Record<string, unknown>)['code'] === 'string' &&
    typeof (error as Record<string, unknown>)['message'] === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Uploads through the desktop bridge. The bytes are read here, since a `Blob` does not
 * cross the context bridge; the answer is checked like every other IPC answer.
 */
export async function uploadOverBridge(upload: BridgeUpload, file: Blob, fileName: string): Promise<Result<BlobRef>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return failure('invalid-input', 'The file could not be read.', { field: 'file' });
  }
  try {
    const result: unknown = await upload(bytes, fileName, file.type || 'application/octet-stream');
    if (!isResult(result)) return malformed();
    if (result.ok && !isBlobRef(result.value)) return malformed();
    return result as Result<BlobRef>;
  } catch {
    return networkError('The desktop shell did not pass the upload on.');
  }
}
