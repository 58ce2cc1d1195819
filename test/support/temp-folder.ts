import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the system's temp folder; remove it with the returned function. */
export function makeTempFolder(prefix = 'hirebox-test-'): { folder: string; remove(): void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}
