import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/wire.js';
import { mailFrameDocument, mailFrameHeaders, mailFramePaths, mailFrameVariantOf } from '../../shared/mail-frame.js';
import { blobPathPrefix, closeCodes, maxUploadBytes, uploadPath, wsPath } from '../../shared/wire.js';
import type { EngineHandle } from '../core/thread/engine-handle.js';
import type { Logger } from '../core/log/logger.js';
import { RefusalLog } from './refusal-log.js';
import { isAllowedHost, isAllowedOrigin, tokensMatch } from './security.js';
import { resolveStaticFile } from '../core/static-files.js';

export interface HeadlessServerOptions {
  /** The engine, as the owner: in its own thread for `hirebox serve` (`startEngineThread`), in this one for tests (`inProcessEngine`). */
  engine: EngineHandle;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (`dist/renderer`). */
  rendererFolder: string;
  logger: Logger;
  /** How long a new WebSocket may stay silent before it must have sent the token. */
  authTimeoutMs?: number;
  /** How many sockets may wait for their token at once; more are refused with 503 (default 16). */
  maxUnauthenticated?: number;
  /** A burst of refusals ends (and its summary line is logged) after this long without one (default 5 s). */
  refusalQuietMs?: number;
}

export interface HeadlessServer {
  port: number;
  /** The address to open, with the token in the fragment (browsers never send it). */
  url: string;
  close(): Promise<void>;
}

const maxMessageBytes = 1024 * 1024;
/**
 * The first message proves the token: `{"type":"auth","token":"…"}` is about 70 bytes. A
 * longer first frame is refused by its size, before any of it is parsed.
 */
export const maxAuthMessageBytes = 1024;
export const defaultMaxUnauthenticated = 16;

/** Every error answer: plain text the browser must not sniff into HTML, never cached. */
const errorHeaders = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

/**
 * The headless shell: the built renderer and the contract over a WebSocket, on
 * 127.0.0.1 only. Every connection is the installation owner once it has proved the
 * token in its first message (DESIGN.md "Headless shell security").
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { engine, token, logger } = options;
  let port = options.port;
  const refusals = new RefusalLog(logger, options.refusalQuietMs);
  const maxUnauthenticated = options.maxUnauthenticated ?? defaultMaxUnauthenticated;
  // Sockets between the upgrade and their token (or refusal): capped, so idle sockets cannot pile up.
  let unauthenticated = 0;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  const server = http.createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, port)) return refuse(response, 403, 'Forbidden host');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === uploadPath) return receiveBlob(engine, token, request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed');
    if (url.pathname.startsWith(blobPathPrefix)) return void serveBlob(engine, token, request, response, url.pathname.slice(blobPathPrefix.length));
    const mailFrame = mailFrameVariantOf(url.pathname);
    if (mailFrame !== null) return serveMailFrame(mailFrame === 'images', request.method === 'HEAD', response);
    return serveRenderer(options.rendererFolder, port, url.pathname, request.method === 'HEAD', response);
  });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal =
      url.pathname !== wsPath ? '404 Not Found'
      // The token travels in the first message, never in a URL (URLs end up in logs and history).
      : url.search !== '' ? '400 Bad Request'
      : !isAllowedHost(request.headers.host, port) ? '403 Forbidden'
      : !isAllowedOrigin(request.headers.origin, port) ? '403 Forbidden'
      : unauthenticated >= maxUnauthenticated ? '503 Service Unavailable'
      : null;
    if (refusal !== null) {
      refusals.refused(`upgrade ${refusal}`, { origin: request.headers.origin ?? null });
      const retry = refusal.startsWith('503') ? 'Retry-After: 5\r\n' : '';
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n${retry}Content-Length: 0\r\n\r\n`);
      return;
    }
    unauthenticated += 1;
    let counted = true;
    const authenticatedOrGone = () => {
      if (!counted) return;
      counted = false;
      unauthenticated -= 1;
    };
    socket.once('close', authenticatedOrGone);
    sockets.handleUpgrade(request, socket, head, (ws) =>
      acceptConnection(ws, { engine, token, logger, refusals, authTimeoutMs: options.authTimeoutMs ?? 10_000, authenticatedOrGone }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        refusals.flush();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ConnectionContext {
  engine: EngineHandle;
  token: string;
  logger: Logger;
  refusals: RefusalLog;
  authTimeoutMs: number;
  /** The socket no longer waits for its token: it proved it, was refused, or closed. */
  authenticatedOrGone(): void;
}

