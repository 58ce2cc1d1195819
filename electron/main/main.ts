import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell } from 'electron';
import { hireboxVersion } from '../core/version.js';
import { chooseNativeBinding } from './native-binding.js';
import { createDesktopShell } from './shell.js';

// The Electron entry (bundled to dist/electron/main.cjs): hands the real `electron` to the
// shell, which does all the wiring and is tested with stand-ins (test/desktop).
createDesktopShell(
  { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell },
  {
    rendererFolder: path.join(__dirname, '..', 'renderer'),
    preloadFile: path.join(__dirname, 'preload.cjs'),
    // The engine's own thread (issue 22), bundled beside this file; Electron loads it from app.asar.
    engineWorker: path.join(__dirname, 'engine-worker.cjs'),
    version: hireboxVersion,
    nativeBinding: chooseNativeBinding({ appFolder: app.getAppPath(), abi: process.versions.modules, isPackaged: app.isPackaged }),
  },
);
