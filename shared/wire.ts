import type { EventName, EventMap } from './events.js';
import type { Result } from './errors.js';

/**
 * Messages on the headless shell's WebSocket (`/ws`). The first message must be `auth`
 * with the token; the token never travels in a URL. Until it arrives the server sends
 * nothing; a wrong token closes the socket with code 4401.
 */
export type ClientMessage =
  | { type: 'auth'; token: string }
  | { type: 'call'; id: number; channel: string; input?: unknown };

export type ServerMessage =
  | { type: 'ready' }
  /** `id` is null when the message could not be read as a call. */
  | { type: 'result'; id: number | null; result: Result<unknown> }
  | { [E in EventName]: { type: 'event'; name: E; payload: EventMap[E] } }[EventName];

export const wsPath = '/ws';
export const blobPathPrefix = '/blob/';
/** `POST` here uploads a file (bearer token, name in `X-File-Name`); answers its `BlobRef`. */
export const uploadPath = '/blob';
/** Close codes (4000–4999 are for applications, RFC 6455 §7.4.2). */
export const closeCodes = { badToken: 4401, authTimeout: 4408, protocol: 4400 } as const;

/** Electron IPC channel names used by the desktop preload and main process. */
export const ipcChannels = {
  invoke: 'hirebox:invoke',
  event: 'hirebox:event',
  upload: 'hirebox:upload',
  /** Desktop: save a blob the engine offered through the system's save dialog. */
  saveBlob: 'hirebox:save-blob',
} as const;

/** The largest file an upload (headless `POST /blob` or the desktop bridge) accepts. */
export const maxUploadBytes = 20 * 1024 * 1024;
