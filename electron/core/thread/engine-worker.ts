import { parentPort, workerData } from 'node:worker_threads';
import { installationOwner } from '../api/caller.js';
import { Engine } from '../engine.js';
import { AppError } from '../errors.js';
import { FileLogger } from '../log/file-logger.js';
import { oauthClientsFromConfiguration } from '../providers/oauth-clients-config.js';
import { KeyFileSecretBox } from '../secrets/key-file-secret-box.js';
import { BridgedSecretBox } from '../secrets/secret-bridge.js';
import type { EngineMessage, EngineRequest, EngineWorkerData } from './engine-handle.js';
import { engineTuningFromEnv } from './engine-tuning.js';

// The engine thread of both shells: `hirebox serve` (bundled to dist/headless/engine-worker.js)
// and the desktop shell (dist/electron/engine-worker.cjs). Opens the log, the secret box and
// the engine on the data folder the shell's thread prepared and locked, then answers that
// thread's requests and pushes the owner's events to it. Headless: the key-file box lives
// here with the engine (its key is in the data folder, never sent across). Desktop: the box
// is `safeStorage` on the main thread, reached through the secret bridge, and sign-in pages
// open in the system browser through the main thread.

const port = parentPort!;
const options = workerData as EngineWorkerData;
const post = (message: EngineMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const browserOpens = new Map<number, (opened: boolean) => void>();
let nextBrowserOpen = 1;
/** Desktop: the main thread opens the address (`shell.openExternal`, after its own checks). */
const openInBrowser = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const id = nextBrowserOpen++;
    browserOpens.set(id, resolve);
    post({ kind: 'open-external', id, url });
  });

let logger: FileLogger | null = null;
let engine: Engine | null = null;
try {
  logger = new FileLogger({ folder: `${options.dataFolder}/logs`, level: options.logLevel });
  const desktop = options.desktop;
  // Issue 9: HIREBOX_ENGINE_TUNING shortens timings for the fault matrix (empty when unset).
  // Headless has no `openInBrowser`: the person may sit at another computer's browser, so the UI shows the sign-in address.
  engine = Engine.open({
    dataFolder: options.dataFolder,
    logger,
    version: options.version,
    secrets: desktop === undefined ? KeyFileSecretBox.open(options.dataFolder) : new BridgedSecretBox(desktop.secrets),
    oauthClients: oauthClientsFromConfiguration(options.dataFolder),
    ...(desktop === undefined ? engineTuningFromEnv() : { ...(desktop.nativeBinding === undefined ? {} : { nativeBinding: desktop.nativeBinding }), openInBrowser }),
  });
} catch (error) {
  logger?.close();
  post({ kind: 'failed', code: error instanceof AppError ? error.code : null, message: error instanceof Error ? error.message : String(error) });
}

if (engine !== null && logger !== null) {
  const opened = engine;
  const log = logger;
  // Every connection is the installation owner: one subscription serves them all.
  opened.subscribe(installationOwner, (event) => post({ kind: 'event', event }));
  port.on('message', (request: EngineRequest) => {
    void answer(opened, log, request);
  });
  post({ kind: 'ready' });
}

async function answer(opened: Engine, log: FileLogger, request: EngineRequest): Promise<void> {
  switch (request.kind) {
    case 'call':
      return post({ kind: 'answer', id: request.id, value: await opened.dispatch(installationOwner, request.channel, request.input) });
    case 'offer-blob': {
      const user = opened.userOf(installationOwner);
      const data = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
      return post({ kind: 'answer', id: request.id, value: user === null ? null : opened.blobs.offer(user.id, data, { fileName: request.fileName, mimeType: request.mimeType }) });
    }
    case 'fetch-blob': {
      const user = opened.userOf(installationOwner);
      const blob = user === null ? null : opened.blobs.fetch(user.id, request.blobId);
      // A copy crosses (the engine keeps its own until the blob expires).
      return post({ kind: 'answer', id: request.id, value: blob === null ? null : { ref: blob.ref, data: new Uint8Array(blob.data) } });
    }
    case 'log':
      return log[request.level](request.message, { thread: options.desktop === undefined ? 'server' : 'main', ...request.fields });
    case 'window-focused':
      return opened.windowFocused();
    case 'opened-external':
      browserOpens.get(request.id)?.(request.opened);
      browserOpens.delete(request.id);
      return;
    case 'close':
      await opened.close();
      log.close();
      post({ kind: 'answer', id: request.id, value: null });
      port.close();
      return;
  }
}
