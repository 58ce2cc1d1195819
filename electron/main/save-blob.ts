import fs from 'node:fs/promises';
import { isDangerousFileName, safeSaveName } from '../../shared/dangerous-files.js';
import type { Result } from '../../shared/errors.js';
import { ipcChannels } from '../../shared/wire.js';
import type { Logger } from '../core/log/logger.js';
import { isAppFrame, type EngineCalls } from './contract-ipc.js';
import type { BrowserWindowLike, DialogLike, InvokeEventLike, IpcMainLike } from './electron-like.js';

/** What the save answers: false when the user closed the dialog without choosing a place. */
export interface SaveBlobOutcome {
  saved: boolean;
}

const longestBlobId = 100;

/** The save dialog's title for a file that can run code (main has no translations; the renderer's warning came first, in the user's language). */
export const dangerousSaveTitle = 'Save a file that can run programs';

/**
 * The bridge's `saveBlob` (desktop): what `GET /blob/<id>` and the browser's download are in
 * the headless shell. The window names a blob the engine offered (e.g. by `attachments:open`)
 * by id, nothing else: main asks the user where to save it with the system's save dialog,
 * suggesting the blob's own name made safe (shared/dangerous-files.ts `safeSaveName`), and writes the bytes it holds there. The page
 * never chooses a path, and a frame other than the app's gets nothing. Returns the unregister.
 */
export function registerSaveBlob(
  ipcMain: IpcMainLike,
  dialog: Pick<DialogLike, 'showSaveDialog'>,
  engine: Pick<EngineCalls, 'fetchBlob' | 'dispatch'>,
  window: () => BrowserWindowLike | null,
  logger: Logger,
): () => void {
  ipcMain.handle(ipcChannels.saveBlob, async (event: InvokeEventLike, blobId: unknown): Promise<Result<SaveBlobOutcome>> => {
    if (!isAppFrame(event.senderFrame)) {
      logger.warn('refused a save from outside the Hirebox window', { frame: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the Hirebox window only.', retryable: false } };
    }
    if (typeof blobId !== 'string' || blobId === '' || blobId.length > longestBlobId) {
      return { ok: false, error: { code: 'invalid-input', message: 'Name the file to save by its blob id.', field: 'blobId', retryable: false } };
    }
    // The bytes come from the engine thread (a copy; the engine keeps its own until the blob expires).
    const blob = await engine.fetchBlob(blobId);
    if (blob === null) {
      // No blob before first run either: say which, as before the engine had its own thread.
      const info = await engine.dispatch('app:info', {});
      if (info.ok && (info.value as { setupNeeded?: boolean }).setupNeeded === true) {
        return { ok: false, error: { code: 'setup-required', message: 'Complete first run before saving files.', retryable: false } };
      }
      return { ok: false, error: { code: 'not-found', message: 'This file is no longer held; open it again.', retryable: false } };
    }
    const parent = window();
    if (parent === null || parent.isDestroyed()) return { ok: false, error: { code: 'internal', message: 'The Hirebox window is gone.', retryable: false } };
    // One file-name policy for both shells (shared/dangerous-files.ts): the renderer has warned
    // before a dangerous file gets here; the dialog's title says it once more.
    const fileName = safeSaveName(blob.ref.fileName);
    const choice = await dialog.showSaveDialog(parent, {
      defaultPath: fileName,
      ...(isDangerousFileName(fileName) ? { title: dangerousSaveTitle } : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    try {
      await fs.writeFile(choice.filePath, blob.data);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      logger.warn('an attachment could not be saved', { error: code });
      return { ok: false, error: { code: 'invalid-input', message: `The file could not be written there (${code}). Choose another place.`, field: 'saveTo', retryable: true } };
    }
    return { ok: true, value: { saved: true } };
  });
  return () => ipcMain.removeHandler(ipcChannels.saveBlob);
}
