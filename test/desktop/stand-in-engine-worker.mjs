// A stand-in engine thread for the desktop shell's tests: it speaks the engine thread's
// protocol (electron/core/thread/engine-handle.ts) without an engine, so a test can hold the
// engine's thread still or make it crash, which the real engine does not do on request.
//   call 'app:info' with { hold: SharedArrayBuffer }: blocks this thread until slot 0 is 1.
//   call 'app:info' with { push: event }: pushes the event, then answers.
//   call 'app:info' with { crash: message }: throws, uncaught (the thread dies).
import { parentPort } from 'node:worker_threads';

const port = parentPort;
port.on('message', (request) => {
  switch (request.kind) {
    case 'call': {
      const input = request.input ?? {};
      if (input.crash !== undefined) throw new Error(input.crash);
      if (input.hold !== undefined) Atomics.wait(new Int32Array(input.hold), 0, 0);
      if (input.push !== undefined) port.postMessage({ kind: 'event', event: input.push });
      return port.postMessage({ kind: 'answer', id: request.id, value: { ok: true, value: { setupNeeded: true, thread: 'stand-in' } } });
    }
    case 'offer-blob':
    case 'fetch-blob':
      return port.postMessage({ kind: 'answer', id: request.id, value: null });
    case 'close':
      port.postMessage({ kind: 'answer', id: request.id, value: null });
      return port.close();
    default:
      return;
  }
});
port.postMessage({ kind: 'ready' });
