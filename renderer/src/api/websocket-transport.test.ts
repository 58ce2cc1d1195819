import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/errors.js';
import type { PushedEvent } from '../../../shared/events.js';
import type { ConnectionState } from './transport.js';
import type { WebSocketLike } from './websocket-transport.js';
import { WebSocketTransport } from './websocket-transport.js';

/** A stand-in for the browser's WebSocket that the test drives by hand. */
class FakeSocket implements WebSocketLike {
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number): void {
    this.closedWith = code;
  }
  // What the server does:
  open(): void {
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code, reason: '' });
  }
  calls(): { id: number; channel: string; input: unknown }[] {
    return this.sent.filter((m): m is { type: 'call'; id: number; channel: string; input: unknown } =>
      (m as { type: string }).type === 'call',
    );
  }
}

function setup(options: { token?: string | null } = {}) {
  const sockets: FakeSocket[] = [];
  const warnings: string[] = [];
  const states: ConnectionState[] = [];
  const transport = new WebSocketTransport({
    url: 'ws://127.0.0.1:4000/ws',
    token: options.token === undefined ? 'secret-token' : options.token,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
    queueTimeoutMs: 5000,
    callTimeoutMs: 10_000,
    random: () => 1, // no jitter: delays are exactly the backoff
    warn: (message) => warnings.push(message),
  });
  transport.onStateChange((state) => states.push(state));
  const socket = () => {
    const last = sockets[sockets.length - 1];
    if (!last) throw new Error('no socket opened');
    return last;
  };
  const connect = () => {
    socket().open();
    socket().receive({ type: 'ready' });
  };
  return { transport, sockets, socket, connect, warnings, states };
}

