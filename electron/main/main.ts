import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { ipcChannels } from '../../shared/wire.js';
import { installationOwner } from '../core/api/caller.js';
import { prepareDataFolder } from '../core/data-folder.js';
import { Engine } from '../core/engine.js';
import { acquireInstanceLock, type InstanceLock } from '../core/instance-lock.js';
import { FileLogger } from '../core/log/file-logger.js';
import { resolveStaticFile } from '../core/static-files.js';
import { hireboxVersion } from '../core/version.js';

/**
 * The desktop shell: one locked-down window over the engine, which runs here in the
 * main process. The renderer is loaded from `app://hirebox/` and reaches the engine only
 * through the preload's bridge.
 */

const appOrigin = 'app://hirebox';
const rendererFolder = path.join(__dirname, '..', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

let engine: Engine | null = null;
let lock: InstanceLock | null = null;

function start(): void {
  const dataFolder = prepareDataFolder(path.join(app.getPath('userData'), 'engine'));
  lock = acquireInstanceLock(dataFolder);
  const logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
  const opened = Engine.open({ dataFolder, logger, version: hireboxVersion });
  engine = opened;

  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const found = url.host === 'hirebox' ? resolveStaticFile(rendererFolder, url.pathname) : null;
    if (found === null) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(found.file), { headers: { 'content-type': found.contentType } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  ipcMain.handle(ipcChannels.invoke, (event, channel: unknown, input: unknown) => {
    if (!event.senderFrame?.url.startsWith(`${appOrigin}/`)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the Hirebox window only.', retryable: false } };
    }
    return opened.dispatch(installationOwner, channel, input);
  });

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Hirebox',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const unsubscribe = opened.subscribe(installationOwner, (pushed) => window.webContents.send(ipcChannels.event, pushed));
  window.on('closed', unsubscribe);
  void window.loadURL(`${appOrigin}/index.html`);
}

function isExternalLink(raw: string): boolean {
  try {
    const protocolName = new URL(raw).protocol;
    return protocolName === 'https:' || protocolName === 'mailto:';
  } catch {
    return false;
  }
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  engine?.close();
  lock?.release();
});
