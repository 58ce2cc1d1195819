import type { Credential, CredentialSource } from '../../auth/credentials.js';
import { AppError } from '../../errors.js';
import { GraphHttpError, parseRetryAfter, translateGraphError } from './microsoft-errors.js';

/**
 * Microsoft Graph over `fetch`: the mailbox's bearer token from the credential source, one
 * refresh and one more try on a 401 (`InvalidAuthenticationToken`), at most `maxInFlight`
 * requests at once — Outlook allows 4 concurrent requests per mailbox and app
 * (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits) — and
 * `@odata.nextLink`s followed only to the Graph it was configured with, so a token never
 * goes elsewhere. Failures are translated (`translateGraphError`) unless the caller asks
 * for the raw answer.
 */
export interface GraphRequest {
  method?: 'GET' | 'POST';
  /** Extra headers (`Prefer`, `Content-Type`). */
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
  /** Called synchronously right before the request is handed to the network (sending, R15). */
  onStart?: () => void;
}

export class GraphClient {
  readonly #base: URL;
  readonly #credentials: CredentialSource;
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  #inFlight = 0;
  readonly #waiting: { take: () => void; reject: (reason: unknown) => void; signal: AbortSignal | undefined }[] = [];
  /** Signals with an abort listener already: it rejects every request of that signal still waiting. */
  readonly #watched = new WeakSet<AbortSignal>();
  #closed = false;

  constructor(graphUrl: string, credentials: CredentialSource, options: { timeoutMs: number; maxInFlight: number }) {
    this.#base = new URL(graphUrl.endsWith('/') ? graphUrl : `${graphUrl}/`);
    this.#credentials = credentials;
    this.#timeoutMs = options.timeoutMs;
    this.#maxInFlight = Math.max(1, options.maxInFlight);
  }

  close(): void {
    this.#closed = true;
  }

  /** A path below the Graph root (`me/mailFolders/inbox`), or a link Graph answered (nextLink, deltaLink). */
  url(pathOrLink: string, query: Record<string, string> = {}): URL {
    const url = /^https?:\/\//u.test(pathOrLink) ? new URL(pathOrLink) : new URL(pathOrLink, this.#base);
    if (url.origin !== this.#base.origin || !url.pathname.startsWith(this.#base.pathname)) throw new AppError('invalid-input', 'This link does not lead to the Microsoft Graph this mailbox uses.', { field: 'cursor' });
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  /** The JSON answer; failures translated. */
  async json<T>(what: string, url: URL, request: GraphRequest = {}): Promise<T> {
    const response = await this.fetch(what, url, request);
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw translateGraphError(error, what);
    }
  }

  /** The answer's bytes (`$value`); failures translated. */
  async bytes(what: string, url: URL, request: GraphRequest = {}): Promise<Buffer> {
    const response = await this.fetch(what, url, request);
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw translateGraphError(error, what);
    }
  }

  /** A successful response, its body unread; failures translated (`AppError`), an abort rejects with the signal's reason. */
  async fetch(what: string, url: URL, request: GraphRequest = {}): Promise<Response> {
    try {
      return await this.raw(url, request);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw translateGraphError(error, what);
    }
  }

  /**
   * A successful response, or the failure untranslated: `GraphHttpError` for an answer, the
   * fetch error for none. A 401 is answered by one refresh and one more try; a refresh that
   * fails is its `AppError` (`auth-required`).
   */
  async raw(url: URL, request: GraphRequest = {}): Promise<Response> {
    if (this.#closed) throw new AppError('internal', 'This Microsoft 365 connection was closed.');
    request.signal?.throwIfAborted();
    const credential = await this.#current();
    let response = await this.#send(url, request, credential);
    if (response.status === 401) {
      await response.body?.cancel();
      const fresh = await this.#credentials.refresh(credential);
      if (fresh.kind !== 'oauth') throw new AppError('auth-required', 'This mailbox signs in with Microsoft; sign in with Microsoft again.');
      request.signal?.throwIfAborted();
      response = await this.#send(url, request, fresh);
      if (response.status === 401) {
        await response.body?.cancel();
        throw new AppError('auth-required', 'Microsoft refused the renewed sign-in; sign in with Microsoft again.');
      }
    }
    if (!response.ok) throw await graphErrorOf(response);
    return response;
  }

  async #current(): Promise<Extract<Credential, { kind: 'oauth' }>> {
    const credential = await this.#credentials.current();
    if (credential.kind !== 'oauth') throw new AppError('auth-required', 'This mailbox signs in with Microsoft; sign in with Microsoft again.');
    return credential;
  }

  async #send(url: URL, request: GraphRequest, credential: Extract<Credential, { kind: 'oauth' }>): Promise<Response> {
    await this.#slot(request.signal);
    try {
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
      const pending = fetch(url, {
        method: request.method ?? 'GET',
        headers: { Authorization: `Bearer ${credential.accessToken}`, Accept: 'application/json', ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        signal,
      });
      request.onStart?.();
      const response = await pending;
      // The slot is held until the answer is read: Graph counts a request until it is done.
      const body = await response.arrayBuffer();
      return new Response(body.byteLength === 0 && (response.status === 202 || response.status === 204) ? null : body, { status: response.status, headers: response.headers });
    } finally {
      this.#release();
    }
  }

  #slot(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({
        take: () => {
          this.#inFlight += 1;
          resolve();
        },
        reject,
        signal,
      });
      // One listener per signal, however many of its requests wait (a page's header GETs share one).
      if (signal !== undefined && !this.#watched.has(signal)) {
        this.#watched.add(signal);
        signal.addEventListener(
          'abort',
          () => {
            for (const entry of this.#waiting.filter((waiting) => waiting.signal === signal)) {
              this.#waiting.splice(this.#waiting.indexOf(entry), 1);
              entry.reject(signal.reason);
            }
          },
          { once: true },
        );
      }
    });
  }

  #release(): void {
    this.#inFlight -= 1;
    this.#waiting.shift()?.take();
  }
}

async function graphErrorOf(response: Response): Promise<GraphHttpError> {
  let code: string | null = null;
  let message = '';
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null) {
      if ('code' in body.error && typeof body.error.code === 'string') code = body.error.code;
      if ('message' in body.error && typeof body.error.message === 'string') message = body.error.message;
    }
  } catch {
    // No JSON body: the status says it.
  }
  return new GraphHttpError(response.status, code, message, parseRetryAfter(response.headers.get('retry-after')));
}
