import type { Result } from '../../../shared/errors.js';
import type { PushedEvent } from '../../../shared/events.js';
import type { BlobRef } from '../../../shared/model.js';
import { installationOwner } from '../api/caller.js';
import type { Engine } from '../engine.js';
import type { LogFields, LogLevel } from '../log/logger.js';
import type { SecretBridgeEnd } from '../secrets/secret-bridge.js';

/**
 * What the headless server needs of the engine, always as the installation owner (every
 * connection is, once it proved the token), and always asynchronous: `hirebox serve` runs
 * the engine in a worker thread of its own (see `startEngineWorker`), so a scan never
 * holds up a request, and each call is a message to that thread.
 */
export interface EngineHandle {
  /** Calls a channel with untrusted input; answers the result envelope. */
  dispatch(channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** The events the owner may see; returns the unsubscribe. */
  subscribe(listener: (event: PushedEvent) => void): () => void;
  /** Holds an upload as the owner's blob; null before first run (no owner yet). */
  offerBlob(data: Uint8Array, meta: { fileName: string; mimeType: string }): Promise<BlobRef | null>;
  /** A blob the engine offered the owner; null when it is unknown or expired. */
  fetchBlob(blobId: string): Promise<{ ref: BlobRef; data: Uint8Array } | null>;
}

/** An engine in this thread as a handle (the integration tests, which also reach into the engine). */
export function inProcessEngine(engine: Engine): EngineHandle {
  return {
    dispatch: (channel, input) => engine.dispatch(installationOwner, channel, input),
    subscribe: (listener) => engine.subscribe(installationOwner, listener),
    offerBlob: (data, meta) => {
      const user = engine.userOf(installationOwner);
      return Promise.resolve(user === null ? null : engine.blobs.offer(user.id, Buffer.from(data.buffer, data.byteOffset, data.byteLength), meta));
    },
    fetchBlob: (blobId) => {
      const user = engine.userOf(installationOwner);
      return Promise.resolve(user === null ? null : engine.blobs.fetch(user.id, blobId));
    },
  };
}

/** What the shell's thread asks the engine thread (one protocol for both shells). */
export type EngineRequest =
  | { kind: 'call'; id: number; channel: unknown; input: unknown }
  | { kind: 'offer-blob'; id: number; data: Uint8Array; fileName: string; mimeType: string }
  | { kind: 'fetch-blob'; id: number; blobId: string }
  | { kind: 'close'; id: number }
  | { kind: 'log'; level: LogLevel; message: string; fields?: LogFields }
  /** Desktop: the window gained focus (polling mailboxes check now). */
  | { kind: 'window-focused' }
  /** Desktop: whether the system browser opened the address of an `open-external`. */
  | { kind: 'opened-external'; id: number; opened: boolean };

/** What the engine thread answers or pushes. */
export type EngineMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; code: string | null; message: string }
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'event'; event: PushedEvent }
  /** Desktop: open a sign-in address in the system browser; answered by `opened-external`. */
  | { kind: 'open-external'; id: number; url: string };

/** What the engine thread is started with (`workerData`). */
export interface EngineWorkerData {
  dataFolder: string;
  version: string;
  logLevel: LogLevel;
  /**
   * The desktop shell: better-sqlite3 built for Electron, the `safeStorage` box on the main
   * thread (bridged, see `secret-bridge.ts`), and sign-ins in the system browser. Absent:
   * `hirebox serve` (key-file box, sign-in address shown in the UI).
   */
  desktop?: { nativeBinding?: string | undefined; secrets: SecretBridgeEnd };
}
