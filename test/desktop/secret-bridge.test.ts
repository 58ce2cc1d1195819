import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { serveSecretBox, type SecretBridgeEnd } from '../../electron/core/secrets/secret-bridge.js';
import { SafeStorageSecretBox } from '../../electron/main/safe-storage-secret-box.js';
import { projectRoot } from '../support/cli.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { StandInElectron } from './stand-in-electron.js';

// The desktop's secret bridge (issue 22 part 4): the engine thread seals and opens
// synchronously through `safeStorage`, which lives on the main thread only. A worker here
// uses the bridge's own `BridgedSecretBox` (bundled from the sources for this test) and
// answers what it sealed or opened, or the error it got.

const temp = makeTempFolder('hirebox-bridge-');
const workerFile = path.join(temp.folder, 'bridge-worker.cjs');

beforeAll(async () => {
  await build({
    stdin: {
      contents: `
        import { parentPort, workerData } from 'node:worker_threads';
        import { BridgedSecretBox } from './electron/core/secrets/secret-bridge.ts';
        const box = new BridgedSecretBox(workerData.end, workerData.waitMs);
        parentPort.on('message', ({ op, value }) => {
          try {
            const result = op === 'seal' ? box.seal(value) : box.open(Buffer.from(value));
            parentPort.postMessage({ ok: true, protection: box.protection, value: typeof result === 'string' ? result : new Uint8Array(result) });
          } catch (error) {
            parentPort.postMessage({ ok: false, name: error.name, code: error.code, message: error.message, retryable: error.retryable });
          }
        });`,
      resolveDir: projectRoot,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: workerFile,
    logLevel: 'warning',
  });
});

afterAll(() => temp.remove());

type Answer = { ok: true; protection: string; value: string | Uint8Array } | { ok: false; name: string; code?: string; message: string; retryable?: boolean };

/** A worker holding a bridged box over `end`; `ask` seals or opens there. */
function bridgedWorker(end: SecretBridgeEnd, waitMs?: number) {
  const worker = new Worker(workerFile, { workerData: { end, waitMs }, transferList: [end.port] });
  const ask = (op: 'seal' | 'open', value: string | Uint8Array): Promise<Answer> =>
    new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ op, value });
    });
  return { ask, stop: () => worker.terminate() };
}

function safeStorageBox(): { box: SafeStorageSecretBox; electron: StandInElectron } {
  const electron = new StandInElectron({ userData: temp.folder });
  return { box: new SafeStorageSecretBox(electron.electron.safeStorage, 'linux'), electron };
}

describe('the secret bridge between the engine thread and safeStorage', () => {
  it('seals on the main thread and opens what it sealed, for the worker, synchronously', async () => {
    const { box, electron } = safeStorageBox();
    const bridge = serveSecretBox(box);
    const { ask, stop } = bridgedWorker(bridge.end);
    try {
      const password = 'Pässwort mit 🔑 und "Anführung"';
      const sealed = await ask('seal', password);
      expect(sealed).toMatchObject({ ok: true, protection: 'os-keychain' });
      const bytes = Buffer.from((sealed as { value: Uint8Array }).value);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('hbs1');
      expect(bytes.includes(Buffer.from(password))).toBe(false);
      // safeStorage was asked on this (the main) thread.
      expect(electron.sealed).toEqual([password]);
      expect(box.open(bytes)).toBe(password);
      expect(await ask('open', bytes)).toEqual({ ok: true, protection: 'os-keychain', value: password });
      // Many in a row stay paired with their own answers.
      for (let i = 0; i < 20; i += 1) {
        const again = (await ask('seal', `secret ${i}`)) as { value: Uint8Array };
        expect(await ask('open', again.value)).toMatchObject({ value: `secret ${i}` });
      }
    } finally {
      await stop();
      bridge.close();
    }
  });

  it('hands the worker the main thread\'s errors with their code and words', async () => {
    const { box, electron } = safeStorageBox();
    const bridge = serveSecretBox(box);
    const { ask, stop } = bridgedWorker(bridge.end);
    try {
      const headless = KeyFileSecretBox.open(fs.mkdtempSync(path.join(temp.folder, 'serve-'))).seal('serve password');
      expect(await ask('open', headless)).toMatchObject({ ok: false, name: 'AppError', code: 'auth-required', message: expect.stringContaining('saved by `hirebox serve`') });
      expect(await ask('open', Buffer.from('hbs1garbage'))).toMatchObject({ ok: false, code: 'auth-required', message: expect.stringContaining('the system keychain could not decrypt it') });
      electron.encryptionAvailable = false;
      expect(await ask('seal', 'x')).toMatchObject({ ok: false, code: 'storage-unavailable', retryable: true });
    } finally {
      await stop();
      bridge.close();
    }
  });

  it('gives up with a plain error when the main thread never answers', async () => {
    // A bridge end with nothing serving it: the worker must not block forever.
    const { port2 } = new MessageChannel();
    const { ask, stop } = bridgedWorker({ port: port2, signal: new SharedArrayBuffer(4), protection: 'os-keychain' }, 200);
    try {
      expect(await ask('seal', 'x')).toMatchObject({ ok: false, code: 'storage-unavailable', retryable: true, message: expect.stringMatching(/^The system keychain did not answer/) });
    } finally {
      await stop();
    }
  });
});
