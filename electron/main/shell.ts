import path from 'node:path';
import { prepareDataFolder } from '../core/data-folder.js';
import { AppError } from '../core/errors.js';
import { acquireInstanceLock, type InstanceLock } from '../core/instance-lock.js';
import { FileLogger, silentLogger } from '../core/log/file-logger.js';
import { dataSubfolders } from '../core/purge/data-folder-layout.js';
import type { Logger } from '../core/log/logger.js';
import { serveSecretBox } from '../core/secrets/secret-bridge.js';
import { startEngineThread, type EngineThread } from '../core/thread/engine-thread.js';
import { installApplicationMenu } from './app-menu.js';
import { appOrigin, appScheme, appSchemeRegistration, serveAppRequest } from './app-protocol.js';
import { forwardEvents, registerContractHandlers } from './contract-ipc.js';
import type { BrowserWindowLike, ElectronLike, WindowOptions } from './electron-like.js';
import { showNewMailNotifications } from './new-mail-notifications.js';
import { registerSaveBlob } from './save-blob.js';
import { noticeWeakProtection, SafeStorageSecretBox } from './safe-storage-secret-box.js';
import { denyAllPermissions, guardWebContents, openSignInPage } from './web-contents-guard.js';

export interface DesktopShellOptions {
  /** The built renderer (`dist/renderer`), served at `app://hirebox/`. */
  rendererFolder: string;
  /** The bundled preload (`dist/electron/preload.cjs`). */
  preloadFile: string;
  /** The bundled engine thread (`dist/electron/engine-worker.cjs`). */
  engineWorker: string;
  version: string;
  /** better-sqlite3 built for Electron's ABI (see `chooseNativeBinding`); undefined: node_modules'. */
  nativeBinding?: string | undefined;
  /** Defaults to `process.platform` (tests pretend to be Linux). */
  platform?: NodeJS.Platform;
}

export interface DesktopShell {
  /** True once the window is loading; false when this instance gave way or could not start. */
  readonly started: Promise<boolean>;
  /** The engine's thread, once started. */
  engine(): EngineThread | null;
  /** The window, once created. */
  window(): BrowserWindowLike | null;
}

/** Folder under Electron's userData holding the engine's data: the headless layout. */
export const engineFolderName = 'engine';
export const startupFailureTitle = 'Hirebox cannot start';

/** Where Electron writes crash dumps: `crash-dumps` inside the engine's data folder (R3's scope). */
export function crashDumpFolder(userData: string): string {
  return path.join(userData, engineFolderName, dataSubfolders.crashDumps);
}

/** What the shell says when the engine thread ended by itself (main has no translations). */
export const engineStoppedNotice = {
  type: 'error',
  title: 'Hirebox',
  message: 'Hirebox stopped working on your mail and must be restarted.',
  buttons: ['Restart Hirebox', 'Quit'],
} as const;

/**
 * The desktop shell: one locked-down window over the engine, which runs in a worker thread
 * of this main process (issue 22; DESIGN.md "Desktop shell"), so a scan never delays the
 * window's IPC, its protocol or a dialog. Only wiring — every capability lives in its own
 * module. Call once, before the app is ready: the `app:` scheme must be registered then.
 *
 * - A second Hirebox on the same installation gives way and focuses the first window.
 * - A data folder that cannot be used, or one another Hirebox (e.g. `hirebox serve`) is
 *   using, ends in a dialog with the plain reason, then the app quits.
 * - An engine thread that ends by itself is said so in a dialog that restarts or quits.
 */
export function createDesktopShell(electron: ElectronLike, options: DesktopShellOptions): DesktopShell {
  const { app } = electron;
  electron.protocol.registerSchemesAsPrivileged([appSchemeRegistration]);
  // Every renderer sandboxed, whatever a future window forgets to set.
  app.enableSandbox();
  // Issue 24: a crash dump is a copy of memory and may hold any mail. The crash reporter is
  // never started (nothing is collected for upload, nothing uploaded); should Chromium write a
  // dump anyway, it lands inside the data folder, where every erasure removes all of them.
  app.setPath('crashDumps', crashDumpFolder(app.getPath('userData')));

  let engine: EngineThread | null = null;
  let window: BrowserWindowLike | null = null;
  const shell: DesktopShell = { started: Promise.resolve(false), engine: () => engine, window: () => window };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }

  let opened: OpenedEngine | null = null;
  let quitting = false;
  let logger: Logger | null = null;
  app.on('second-instance', () => {
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Any other page Electron creates (devtools, a future window) is locked down the same way.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, electron.shell, logger ?? silentLogger));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    quitting = true;
    if (opened === null) return;
    // Syncs and the outbox stop and the WAL is checkpointed before the process ends: hold the quit until then.
    const closing = opened;
    opened = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });

  const start = async (): Promise<boolean> => {
    try {
      opened = await openEngine(electron, options);
    } catch (error) {
      electron.dialog.showErrorBox(startupFailureTitle, describeStartupFailure(error));
      app.quit();
      return false;
    }
    const started = opened;
    if (quitting) {
      // The app began to quit while the engine thread was starting: close it, open no window.
      opened = null;
      void started.close().finally(() => app.quit());
      return false;
    }
    ({ engine, logger } = started);
    noticeWeakProtection(started.secrets, { dialog: electron.dialog, logger: started.logger, dataFolder: started.dataFolder });
    denyAllPermissions(electron.session.defaultSession, started.logger);
    installApplicationMenu(electron.Menu, { isPackaged: app.isPackaged, platform: options.platform ?? process.platform });
    electron.protocol.handle(appScheme, (request) => serveAppRequest(options.rendererFolder, request));
    registerContractHandlers(electron.ipcMain, started.engine, started.logger);
    window = createWindow(electron, options, started.logger);
    forwardEvents(started.engine, window);
    showNewMailNotifications(started.engine, electron.Notification, window, started.logger);
    // The user is looking: mailboxes that poll check for new mail now.
    window.on('focus', () => started.engine.windowFocused());
    registerSaveBlob(electron.ipcMain, electron.dialog, started.engine, () => window, started.logger);
    void started.engine.died.then((reason) => {
      if (!quitting) reportEngineStopped(electron, started.dataFolder, reason);
    });
    window.loadURL(`${appOrigin}/index.html`).catch((error: unknown) => started.logger.error('the window could not load the app', { error: String(error) }));
    started.logger.info('desktop shell started', { version: options.version, secrets: started.secrets.protection });
    return true;
  };
  return { ...shell, started: app.whenReady().then(start) };
}

