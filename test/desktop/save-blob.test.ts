import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipcCallChannel } from '../../shared/bridge.js';
import { ipcChannels } from '../../shared/wire.js';
import { dangerousSaveTitle } from '../../electron/main/save-blob.js';
import type { DesktopShell } from '../../electron/main/shell.js';
import { acmeSetup } from '../support/engine.js';
import { frameAt, type StandInElectron } from './stand-in-electron.js';
import { standInShells } from './stand-in-shells.js';

// The desktop save of an attachment (issue 23): the save dialog suggests the one safe name
// (shared/dangerous-files.ts) — never a path, no direction marks, the real extension kept
// visible — and its title warns for a file that can run code.

const appFrame = frameAt('app://hirebox/index.html');
const shells = standInShells('hirebox-save-');
const folder = shells.folder;

/** A started shell after first run. */
async function startShell(): Promise<{ electron: StandInElectron; shell: DesktopShell }> {
  const { electron, shell, started } = await shells.startShell();
  expect(started).toBe(true);
  expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
  return { electron, shell };
}

describe('desktop: saving an attachment', () => {
  it('suggests the safe name and warns in the dialog title for a file that can run code', async () => {
    const { electron, shell } = await startShell();
    const engine = shell.engine()!;
    const cases: { fileName: string; suggested: string; dangerous: boolean }[] = [
      { fileName: 'cv.exe\u200e', suggested: 'cv.exe', dangerous: true },
      { fileName: 'cv\u202Efdp.exe', suggested: 'cvfdp.exe', dangerous: true },
      { fileName: '../../../evil.desktop', suggested: 'evil.desktop', dangerous: true },
      { fileName: 'CON.pdf', suggested: '_CON.pdf', dangerous: false },
      { fileName: 'Lebenslauf Anna.pdf', suggested: 'Lebenslauf Anna.pdf', dangerous: false },
    ];
    for (const { fileName, suggested, dangerous } of cases) {
      const { blobId } = (await engine.offerBlob(Buffer.from('bytes'), { fileName, mimeType: 'application/octet-stream' }))!;
      expect(await electron.invoke(ipcChannels.saveBlob, appFrame, blobId)).toEqual({ ok: true, value: { saved: false } });
      const { options } = electron.saveDialogs.at(-1)!;
      expect(options.defaultPath, JSON.stringify(fileName)).toBe(suggested);
      expect(options.title, JSON.stringify(fileName)).toBe(dangerous ? dangerousSaveTitle : undefined);
    }
  });

  it('keeps the extension when a long name is shortened, and writes only where the user chose', async () => {
    const { electron, shell } = await startShell();
    const engine = shell.engine()!;
    const bytes = Buffer.from('MZ not really a program');
    const { blobId } = (await engine.offerBlob(bytes, { fileName: `${'Bewerbungsunterlagen '.repeat(15)}.pdf.exe`, mimeType: 'application/octet-stream' }))!;
    const saveTo = folder();
    const target = path.join(saveTo, 'chosen.bin');
    electron.saveDialogAnswer = { canceled: false, filePath: target };
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, blobId)).toEqual({ ok: true, value: { saved: true } });
    const { options } = electron.saveDialogs.at(-1)!;
    expect(options.defaultPath).toMatch(/^Bewerbungsunterlagen .*\.exe$/);
    expect(options.defaultPath.length).toBeLessThanOrEqual(180);
    expect(options.title).toBe(dangerousSaveTitle);
    expect(fs.readdirSync(saveTo)).toEqual(['chosen.bin']);
    expect(fs.readFileSync(target)).toEqual(bytes);
  });
});