function acceptConnection(ws: WebSocket, context: ConnectionContext): void {
  const { engine, token, logger, refusals, authTimeoutMs, authenticatedOrGone } = context;
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  // awaiting the token → ready, or refused: a refused connection acts on nothing more,
  // not even messages that were already on their way.
  let state: 'awaiting' | 'ready' | 'refused' = 'awaiting';
  let unsubscribe: (() => void) | null = null;
  const authTimer = setTimeout(() => {
    state = 'refused';
    authenticatedOrGone();
    refusals.refused('no token in time');
    ws.close(closeCodes.authTimeout, 'No token received');
  }, authTimeoutMs);

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (state === 'refused') return;
    if (state === 'awaiting') {
      // Until the token is proved the connection receives nothing but the close.
      clearTimeout(authTimer);
      authenticatedOrGone();
      // Sized before parsed: a stranger's megabyte is never read as JSON.
      const message = isBinary || byteLengthOf(data) > maxAuthMessageBytes ? undefined : parseJson(data.toString());
      if (!isRecord(message) || message.type !== 'auth' || !tokensMatch(token, message.token)) {
        state = 'refused';
        refusals.refused('wrong or missing token');
        ws.close(closeCodes.badToken, 'Wrong token');
        return;
      }
      state = 'ready';
      unsubscribe = engine.subscribe((event) => send({ type: 'event', name: event.name, payload: event.payload } as ServerMessage));
      send({ type: 'ready' });
      return;
    }
    const message = isBinary ? undefined : parseJson(data.toString());
    if (!isRecord(message) || message.type !== 'call' || typeof message.id !== 'number') {
      send({
        type: 'result',
        id: isRecord(message) && typeof message.id === 'number' ? message.id : null,
        result: { ok: false, error: { code: 'invalid-input', message: 'Not a call message: expected JSON {"type":"call","id":1,"channel":"…","input":{…}}.', field: 'message', retryable: false } },
      });
      return;
    }
    const id = message.id;
    void engine.dispatch(message.channel, message.input).then((result) => send({ type: 'result', id, result }));
  });

  ws.on('close', () => {
    clearTimeout(authTimer);
    authenticatedOrGone();
    unsubscribe?.();
  });
  ws.on('error', (error) => {
    // A stranger's broken frames are refusals like any other, counted per burst.
    if (state === 'ready') logger.warn('websocket error', { error: error.message });
    else refusals.refused('protocol error before the token');
  });
}

/**
 * `POST /blob` with the token as a bearer and the file as the body (name in
 * `X-File-Name`): the upload becomes a blob of the owner, answered with its `BlobRef`.
 */
function receiveBlob(engine: EngineHandle, token: string, request: http.IncomingMessage, response: http.ServerResponse): void {
  if (!tokensMatch(token, bearerOf(request))) return refuse(response, 401, 'Token required');
  const tooLarge = () => {
    // Answer first, then drop the connection: reading the rest of a huge body is not worth it.
    response.once('finish', () => request.destroy());
    response.writeHead(413, { ...errorHeaders, Connection: 'close' });
    response.end(`Files up to ${maxUploadBytes / 1024 / 1024} MB can be uploaded\n`);
  };
  if (Number(request.headers['content-length'] ?? 0) > maxUploadBytes) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    if (response.headersSent) return;
    size += chunk.length;
    if (size > maxUploadBytes) return tooLarge();
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (response.headersSent) return;
    const fileName = decodeFileName(request.headers['x-file-name']);
    const mimeType = request.headers['content-type']?.split(';')[0]?.trim() || 'application/octet-stream';
    void engine.offerBlob(Buffer.concat(chunks), { fileName, mimeType }).then((ref) => {
      if (ref === null) return refuse(response, 409, 'Complete first run before uploading files');
      response.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(ref));
    });
  });
}

function bearerOf(request: http.IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function decodeFileName(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === '') return 'upload';
  try {
    return decodeURIComponent(raw).slice(0, 255);
  } catch {
    return raw.slice(0, 255);
  }
}

async function serveBlob(engine: EngineHandle, token: string, request: http.IncomingMessage, response: http.ServerResponse, blobId: string): Promise<void> {
  if (!tokensMatch(token, bearerOf(request))) return refuse(response, 401, 'Token required');
  const blob = await engine.fetchBlob(blobId);
  if (blob === null) return refuse(response, 404, 'No such blob');
  response.writeHead(200, {
    'Content-Type': blob.ref.mimeType,
    'Content-Length': blob.data.length,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(blob.ref.fileName)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : Buffer.from(blob.data.buffer, blob.data.byteOffset, blob.data.byteLength));
}

function serveRenderer(folder: string, port: number, pathname: string, headOnly: boolean, response: http.ServerResponse): void {
  const found = resolveStaticFile(folder, pathname);
  if (found === null) {
    const built = fs.existsSync(folder);
    return refuse(response, built ? 404 : 503, built ? 'Not found' : 'The renderer is not built yet: run `npm run build`.');
  }
  response.writeHead(200, {
    'Content-Type': found.contentType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      // Mail is shown only in the mail frame documents, each under its own policy.
      `frame-src ${framedPaths(port)}`,
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  });
  if (headOnly) return void response.end();
  fs.createReadStream(found.file).pipe(response);
}

/** The only documents the app may frame: the two mail frame variants, by exact address. */
function framedPaths(port: number): string {
  return ['127.0.0.1', 'localhost']
    .flatMap((host) => [mailFramePaths.plain, mailFramePaths.images].map((path) => `http://${host}:${port}${path}`))
    .join(' ');
}

/** The mail frame document under its own strict policy (shared/mail-frame.ts). */
function serveMailFrame(images: boolean, headOnly: boolean, response: http.ServerResponse): void {
  response.writeHead(200, mailFrameHeaders(images));
  response.end(headOnly ? undefined : mailFrameDocument);
}

function refuse(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, errorHeaders);
  response.end(`${text}\n`);
}

function byteLengthOf(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
