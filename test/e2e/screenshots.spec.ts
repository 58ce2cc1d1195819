import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Issue 25: `npm run screenshots` runs in the test command, on a small set — two screens in
 * both languages — into a temporary folder: a real `hirebox serve` with the sample data and a
 * Gmail stand-in mailbox, photographed by Chromium. Each file must be a real 1280×720 PNG with
 * something on it (a blank page compresses to a few hundred bytes).
 */

function runScript(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['scripts/screenshots.mjs', '--no-build', ...args], { encoding: 'utf8', timeout: 55_000 }, (_error, stdout, stderr) => {
      resolve({ code: child.exitCode, output: `${stdout}${stderr}` });
    });
  });
}

/** Width and height from a PNG's IHDR chunk, or null when the file is no PNG. */
function pngSize(file: string): { width: number; height: number } | null {
  const bytes = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('npm run screenshots writes real pictures of the UI in both languages', async () => {
  test.setTimeout(60_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-screenshots-test-'));
  try {
    const { code, output } = await runScript(['--out', out, '--lang', 'en,de', '--screens', 'inbox,composer']);
    expect(code, output).toBe(0);
    expect(output).toContain('4 screenshots in');
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['composer-de.png', 'composer-en.png', 'inbox-de.png', 'inbox-en.png']);
    for (const name of files) {
      const file = path.join(out, name);
      expect(pngSize(file), name).toEqual({ width: 1280, height: 720 });
      expect(fs.statSync(file).size, name).toBeGreaterThan(20_000);
    }
    // The two languages show different words, so their pictures differ.
    expect(fs.readFileSync(path.join(out, 'inbox-en.png')).equals(fs.readFileSync(path.join(out, 'inbox-de.png')))).toBe(false);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
