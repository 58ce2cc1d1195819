import path from 'node:path';
import { prepareDataFolder } from '../core/data-folder.js';
import { Engine } from '../core/engine.js';
import { AppError } from '../core/errors.js';
import { acquireInstanceLock, type InstanceLock } from '../core/instance-lock.js';
import { FileLogger, silentLogger } from '../core/log/file-logger.js';
import { dataSubfolders } from '../core/purge/data-folder-layout.js';
import { oauthClientsFromConfiguration } from '../core/providers/oauth-clients-config.js';
import type { Logger } from '../core/log/logger.js';
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
  version: string;
  /** better-sqlite3 built for Electron's ABI (see `chooseNativeBinding`); undefined: node_modules'. */
  nativeBinding?: string | undefined;
  /** Defaults to `process.platform` (tests pretend to be Linux). */
  platform?: NodeJS.Platform;
}

export interface DesktopShell {
  /** True once the window is loading; false when this instance gave way or could not start. */
  readonly started: Promise<boolean>;
  /** The engine, once started. */
  engine(): Engine | null;
  /** The window, once created. */
  window(): BrowserWindowLike | null;
}

/** Folder under Electron's userData holding the engine's data: the headless shell's layout. */
export const engineFolderName = 'engine';
export const startupFailureTitle = 'Hirebox cannot start';

/** Where Electron writes crash dumps: `crash-dumps` inside the engine's data folder (R3's scope). */
export function crashDumpFolder(userData: string): string {
  return path.join(userData, engineFolderName, dataSubfolders.crashDumps);
}

/**
 * The desktop shell: one locked-down window over the engine, which runs here in the main
 * process (DESIGN.md "Desktop shell"). Only wiring — every capability lives in its own
 * module. Call once, before the app is ready: the `app:` scheme must be registered then.
 *
 * - A second Hirebox on the same installation gives way and focuses the first window.
 * - A data folder that cannot be used, or one another Hirebox (e.g. `hirebox serve`) is
 *   using, ends in a dialog with the plain reason, then the app quits.
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

  let engine: Engine | null = null;
  let window: BrowserWindowLike | null = null;
  const shell: DesktopShell = { started: Promise.resolve(false), engine: () => engine, window: () => window };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }

  let opened: OpenedEngine | null = null;
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
    if (opened === null) return;
    // Syncs stop and the WAL is checkpointed before the process ends: hold the quit until then.
    const closing = opened;
    opened = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });

  const start = (): boolean => {
    try {
      opened = openEngine(electron, options);
    } catch (error) {
      electron.dialog.showErrorBox(startupFailureTitle, describeStartupFailure(error));
      app.quit();
      return false;
    }
    ({ engine, logger } = opened);
    const started = opened;
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
    window.loadURL(`${appOrigin}/index.html`).catch((error: unknown) => started.logger.error('the window could not load the app', { error: String(error) }));
    started.logger.info('desktop shell started', { version: options.version, secrets: started.secrets.protection });
    return true;
  };
  return { ...shell, started: app.whenReady().then(start) };
}

interface OpenedEngine {
  engine: Engine;
  logger: FileLogger;
  secrets: SafeStorageSecretBox;
  dataFolder: string;
  close(): Promise<void>;
}

/** Data folder, lock, log, secrets and engine — released in reverse order on failure. */
function openEngine(electron: ElectronLike, options: DesktopShellOptions): OpenedEngine {
  const dataFolder = prepareDataFolder(path.join(electron.app.getPath('userData'), engineFolderName));
  const lock: InstanceLock = acquireInstanceLock(dataFolder);
  let logger: FileLogger | null = null;
  try {
    logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
    const secrets = new SafeStorageSecretBox(electron.safeStorage, options.platform);
    const openedLogger = logger;
    const engine = Engine.open({
      dataFolder,
      logger,
      version: options.version,
      secrets,
      nativeBinding: options.nativeBinding,
      oauthClients: oauthClientsFromConfiguration(dataFolder),
      // OAuth for installed apps: the sign-in runs in the system browser, never in an app window (RFC 8252 §8.12).
      openInBrowser: (url) => openSignInPage(electron.shell, url, openedLogger),
    });
    return {
      engine,
      logger,
      secrets,
      dataFolder,
      async close() {
        try {
          await engine.close();
        } finally {
          openedLogger.close();
          lock.release();
        }
      },
    };
  } catch (error) {
    logger?.error('the engine could not start', { error: error instanceof Error ? error.message : String(error) });
    logger?.close();
    lock.release();
    throw error;
  }
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
