import type { Result } from '../../../shared/errors.js';
import type { EventName, PushedEvent } from '../../../shared/events.js';
import type { ClientMessage } from '../../../shared/wire.js';
import { closeCodes } from '../../../shared/wire.js';
import type { ConnectionState, Transport } from './transport.js';
import { isResult, malformedResultError, networkError, timeoutError, unauthenticatedError } from './transport.js';

/** The part of the browser's `WebSocket` this transport uses (a fake one in tests). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebSocketTransportOptions {
  /** `ws://127.0.0.1:PORT/ws` */
  url: string;
  /** The key from the printed address; `null` when the address had none. */
  token: string | null;
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles per failed attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a call may wait for a connection before it fails as `network`. */
  queueTimeoutMs?: number;
  /** How long a sent call may wait for its result before it fails as `timeout`. */
  callTimeoutMs?: number;
  /** For jitter; `Math.random` unless a test fixes it. */
  random?: () => number;
  /** Where protocol faults are reported (`console.warn` by default). */
  warn?: (message: string) => void;
}

interface PendingCall {
  id: number;
  channel: string;
  input: unknown;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

/**
 * The headless shell's protocol (shared/wire.ts): open `/ws`, send `{ type: 'auth', token }`
 * first, wait for `{ type: 'ready' }`, then send calls with increasing ids; results come
 * back as `{ type: 'result', id }` and pushes as `{ type: 'event' }`.
 *
 * Calls made before the socket is ready wait in a queue (bounded by `queueTimeoutMs`).
 * A dropped connection fails the calls already sent as `network` (their outcome is
 * unknown, the caller decides whether to repeat) and reconnects with exponential backoff
 * and jitter. A close with 4401 means the key is wrong: no retry, every call fails as
 * `unauthenticated`, and the state becomes `link-expired`.
 */
export class WebSocketTransport implements Transport {
  private readonly options: Required<Omit<WebSocketTransportOptions, 'token'>> & { token: string | null };
  private socket: WebSocketLike | null = null;
  private currentState: ConnectionState;
  private nextId = 1;
  private failedAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly calls = new Map<number, PendingCall>();
  private readonly eventListeners = new Set<(event: PushedEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(options: WebSocketTransportOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      initialBackoffMs: 500,
      maxBackoffMs: 15_000,
      queueTimeoutMs: 10_000,
      callTimeoutMs: 60_000,
      random: Math.random,
      warn: (message) => console.warn(`[hirebox client] ${message}`),
      ...options,
    };
    if (options.token === null || options.token === '') {
      this.currentState = { kind: 'link-missing' };
      this.closed = true;
    } else {
      this.currentState = { kind: 'connecting' };
      this.connect();
    }
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    if (this.currentState.kind === 'link-expired' || this.currentState.kind === 'link-missing') {
      return Promise.resolve(unauthenticatedError());
    }
    if (this.closed) return Promise.resolve(networkError());
    return new Promise((resolve) => {
      const id = this.nextId++;
      const call: PendingCall = {
        id,
        channel,
        input,
        sent: false,
        resolve,
        timer: setTimeout(() => this.expire(id), this.options.queueTimeoutMs),
      };
      this.calls.set(id, call);
      if (this.currentState.kind === 'ready') this.send(call);
    });
  }

  onEvent(listener: (event: PushedEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'client closed');
    }
    this.failAll(() => networkError());
  }

  private connect(): void {
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch (error) {
      // A malformed URL or a CSP refusal throws synchronously; treat it like a drop.
      this.options.warn(`cannot open ${this.options.url}: ${String(error)}`);
      this.handleClose(1006);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.write(socket, { type: 'auth', token: this.options.token ?? '' });
    };
    socket.onmessage = (event) => this.handleMessage(socket, event.data);
    socket.onerror = () => {
      // Always followed by `close`, which carries the code; nothing to do here.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.detach(socket);
      this.handleClose(event.code);
    };
  }

  private handleMessage(socket: WebSocketLike, data: unknown): void {
    if (this.socket !== socket) return;
    let message: unknown;
    try {
      message = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null) {
      this.options.warn('ignored a message that is not JSON text');
      return;
    }
    const record = message as Record<string, unknown>;
    switch (record['type']) {
      case 'ready':
        this.handleReady();
        return;
      case 'result':
        this.handleResult(record['id'], record['result']);
        return;
      case 'event':
        this.handleEvent(record['name'], record['payload']);
        return;
      default:
        this.options.warn(`ignored a message of unknown type ${JSON.stringify(record['type'])}`);
    }
  }

  private handleReady(): void {
    if (this.currentState.kind === 'ready') return;
    this.failedAttempts = 0;
    this.setState({ kind: 'ready' });
    for (const call of this.calls.values()) {
      if (!call.sent) this.send(call);
    }
  }

  private handleResult(id: unknown, result: unknown): void {
    if (typeof id !== 'number') {
      this.options.warn('ignored a result without a numeric id');
      return;
    }
    const call = this.calls.get(id);
    // A result for a call that already timed out: its caller has moved on.
    if (!call || !call.sent) return;
    this.settle(call, isResult(result) ? result : malformedResultError());
  }

  private handleEvent(name: unknown, payload: unknown): void {
    if (typeof name !== 'string') {
      this.options.warn('ignored an event without a name');
      return;
    }
    const event = { name: name as EventName, payload } as PushedEvent;
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (error) {
        // One faulty listener must not starve the others of the event.
        this.options.warn(`an event listener for ${name} failed: ${String(error)}`);
      }
    }
  }

  private handleClose(code: number): void {
    if (code === closeCodes.badToken) {
      this.closed = true;
      this.setState({ kind: 'link-expired' });
      this.failAll(() => unauthenticatedError());
      return;
    }
    // Calls already sent may or may not have run; their callers decide whether to repeat.
    for (const call of [...this.calls.values()]) {
      if (call.sent) this.settle(call, networkError());
    }
    if (this.closed) return;
    const base = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** this.failedAttempts);
    // Jitter (half to full delay) keeps several windows from reconnecting in lockstep.
    const retryInMs = Math.round(base / 2 + (this.options.random() * base) / 2);
    this.failedAttempts += 1;
    this.setState({ kind: 'reconnecting', attempt: this.failedAttempts, retryInMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.connect();
    }, retryInMs);
  }

  private send(call: PendingCall): void {
    const socket = this.socket;
    if (!socket) return;
    call.sent = true;
    clearTimeout(call.timer);
    call.timer = setTimeout(() => this.expire(call.id), this.options.callTimeoutMs);
    const message: ClientMessage = { type: 'call', id: call.id, channel: call.channel, input: call.input };
    if (!this.write(socket, message)) this.settle(call, networkError());
  }

  private write(socket: WebSocketLike, message: ClientMessage): boolean {
    try {
      socket.send(JSON.stringify(message));
      return true;
    } catch (error) {
      this.options.warn(`send failed: ${String(error)}`);
      return false;
    }
  }

  private expire(id: number): void {
    const call = this.calls.get(id);
    if (!call) return;
    this.settle(call, call.sent ? timeoutError() : networkError('Hirebox could not be reached.'));
  }

  private settle(call: PendingCall, result: Result<unknown>): void {
    clearTimeout(call.timer);
    this.calls.delete(call.id);
    call.resolve(result);
  }

  private failAll(makeResult: () => Result<unknown>): void {
    for (const call of [...this.calls.values()]) this.settle(call, makeResult());
  }

  private detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private setState(state: ConnectionState): void {
    this.currentState = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
