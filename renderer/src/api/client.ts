import { safeSaveName } from '../../../shared/dangerous-files.js';
import type { HireboxBridge } from '../../../shared/bridge.js';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import type { EventMap, EventName } from '../../../shared/events.js';
import type { BlobRef } from '../../../shared/model.js';
import { blobPathPrefix, wsPath } from '../../../shared/wire.js';
import { BridgeTransport } from './bridge-transport.js';
import { forgetToken, takeToken } from './location-token.js';
import type { ConnectionState, Transport } from './transport.js';
import { uploadOverBridge, uploadOverHttp } from './upload.js';
import { WebSocketTransport } from './websocket-transport.js';

export type { ConnectionState } from './transport.js';

declare global {
  interface Window {
    /** Present in the desktop shell only (electron/preload). */
    hirebox?: HireboxBridge;
  }
}

/**
 * The one module that talks to the engine. Stores call it; components never do.
 * In the desktop shell it uses the preload bridge (`window.hirebox`); in a browser it
 * opens the headless shell's WebSocket with the key from the printed address.
 */

let transport: Transport | null = null;
/** The headless key, kept for uploads (`POST /blob`); the WebSocket has its own copy. */
let headlessToken: string | null = null;

function createTransport(): Transport {
  if (window.hirebox) return new BridgeTransport(window.hirebox);
  const storage = safeSessionStorage();
  const token = takeToken({ location: window.location, history: window.history, storage });
  headlessToken = token;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const created = new WebSocketTransport({ url: `${scheme}://${window.location.host}${wsPath}`, token });
  created.onStateChange((state) => {
    if (state.kind === 'link-expired') forgetToken(storage);
  });
  return created;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function getTransport(): Transport {
  transport ??= createTransport();
  return transport;
}

/** True in the desktop shell (the preload's bridge), where the system shows notifications. */
export function isDesktopShell(): boolean {
  return typeof window !== 'undefined' && window.hirebox !== undefined;
}

/**
 * Calls one contract channel. Never throws: a transport failure resolves as
 * `{ ok: false, error: { code: 'network', retryable: true } }`.
 */
export function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  return getTransport().invoke(channel, input) as Promise<Result<OutputOf<C>>>;
}

/**
 * Uploads a file and answers its `BlobRef`, to pass to a channel by id (e.g.
 * `candidates:import`). In the desktop shell it uses the bridge's `upload`; in a browser
 * the headless shell's `POST /blob`.
 * Never throws.
 */
export async function upload(file: Blob, fileName: string): Promise<Result<BlobRef>> {
  getTransport(); // reads the key out of the address first, as the first call would
  const bridge = window.hirebox;
  if (bridge) return uploadOverBridge(bridge.upload.bind(bridge), file, fileName);
  return uploadOverHttp({ fetch: window.fetch.bind(window), token: headlessToken, origin: window.location.origin }, file, fileName);
}

/**
 * Inbox I: saves a blob the engine offered (an attachment) under its name. Desktop: the
 * bridge's `saveBlob`, where main asks the user where to save it (closing that dialog is
 * no error). Headless: `GET /blob/<id>` with the key as a bearer, handed to the browser's
 * download. Never throws.
 */
export async function downloadBlob(ref: BlobRef): Promise<Result<null>> {
  getTransport();
  const bridge = window.hirebox;
  if (bridge) {
    try {
      const saved = await bridge.saveBlob(ref.blobId);
      return saved.ok ? { ok: true, value: null } : saved;
    } catch {
      return { ok: false, error: { code: 'network', message: 'The attachment could not be saved.', retryable: true } };
    }
  }
  try {
    const response = await window.fetch(`${window.location.origin}${blobPathPrefix}${encodeURIComponent(ref.blobId)}`, {
      headers: { Authorization: `Bearer ${headlessToken ?? ''}` },
      cache: 'no-store',
    });
    if (!response.ok) return { ok: false, error: { code: response.status === 404 ? 'not-found' : 'network', message: `HTTP ${response.status}`, retryable: response.status !== 404 } };
    const url = URL.createObjectURL(await response.blob());
    const anchor = document.createElement('a');
    anchor.href = url;
    // One file-name policy for both shells (shared/dangerous-files.ts): never a path, no direction marks.
    anchor.download = safeSaveName(ref.fileName);
    anchor.rel = 'noopener';
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { ok: true, value: null };
  } catch {
    return { ok: false, error: { code: 'network', message: 'The attachment could not be fetched.', retryable: true } };
  }
}

/** Listens to one pushed event; returns the unsubscribe. */
export function subscribe<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
  return getTransport().onEvent((event) => {
    if (event.name === name) listener(event.payload as EventMap[E]);
  });
}

export function getConnectionState(): ConnectionState {
  return getTransport().state;
}

/** Listens to connection state changes; returns the unsubscribe. */
export function onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
  return getTransport().onStateChange(listener);
}

/** Replaces the transport (tests and stories); closes the previous one. */
export function setTransportForTesting(replacement: Transport | null): void {
  transport?.close();
  transport = replacement;
}
