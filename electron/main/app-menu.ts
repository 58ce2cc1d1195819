import type { MenuLike, MenuTemplateItemLike } from './electron-like.js';

/**
 * The packaged app's menu (issue 23): nothing that opens the developer tools or reloads the
 * page. On macOS the app, edit and window menus (Quit, Copy and Paste, Minimise need them);
 * elsewhere none at all — Chromium handles the edit shortcuts in text fields by itself.
 * In development (`npm start`) Electron's default menu stays, DevTools included.
 */
export function productionMenuTemplate(platform: NodeJS.Platform): MenuTemplateItemLike[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }] : null;
}

/** Sets the production menu when packaged; leaves Electron's default in development. */
export function installApplicationMenu(Menu: MenuLike, options: { isPackaged: boolean; platform: NodeJS.Platform }): void {
  if (!options.isPackaged) return;
  const template = productionMenuTemplate(options.platform);
  Menu.setApplicationMenu(template === null ? null : Menu.buildFromTemplate(template));
}
