import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/errors.js';
import { AppError } from '../errors.js';
import type { SecretBox, SecretProtection } from './secret-box.js';

/**
 * A {@link SecretBox} that lives on another thread, used synchronously from this one: the
 * desktop shell's engine runs in a worker thread, while Electron's `safeStorage` exists only
 * on the main thread (DESIGN.md "Secrets"; docs/decisions.md "Shells"). The worker posts
 * `{seal|open, bytes}` on a port of its own and blocks in `Atomics.wait` until the main thread
 * has answered on that port and bumped a shared counter; then it takes the answer with
 * `receiveMessageOnPort`. The main thread never waits for the worker, so this cannot deadlock.
 */

/** What the worker is given (inside `workerData`, the port in the transfer list). */
export interface SecretBridgeEnd {
  port: MessagePort;
  /** One Int32: bumped by the main thread after each answer. */
  signal: SharedArrayBuffer;
  protection: SecretProtection;
}

type BridgeRequest = { id: number; op: 'seal'; plain: string } | { id: number; op: 'open'; sealed: Uint8Array };
type BridgeAnswer =
  | { id: number; ok: true; sealed: Uint8Array }
  | { id: number; ok: true; plain: string }
  | { id: number; ok: false; code: ErrorCode | null; message: string; retryable: boolean };

/** How long the engine waits for the keychain (macOS may ask the person to allow access). */
export const secretBridgeWaitMs = 120_000;

/**
 * The main thread's end: answers the worker's seal/open with `box`. Returns the end to hand
 * the worker and `close` (after the worker ended).
 */
export function serveSecretBox(box: SecretBox): { end: SecretBridgeEnd; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  port1.on('message', (request: BridgeRequest) => {
    let answer: BridgeAnswer;
    try {
      answer = request.op === 'seal' ? { id: request.id, ok: true, sealed: box.seal(request.plain) } : { id: request.id, ok: true, plain: box.open(Buffer.from(request.sealed)) };
    } catch (error) {
      // Only the error's code and words cross (they never hold the secret).
      answer = {
        id: request.id,
        ok: false,
        code: error instanceof AppError ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
        retryable: error instanceof AppError ? error.retryable : false,
      };
    }
    port1.postMessage(answer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
  return {
    end: { port: port2, signal, protection: box.protection },
    close: () => port1.close(),
  };
}

/** The worker's end: a synchronous {@link SecretBox} over the bridge. */
export class BridgedSecretBox implements SecretBox {
  readonly protection: SecretProtection;
  readonly #port: MessagePort;
  readonly #counter: Int32Array;
  readonly #waitMs: number;
  #nextId = 1;

  constructor(end: SecretBridgeEnd, waitMs = secretBridgeWaitMs) {
    this.protection = end.protection;
    this.#port = end.port;
    this.#counter = new Int32Array(end.signal);
    this.#waitMs = waitMs;
  }

  seal(plain: string): Buffer {
    const answer = this.#ask({ op: 'seal', plain });
    if (!('sealed' in answer)) throw new AppError('internal', 'The system keychain answered a seal with no sealed value.');
    return Buffer.from(answer.sealed);
  }

  open(sealed: Buffer): string {
    const answer = this.#ask({ op: 'open', sealed: new Uint8Array(sealed) });
    if (!('plain' in answer)) throw new AppError('internal', 'The system keychain answered an open with no value.');
    return answer.plain;
  }

  #ask(question: { op: 'seal'; plain: string } | { op: 'open'; sealed: Uint8Array }): BridgeAnswer & { ok: true } {
    const id = this.#nextId++;
    const deadline = Date.now() + this.#waitMs;
    let seen = Atomics.load(this.#counter, 0);
    this.#port.postMessage({ id, ...question } satisfies BridgeRequest);
    for (;;) {
      // Answers to earlier questions that timed out are dropped here.
      for (let message = receiveMessageOnPort(this.#port); message !== undefined; message = receiveMessageOnPort(this.#port)) {
        const answer = message.message as BridgeAnswer;
        if (answer.id !== id) continue;
        if (answer.ok) return answer;
        throw answer.code === null ? new Error(answer.message) : new AppError(answer.code, answer.message, { retryable: answer.retryable });
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.#counter, 0, seen, left) === 'timed-out') {
        throw new AppError('storage-unavailable', 'The system keychain did not answer, so Hirebox cannot read or save passwords right now. Try again.', { retryable: true });
      }
      seen = Atomics.load(this.#counter, 0);
    }
  }
}
