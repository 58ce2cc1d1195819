import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createDesktopShell, type DesktopShell } from '../../electron/main/shell.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { desktopEngineWorker, StandInElectron, type StandInOptions } from './stand-in-electron.js';

/**
 * What the desktop shell's tests share: temp folders and stand-in shells, all quit (engine,
 * lock and log released) and removed after each test. Call once at the top of a test file.
 */
export function standInShells(prefix = 'hirebox-desktop-'): {
  /** A fresh temp folder, removed after the test. */
  folder(): string;
  /** A built renderer of two files in a fresh temp folder. */
  rendererFolder(): string;
  /** Quits this stand-in electron after the test. */
  track(electron: StandInElectron): StandInElectron;
  /** Creates the shell on a stand-in electron (a built renderer of two files) and lets the app become ready. */
  startShell(options?: Partial<StandInOptions> & { platform?: NodeJS.Platform; engineWorker?: string }): Promise<{ electron: StandInElectron; shell: DesktopShell; started: boolean; userData: string }>;
} {
  const temps: { remove(): void }[] = [];
  const running: StandInElectron[] = [];
  afterEach(async () => {
    // Quitting releases the engine, its lock and its log before the folders go.
    for (const electron of running.splice(0)) await electron.quitApp();
    for (const temp of temps.splice(0)) temp.remove();
  });
  const folder = (): string => {
    const temp = makeTempFolder(prefix);
    temps.push(temp);
    return temp.folder;
  };
  const rendererFolder = (): string => {
    const renderer = folder();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Hirebox</title>');
    fs.mkdirSync(path.join(renderer, 'assets'));
    fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
    return renderer;
  };
  const track = (electron: StandInElectron): StandInElectron => {
    running.push(electron);
    return electron;
  };
  return {
    folder,
    rendererFolder,
    track,
    async startShell(options = {}) {
      const userData = options.userData ?? folder();
      const electron = track(new StandInElectron({ ...options, userData }));
      const shell = createDesktopShell(electron.electron, {
        rendererFolder: rendererFolder(),
        preloadFile: '/app/dist/electron/preload.cjs',
        // The built engine thread (npm run build), or a stand-in of it.
        engineWorker: options.engineWorker ?? desktopEngineWorker,
        version: '0.0.0-test',
        platform: options.platform ?? 'linux',
      });
      electron.markReady();
      return { electron, shell, started: await shell.started, userData };
    },
  };
}
