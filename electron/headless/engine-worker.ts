import { parentPort, workerData } from 'node:worker_threads';
import { installationOwner } from '../core/api/caller.js';
import { Engine } from '../core/engine.js';
import { AppError } from '../core/errors.js';
import { FileLogger } from '../core/log/file-logger.js';
import { oauthClientsFromConfiguration } from '../core/providers/oauth-clients-config.js';
import { KeyFileSecretBox } from '../core/secrets/key-file-secret-box.js';
import type { EngineMessage, EngineRequest, EngineWorkerData } from './engine-handle.js';
import { engineTuningFromEnv } from './engine-tuning.js';

// The engine thread of `hirebox serve` (bundled to dist/headless/engine-worker.js): opens the
// log, the key file and the engine on the data folder the server thread prepared and locked,
// then answers that thread's requests and pushes the owner's events to it. The secret box
// lives here with the engine: its key file is in the data folder, never sent across.

const port = parentPort!;
const options = workerData as EngineWorkerData;
const post = (message: EngineMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let logger: FileLogger | null = null;
let engine: Engine | null = null;
try {
  logger = new FileLogger({ folder: `${options.dataFolder}/logs`, level: options.logLevel });
  // Issue 9: HIREBOX_ENGINE_TUNING shortens timings for the fault matrix (empty when unset).
  // No `openInBrowser`: the person may sit at another computer's browser, so the UI shows the sign-in address.
  engine = Engine.open({
    dataFolder: options.dataFolder,
    logger,
    version: options.version,
    secrets: KeyFileSecretBox.open(options.dataFolder),
    oauthClients: oauthClientsFromConfiguration(options.dataFolder),
    ...engineTuningFromEnv(),
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
      return log[request.level](request.message, { thread: 'server', ...request.fields });
    case 'close':
      await opened.close();
      log.close();
      post({ kind: 'answer', id: request.id, value: null });
      port.close();
      return;
  }
}
