import WebSocket from 'ws';
import type { Result } from '../../shared/errors.js';
import type { PushedEvent } from '../../shared/events.js';
import type { ClientMessage, ServerMessage } from '../../shared/wire.js';
import { wsPath } from '../../shared/wire.js';

/**
 * A Node client of the headless shell's WebSocket: `hirebox call` and the integration
 * tests speak the contract through it, exactly as the renderer does.
 */
export class HeadlessClient {
  readonly events: PushedEvent[] = [];
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, (result: Result<unknown>) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'result' && message.id !== null) {
        this.#pending.get(message.id)?.(message.result);
        this.#pending.delete(message.id);
      } else if (message.type === 'event') {
        this.events.push({ name: message.name, payload: message.payload } as PushedEvent);
      }
    });
    socket.on('close', () => {
      for (const resolve of this.#pending.values()) {
        resolve({ ok: false, error: { code: 'network', message: 'The connection to Hirebox closed.', retryable: true } });
      }
      this.#pending.clear();
    });
  }

  /** Connects and proves the token; rejects when the server refuses either. */
  static connect(port: number, token: string, options: { timeoutMs?: number } = {}): Promise<HeadlessClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('Hirebox did not answer in time.'));
      }, options.timeoutMs ?? 10_000);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token } satisfies ClientMessage)));
      socket.once('message', (data) => {
        clearTimeout(timer);
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'ready') resolve(new HeadlessClient(socket));
        else reject(new Error(`Unexpected first message: ${message.type}`));
      });
      socket.once('close', (code, reason) => {
        clearTimeout(timer);
        reject(new Error(`Hirebox closed the connection (${code} ${reason.toString()}).`));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  call(channel: string, input?: unknown): Promise<Result<unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.send(JSON.stringify({ type: 'call', id, channel, input } satisfies ClientMessage));
    });
  }

  close(): void {
    this.#socket.close();
  }
}
