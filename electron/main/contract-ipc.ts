import { ipcCallChannel } from '../../shared/bridge.js';
import { channelNames, type ChannelName } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import type { PushedEvent } from '../../shared/events.js';
import type { BlobRef } from '../../shared/model.js';
import { ipcChannels, maxUploadBytes } from '../../shared/wire.js';
import type { EngineHandle } from '../core/thread/engine-handle.js';
import type { Logger } from '../core/log/logger.js';
import { appHost, appScheme } from './app-protocol.js';
import type { BrowserWindowLike, InvokeEventLike, IpcMainLike, WebFrameLike } from './electron-like.js';

/**
 * What the IPC handlers need of the engine: the handle both shells use (engine-handle.ts),
 * always as the installation owner. The desktop's engine runs in a worker thread
 * (`startEngineThread`), so every call is asynchronous.
 */
export type EngineCalls = EngineHandle;

const foreignSender: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Calls are accepted from the Hirebox window only.', retryable: false },
};

/**
 * True when a call comes from the top frame of a page at `app://hirebox`. Compared by
 * scheme and host: Node's `URL` gives a custom scheme an opaque origin (`"null"`), so an
 * `origin` comparison would refuse everything.
 */
export function isAppFrame(frame: WebFrameLike | null): boolean {
  if (frame === null || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}

/**
 * Registers one IPC handler per contract channel, all through one wrapper: it checks the
 * sender frame, then hands channel and untrusted input to `engine.dispatch`, which checks
 * the caller's rights, validates the input against the channel's schema and answers with
 * the result envelope. The window is bound to the installation owner, as the headless
 * token is. Returns the unregister.
 */
export function registerContractHandlers(ipcMain: IpcMainLike, engine: EngineCalls, logger: Logger): () => void {
  const handle = (channel: ChannelName) => (event: InvokeEventLike, input?: unknown) => {
    if (!isAppFrame(event.senderFrame)) {
      logger.warn('refused a call from outside the Hirebox window', { channel, frame: event.senderFrame?.url ?? null });
      return Promise.resolve(foreignSender);
    }
    return engine.dispatch(channel, input);
  };
  for (const channel of channelNames) ipcMain.handle(ipcCallChannel(channel), handle(channel));
  ipcMain.handle(ipcChannels.upload, (event: InvokeEventLike, ...args: unknown[]) => {
    if (!isAppFrame(event.senderFrame)) return Promise.resolve(foreignSender);
    return receiveUpload(engine, args);
  });
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(ipcCallChannel(channel));
    ipcMain.removeHandler(ipcChannels.upload);
  };
}

/** The bridge's upload: the same checks and answer as the headless `POST /blob`. */
async function receiveUpload(engine: EngineCalls, [bytes, fileName, mimeType]: unknown[]): Promise<Result<BlobRef>> {
  const refuse = (code: 'invalid-input' | 'setup-required', message: string, field?: string): Result<never> => ({
    ok: false,
    error: { code, message, retryable: false, ...(field === undefined ? {} : { field }) },
  });
  if (!(bytes instanceof Uint8Array)) return refuse('invalid-input', 'The upload carries no file.', 'file');
  if (bytes.byteLength > maxUploadBytes) return refuse('invalid-input', `Files up to ${maxUploadBytes / 1024 / 1024} MB can be uploaded.`, 'file');
  const name = typeof fileName === 'string' && fileName.trim() !== '' ? fileName.slice(0, 255) : 'upload';
  const type = typeof mimeType === 'string' && mimeType.length <= 255 && mimeType !== '' ? mimeType : 'application/octet-stream';
  const ref = await engine.offerBlob(bytes, { fileName: name, mimeType: type });
  if (ref === null) return refuse('setup-required', 'Complete first run before uploading files.');
  return { ok: true, value: ref };
}

/**
 * Forwards the events the installation owner may see to the window, until it closes.
 * Returns the unsubscribe.
 */
export function forwardEvents(engine: Pick<EngineCalls, 'subscribe'>, window: BrowserWindowLike): () => void {
  const unsubscribe = engine.subscribe((event: PushedEvent) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(ipcChannels.event, event);
  });
  window.on('closed', unsubscribe);
  return unsubscribe;
}