interface OpenedEngine {
  engine: EngineThread;
  /** Lines go to the engine thread, which writes the one log file. */
  logger: Logger;
  secrets: SafeStorageSecretBox;
  dataFolder: string;
  close(): Promise<void>;
}

/**
 * Data folder, lock, secrets and the engine thread — released in reverse order on failure.
 * The lock and `safeStorage` stay here on the main thread; the engine thread opens log and
 * database and reaches the secret box through the bridge (secret-bridge.ts).
 */
async function openEngine(electron: ElectronLike, options: DesktopShellOptions): Promise<OpenedEngine> {
  const dataFolder = prepareDataFolder(path.join(electron.app.getPath('userData'), engineFolderName));
  const lock: InstanceLock = acquireInstanceLock(dataFolder);
  const secrets = new SafeStorageSecretBox(electron.safeStorage, options.platform);
  const bridge = serveSecretBox(secrets);
  let engine: EngineThread;
  try {
    const signInLogger: { current: Logger } = { current: silentLogger };
    engine = await startEngineThread(
      { dataFolder, version: options.version, logLevel: 'info', desktop: { nativeBinding: options.nativeBinding, secrets: bridge.end } },
      {
        entry: options.engineWorker,
        transferList: [bridge.end.port],
        // OAuth for installed apps: the sign-in runs in the system browser, never in an app window (RFC 8252 §8.12).
        openExternal: (url) => openSignInPage(electron.shell, url, signInLogger.current),
      },
    );
    signInLogger.current = engine.logger;
  } catch (error) {
    // The engine thread logged its own failure, if it got as far as its log.
    bridge.close();
    lock.release();
    throw error;
  }
  return {
    engine,
    logger: engine.logger,
    secrets,
    dataFolder,
    async close() {
      try {
        await engine.close();
      } finally {
        bridge.close();
        lock.release();
      }
    },
  };
}

/**
 * The engine thread ended by itself (a crash): the window stays but can do nothing, so the
 * user is told plainly and chooses to restart or quit. The engine's log is written from
 * here for this one line, its thread being gone.
 */
function reportEngineStopped(electron: ElectronLike, dataFolder: string, reason: string): void {
  try {
    const logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
    logger.error('the engine thread stopped', { reason });
    logger.close();
  } catch {
    // Not logging only loses the line; the dialog still shows.
  }
  electron.dialog
    .showMessageBox({
      ...engineStoppedNotice,
      buttons: [...engineStoppedNotice.buttons],
      detail: `What went wrong: ${reason}\n\nWhat you saved is kept. The outbox carries on after the restart; a mail that was being sent just then may ask you to check whether it went out.`,
    })
    .then(({ response }) => {
      if (response === 0) electron.app.relaunch();
      electron.app.quit();
    })
    .catch(() => electron.app.quit());
}

function createWindow(electron: ElectronLike, options: DesktopShellOptions, logger: Logger): BrowserWindowLike {
  const windowOptions: WindowOptions = {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Hirebox',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !electron.app.isPackaged,
    },
  };
  const window = new electron.BrowserWindow(windowOptions);
  guardWebContents(window.webContents, electron.shell, logger);
  window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * The words the startup dialog shows: the engine's own message for its errors (they name
 * the folder and what to do), a hint for a database module built for the wrong runtime.
 */
export function describeStartupFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return `Hirebox's database module was built for Node.js, not for this Electron. Start Hirebox with \`npm start\`, which builds one for Electron.\n\n${message}`;
  }
  if (error instanceof AppError) return message;
  return `Something went wrong while Hirebox was starting: ${message}`;
}