/** Lets resolved promises run their continuations. */
async function settle<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, Promise.resolve().then(() => 'pending' as const)]);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocketTransport', () => {
  it('authenticates first, holds calls until ready, then sends them with increasing ids', async () => {
    const { transport, socket } = setup();
    expect(transport.state).toEqual({ kind: 'connecting' });
    const first = transport.invoke('app:info', {});
    const second = transport.invoke('session:get', {});

    socket().open();
    expect(socket().sent).toEqual([{ type: 'auth', token: 'secret-token' }]);

    socket().receive({ type: 'ready' });
    expect(transport.state).toEqual({ kind: 'ready' });
    expect(socket().calls()).toEqual([
      { type: 'call', id: 1, channel: 'app:info', input: {} },
      { type: 'call', id: 2, channel: 'session:get', input: {} },
    ]);

    // Results may come back in any order; each resolves its own call.
    socket().receive({ type: 'result', id: 2, result: { ok: true, value: 'session' } });
    socket().receive({ type: 'result', id: 1, result: { ok: true, value: 'info' } });
    expect(await first).toEqual({ ok: true, value: 'info' });
    expect(await second).toEqual({ ok: true, value: 'session' });
  });

  it('opens the socket at the given URL', () => {
    const { socket } = setup();
    expect(socket().url).toBe('ws://127.0.0.1:4000/ws');
  });

  it('passes error results through unchanged, field and all', async () => {
    const { transport, socket, connect } = setup();
    connect();
    const pending = transport.invoke('setup:create', {});
    const error = { code: 'invalid-input', message: 'Enter a mail address', field: 'owner.email', retryable: false };
    socket().receive({ type: 'result', id: 1, result: { ok: false, error } });
    expect(await pending).toEqual({ ok: false, error });
  });

  it('delivers pushed events to every listener until it unsubscribes', () => {
    const { transport, socket, connect } = setup();
    connect();
    const seen: PushedEvent[] = [];
    const alsoSeen: PushedEvent[] = [];
    const stop = transport.onEvent((event) => seen.push(event));
    transport.onEvent((event) => alsoSeen.push(event));

    socket().receive({ type: 'event', name: 'inbox:changed', payload: { threadIds: ['t1'] } });
    stop();
    socket().receive({ type: 'event', name: 'inbox:changed', payload: { threadIds: ['t2'] } });

    expect(seen).toEqual([{ name: 'inbox:changed', payload: { threadIds: ['t1'] } }]);
    expect(alsoSeen).toHaveLength(2);
  });

  it('keeps delivering to other listeners when one listener throws', () => {
    const { transport, socket, connect, warnings } = setup();
    connect();
    const seen: string[] = [];
    transport.onEvent(() => {
      throw new Error('broken listener');
    });
    transport.onEvent((event) => seen.push(event.name));
    socket().receive({ type: 'event', name: 'preferences:changed', payload: { language: 'de' } });
    expect(seen).toEqual(['preferences:changed']);
    expect(warnings.join()).toContain('broken listener');
  });

  it('ignores messages that are not JSON, have an unknown type, or answer no call', async () => {
    const { transport, socket, connect, warnings } = setup();
    connect();
    const pending = transport.invoke('app:info', {});
    socket().receive('this is not json');
    socket().receive({ type: 'surprise' });
    socket().receive({ type: 'result', id: 'one', result: { ok: true, value: 1 } });
    socket().receive({ type: 'result', id: 99, result: { ok: true, value: 1 } });
    expect(await settle(pending)).toBe('pending');
    expect(warnings).toHaveLength(3);
    socket().receive({ type: 'result', id: 1, result: { ok: true, value: 'info' } });
    expect(await pending).toEqual({ ok: true, value: 'info' });
  });

  it('turns a result that is not a Result into an internal error', async () => {
    const { transport, socket, connect } = setup();
    connect();
    const pending = transport.invoke('app:info', {});
    socket().receive({ type: 'result', id: 1, result: { value: 'no ok field' } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('resolves calls in flight as retryable network errors when the connection drops, then reconnects', async () => {
    const { transport, sockets, socket, connect, states } = setup();
    connect();
    const inFlight = transport.invoke('inbox:list', {});
    socket().drop();

    const result = (await inFlight) as Result<unknown>;
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'network', retryable: true }) });
    expect(transport.state).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 100 });

    // A call made while disconnected waits for the new connection.
    const queued = transport.invoke('mailboxes:list', {});
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);

    connect();
    expect(socket().sent[0]).toEqual({ type: 'auth', token: 'secret-token' });
    expect(socket().calls()).toEqual([{ type: 'call', id: 2, channel: 'mailboxes:list', input: {} }]);
    socket().receive({ type: 'result', id: 2, result: { ok: true, value: [] } });
    expect(await queued).toEqual({ ok: true, value: [] });
    expect(states.map((state) => state.kind)).toEqual(['ready', 'reconnecting', 'ready']);
  });

  it('backs off exponentially up to the limit and starts over after a success', () => {
    const { transport, socket, connect } = setup();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      socket().drop();
      const state = transport.state;
      if (state.kind !== 'reconnecting') throw new Error(`expected reconnecting, got ${state.kind}`);
      delays.push(state.retryInMs);
      vi.advanceTimersByTime(state.retryInMs);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);

    connect();
    socket().drop();
    expect(transport.state).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 100 });
  });

  it('adds jitter so that windows do not reconnect in lockstep', () => {
    const sockets: FakeSocket[] = [];
    const transport = new WebSocketTransport({
      url: 'ws://x/ws',
      token: 't',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      initialBackoffMs: 1000,
      random: () => 0,
    });
    sockets[0]?.drop();
    expect(transport.state).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 500 });
  });

  it('stops for good on close code 4401 (bad token): link-expired, calls fail unauthenticated, no retry', async () => {
    const { transport, sockets, socket } = setup();
    const pending = transport.invoke('app:info', {});
    socket().open();
    socket().drop(4401);

    expect(transport.state).toEqual({ kind: 'link-expired' });
    expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthenticated', retryable: false }) });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(await transport.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('retries after an auth timeout (4408), which is not a bad token', () => {
    const { transport, sockets, socket } = setup();
    socket().open();
    socket().drop(4408);
    expect(transport.state.kind).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
  });

  it('opens no socket without a token and says the link is missing', async () => {
    const { transport, sockets } = setup({ token: null });
    expect(sockets).toHaveLength(0);
    expect(transport.state).toEqual({ kind: 'link-missing' });
    expect(await transport.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('fails a call whose result never comes as a retryable timeout and ignores the late result', async () => {
    const { transport, socket, connect } = setup();
    connect();
    const pending = transport.invoke('inbox:list', {});
    vi.advanceTimersByTime(10_000);
    expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'timeout', retryable: true }) });
    socket().receive({ type: 'result', id: 1, result: { ok: true, value: 'late' } });
  });

  it('fails a call as network when no connection comes up in time', async () => {
    const { transport } = setup();
    const pending = transport.invoke('app:info', {});
    vi.advanceTimersByTime(5000);
    expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'network', retryable: true }) });
  });

  it('treats a socket that cannot even be created like a dropped connection', () => {
    let attempts = 0;
    const transport = new WebSocketTransport({
      url: 'ws://x/ws',
      token: 't',
      createSocket: () => {
        attempts++;
        throw new Error('refused by policy');
      },
      initialBackoffMs: 100,
      random: () => 1,
      warn: () => {},
    });
    expect(transport.state).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 100 });
    vi.advanceTimersByTime(100);
    expect(attempts).toBe(2);
  });

  it('fails open calls and stops reconnecting when closed', async () => {
    const { transport, sockets, socket, connect } = setup();
    connect();
    const pending = transport.invoke('inbox:list', {});
    transport.close();
    expect(socket().closedWith).toBe(1000);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'network' } });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
