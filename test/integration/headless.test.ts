import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { installationOwner } from '../../electron/core/api/caller.js';
import { HeadlessClient } from '../../electron/headless/client.js';
import { inProcessEngine } from '../../electron/core/thread/engine-handle.js';
import { maxAuthMessageBytes, startHeadlessServer, type HeadlessServer } from '../../electron/headless/server.js';
import type { Logger, LogFields } from '../../electron/core/log/logger.js';
import { mailFrameDocument, mailFramePolicy } from '../../shared/mail-frame.js';
import { silentLogger } from '../../electron/core/log/file-logger.js';
import { openTestEngine, setUpWorkspace, type TestEngine } from '../support/engine.js';
import { makeTempFolder } from '../support/temp-folder.js';

// The headless shell over a real socket: only a client that proves the token in its
// first message gets any data.

const token = 'correct-horse-battery-staple-0123456789abcdef';
let subject: TestEngine;
let server: HeadlessServer;
let renderer: { folder: string; remove(): void };

beforeAll(async () => {
  subject = openTestEngine();
  renderer = makeTempFolder('hirebox-renderer-');
  fs.writeFileSync(path.join(renderer.folder, 'index.html'), '<!doctype html><title>Hirebox</title>');
  server = await startHeadlessServer({ engine: inProcessEngine(subject.engine), token, port: 0, rendererFolder: renderer.folder, logger: silentLogger, authTimeoutMs: 500 });
});

afterAll(async () => {
  await server.close();
  subject.dispose();
  renderer.remove();
});

interface Outcome {
  /** HTTP status when the upgrade was refused. */
  refusedStatus?: number;
  closeCode?: number;
  received: string[];
}

/** Opens a socket, sends `messages` once open, and reports everything it received until closed. */
function attempt(options: { path?: string; headers?: Record<string, string>; messages?: string[]; waitMs?: number; port?: number }): Promise<Outcome> {
  return new Promise((resolve) => {
    const received: string[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${options.port ?? server.port}${options.path ?? '/ws'}`, { headers: options.headers ?? {} });
    const finish = (outcome: Omit<Outcome, 'received'>) => resolve({ ...outcome, received });
    socket.on('unexpected-response', (_request, response) => finish({ refusedStatus: response.statusCode ?? 0 }));
    socket.on('open', () => {
      for (const message of options.messages ?? []) socket.send(message);
      if (options.waitMs !== undefined) setTimeout(() => socket.close(), options.waitMs);
    });
    socket.on('message', (data) => received.push(data.toString()));
    socket.on('close', (code) => finish({ closeCode: code }));
    socket.on('error', () => {});
  });
}

const call = JSON.stringify({ type: 'call', id: 1, channel: 'app:info', input: {} });

describe('who may connect', () => {
  it('closes a connection that never sends the token, having sent nothing', async () => {
    const outcome = await attempt({ messages: [call] });
    expect(outcome.closeCode).toBe(4401);
    expect(outcome.received).toEqual([]);
  });

  it('closes a silent connection after the auth timeout', async () => {
    const outcome = await attempt({});
    expect(outcome.closeCode).toBe(4408);
    expect(outcome.received).toEqual([]);
  });

  it('closes a connection with a wrong token', async () => {
    const outcome = await attempt({ messages: [JSON.stringify({ type: 'auth', token: `${token}x` }), call] });
    expect(outcome.closeCode).toBe(4401);
    expect(outcome.received).toEqual([]);
  });

  it('acts on nothing sent after a wrong token, not even the right token', async () => {
    const setUp = JSON.stringify({ type: 'call', id: 2, channel: 'setup:create', input: { workspaceName: 'Evil', domains: ['evil.example'], owner: { name: 'E', email: 'e@evil.example' } } });
    const outcome = await attempt({ messages: [JSON.stringify({ type: 'auth', token: 'wrong' }), JSON.stringify({ type: 'auth', token }), setUp] });
    expect(outcome.closeCode).toBe(4401);
    expect(outcome.received).toEqual([]);
    expect(subject.engine.store.workspace.get()).toBeNull();
  });

  it('refuses the token in a query string', async () => {
    const outcome = await attempt({ path: `/ws?token=${token}`, messages: [call] });
    expect(outcome.refusedStatus).toBe(400);
    expect(outcome.received).toEqual([]);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const outcome = await attempt({ headers: { Origin: 'https://evil.example' }, messages: [JSON.stringify({ type: 'auth', token }), call] });
    expect(outcome.refusedStatus).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) even with the right token', async () => {
    const outcome = await attempt({ headers: { Host: `evil.example:${server.port}` }, messages: [JSON.stringify({ type: 'auth', token }), call] });
    expect(outcome.refusedStatus).toBe(403);
  });

  it('refuses a first message longer than an auth message, without reading it, even if it holds the right token', async () => {
    const padded = JSON.stringify({ type: 'auth', token, padding: 'x'.repeat(512 * 1024) });
    const outcome = await attempt({ messages: [padded, call], waitMs: 300 });
    expect(outcome.closeCode).toBe(4401);
    expect(outcome.received).toEqual([]);
    // Just under the limit, the token still counts.
    const short = JSON.stringify({ type: 'auth', token, padding: 'x'.repeat(maxAuthMessageBytes - token.length - 60) });
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(maxAuthMessageBytes);
    const accepted = await attempt({ messages: [short, call], waitMs: 300 });
    expect(accepted.received.map((text) => JSON.parse(text).type)).toEqual(['ready', 'result']);
  });

  it('serves our own page origin with the right token', async () => {
    const outcome = await attempt({
      headers: { Origin: `http://127.0.0.1:${server.port}` },
      messages: [JSON.stringify({ type: 'auth', token }), call],
      waitMs: 300,
    });
    expect(outcome.received.map((text) => JSON.parse(text))).toEqual([
      { type: 'ready' },
      { type: 'result', id: 1, result: { ok: true, value: { version: '0.0.0-test', setupNeeded: true } } },
    ]);
  });
});

