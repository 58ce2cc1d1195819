import fs from 'node:fs';
import path from 'node:path';

/**
 * Where `npm start` puts better-sqlite3 built for Electron's ABI, beside (never over) the
 * Node build in node_modules, which `hirebox serve` and the tests load. Inside
 * node_modules, so git ignores it and a fresh `npm ci` (new better-sqlite3) drops it.
 * `scripts/start.mjs` writes to the same path.
 */
export function electronNativeBindingPath(appFolder: string, abi: string): string {
  return path.join(appFolder, 'node_modules', '.cache', 'hirebox-native', `electron-${abi}`, 'better_sqlite3.node');
}

/**
 * The better-sqlite3 build the desktop shell loads: in development the Electron build from
 * `npm start`; in a packaged app none (undefined), since electron-builder rebuilt the one in
 * node_modules for Electron.
 */
export function chooseNativeBinding(options: { appFolder: string; abi: string; isPackaged: boolean; exists?: (file: string) => boolean }): string | undefined {
  if (options.isPackaged) return undefined;
  const file = electronNativeBindingPath(options.appFolder, options.abi);
  return (options.exists ?? fs.existsSync)(file) ? file : undefined;
}