describe('calls over the socket', () => {
  it('answers a message that is not JSON with invalid-input and keeps the connection', async () => {
    const outcome = await attempt({ messages: [JSON.stringify({ type: 'auth', token }), '{not json', call], waitMs: 300 });
    const messages = outcome.received.map((text) => JSON.parse(text));
    expect(messages[1]).toMatchObject({ type: 'result', id: null, result: { ok: false, error: { code: 'invalid-input', field: 'message' } } });
    expect(messages[2]).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
  });

  it('pushes events to an authenticated connection', async () => {
    const client = await HeadlessClient.connect(server.port, token);
    try {
      await setUpWorkspace(subject.engine);
      await client.call('preferences:update', { language: 'de' });
      await expect.poll(() => client.events.map((event) => event.name)).toContain('preferences:changed');
    } finally {
      client.close();
    }
  });
});

function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      })
      .on('error', reject);
  });
}

describe('HTTP', () => {
  it('serves the renderer with a strict policy, and nothing for a foreign Host', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Strict for the app's page: no inline styles, no remote images; it may frame only the mail frame.
    const policy = Object.fromEntries(String(page.headers['content-security-policy']).split('; ').map((directive) => [directive.split(' ')[0], directive.slice(directive.indexOf(' ') + 1)]));
    expect(policy).toMatchObject({ 'script-src': "'self'", 'style-src': "'self'", 'img-src': "'self' data:", 'object-src': "'none'" });
    expect(policy['frame-src']?.split(' ')).toEqual(['127.0.0.1', 'localhost'].flatMap((host) => ['/mail-frame.html', '/mail-frame-images.html'].map((path) => `http://${host}:${server.port}${path}`)));
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|https?:(?!\/\/(127\.0\.0\.1|localhost):\d+\/mail-frame)|\*/);
    expect((await get('/', { Host: 'evil.example' })).status).toBe(403);
    // Encoded slashes survive URL parsing and reach the path guard.
    for (const attack of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      const answer = await get(attack);
      expect(answer.body, attack).not.toContain('root:');
    }
  });

  it('serves the mail frame documents under their own policy, images only in the images variant', async () => {
    for (const [pathname, images] of [['/mail-frame.html', false], ['/mail-frame-images.html', true]] as const) {
      const frame = await get(pathname);
      expect(frame.status).toBe(200);
      expect(frame.body).toBe(mailFrameDocument);
      expect(frame.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(frame.headers['content-security-policy']).toBe(mailFramePolicy(images));
      expect(frame.headers['content-security-policy']).toContain("default-src 'none'");
      expect(frame.headers['content-security-policy']).toContain(images ? 'img-src data: https:;' : 'img-src data:;');
      expect(frame.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(frame.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect((await get(pathname, { Host: 'evil.example' })).status).toBe(403);
    }
  });

  it('hands out binary data by id only to a request with the token', async () => {
    const owner = subject.engine.userOf(installationOwner) ?? (await setUpWorkspace(subject.engine)).user;
    const blob = subject.engine.blobs.offer(owner.id, Buffer.from('Lebenslauf von Anna'), { fileName: 'Lebenslauf Anna.pdf', mimeType: 'application/pdf' });
    expect((await get(`/blob/${blob.blobId}`)).status).toBe(401);
    expect((await get(`/blob/${blob.blobId}`, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const fetched = await get(`/blob/${blob.blobId}`, { Authorization: `Bearer ${token}` });
    expect(fetched).toMatchObject({ status: 200, body: 'Lebenslauf von Anna' });
    expect(fetched.headers['cache-control']).toBe('no-store');
    expect(fetched.headers['content-disposition']).toContain("filename*=UTF-8''Lebenslauf%20Anna.pdf");
    expect((await get('/blob/00000000-0000-4000-8000-000000000000', { Authorization: `Bearer ${token}` })).status).toBe(404);
  });

  it('marks every error answer nosniff, so a browser never reads one as a page or a script', async () => {
    const errors = [await get('/missing.js'), await get('/', { Host: 'evil.example' }), await get('/blob/x'), await get('/blob/00000000-0000-4000-8000-000000000000', { Authorization: `Bearer ${token}` })];
    expect(errors.map((answer) => answer.status)).toEqual([404, 403, 401, 404]);
    for (const answer of errors) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });
});

function post(pathname: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request({ host: '127.0.0.1', port: server.port, path: pathname, method: 'POST', headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    // A server that answers early and hangs up may cut our upload; only an unanswered request fails.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}

describe('uploads', () => {
  it('takes a file only with the token, and hands it back by id', async () => {
    if (subject.engine.userOf(installationOwner) === null) await setUpWorkspace(subject.engine);
    const csv = Buffer.from('name,email\nAnna,anna@example.org\n');
    expect((await post('/blob', csv, {})).status).toBe(401);
    const uploaded = await post('/blob', csv, { Authorization: `Bearer ${token}`, 'X-File-Name': encodeURIComponent('Bewerber März.csv'), 'Content-Type': 'text/csv' });
    expect(uploaded.status).toBe(201);
    const ref = JSON.parse(uploaded.body);
    expect(ref).toMatchObject({ fileName: 'Bewerber März.csv', mimeType: 'text/csv', size: csv.length });
    expect((await get(`/blob/${ref.blobId}`, { Authorization: `Bearer ${token}` })).body).toBe(csv.toString());
  });

  it('refuses a file over 20 MB', async () => {
    if (subject.engine.userOf(installationOwner) === null) await setUpWorkspace(subject.engine);
    const result = await post('/blob', Buffer.alloc(21 * 1024 * 1024, 0x41), { Authorization: `Bearer ${token}` });
    expect(result.status).toBe(413);
  });
});

/** A logger that keeps its lines, to count what a flood of refusals writes. */
function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: LogFields }[] } {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const logger = {
    lines,
    debug: (message: string, fields?: LogFields) => void lines.push({ level: 'debug', message, fields }),
    info: (message: string, fields?: LogFields) => void lines.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: LogFields) => void lines.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: LogFields) => void lines.push({ level: 'error', message, fields }),
    child: () => logger,
    close: () => {},
  };
  return logger;
}

describe('a flood of strangers', () => {
  it('caps the sockets waiting for their token: more are refused with 503 until one leaves', async () => {
    const logger = recordingLogger();
    const capped = await startHeadlessServer({ engine: inProcessEngine(subject.engine), token, port: 0, rendererFolder: renderer.folder, logger, authTimeoutMs: 2_000, maxUnauthenticated: 4 });
    try {
      const idle = Array.from({ length: 4 }, () => new WebSocket(`ws://127.0.0.1:${capped.port}/ws`));
      await Promise.all(idle.map((socket) => new Promise((resolve) => socket.once('open', resolve))));
      const refused = await Promise.all(Array.from({ length: 6 }, () => attempt({ port: capped.port, messages: [JSON.stringify({ type: 'auth', token }), call] })));
      expect(refused.map((outcome) => outcome.refusedStatus)).toEqual([503, 503, 503, 503, 503, 503]);
      expect(refused.flatMap((outcome) => outcome.received)).toEqual([]);
      // One stranger goes: the owner with the token gets in.
      idle[0]!.close();
      await expect
        .poll(async () => (await attempt({ port: capped.port, messages: [JSON.stringify({ type: 'auth', token }), call], waitMs: 200 })).received.length, { timeout: 5_000 })
        .toBe(2);
      // An authenticated socket does not count against the cap.
      const owners: HeadlessClient[] = [];
      for (let i = 0; i < 3; i++) owners.push(await HeadlessClient.connect(capped.port, token));
      expect(await owners[2]!.call('app:info', {})).toMatchObject({ ok: true });
      for (const owner of owners) owner.close();
      for (const socket of idle) socket.terminate();
    } finally {
      await capped.close();
    }
  });

  it('logs a burst of refused sockets in two lines, not one per socket', async () => {
    const logger = recordingLogger();
    const flooded = await startHeadlessServer({ engine: inProcessEngine(subject.engine), token, port: 0, rendererFolder: renderer.folder, logger, authTimeoutMs: 300, refusalQuietMs: 1_000 });
    try {
      const outcomes = await Promise.all([
        ...Array.from({ length: 20 }, () => attempt({ port: flooded.port, messages: [JSON.stringify({ type: 'auth', token: 'guess' })] })),
        ...Array.from({ length: 10 }, () => attempt({ port: flooded.port, headers: { Origin: 'https://evil.example' } })),
        ...Array.from({ length: 5 }, () => attempt({ port: flooded.port })),
      ]);
      expect(outcomes.filter((outcome) => outcome.closeCode === 4401)).toHaveLength(20);
      expect(outcomes.filter((outcome) => outcome.refusedStatus === 403)).toHaveLength(10);
      expect(outcomes.filter((outcome) => outcome.closeCode === 4408)).toHaveLength(5);
      await expect.poll(() => logger.lines.length, { timeout: 3_000 }).toBe(2);
      const [first, summary] = logger.lines;
      expect(first).toMatchObject({ level: 'warn', message: 'connection refused' });
      expect(summary).toMatchObject({ level: 'warn', message: 'more connections refused in the same burst', fields: { count: 34 } });
      expect(JSON.stringify(logger.lines)).not.toContain('guess');
    } finally {
      await flooded.close();
    }
  });
});
