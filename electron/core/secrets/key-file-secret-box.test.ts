import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { KeyFileSecretBox, keyFileName } from './key-file-secret-box.js';
import { sealTags } from './secret-box.js';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

function dataFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-secrets-'));
  folders.push(folder);
  return folder;
}

function openError(box: KeyFileSecretBox, sealed: Buffer): AppError {
  try {
    box.open(sealed);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('open() accepted the value');
}

describe('KeyFileSecretBox', () => {
  it('round-trips a secret, including non-ASCII and empty ones, without the plain text in the sealed bytes', () => {
    const box = KeyFileSecretBox.open(dataFolder());
    for (const plain of ['hunter2', 'Passwört mit Ümlaut 🔑', '']) {
      const sealed = box.seal(plain);
      expect(sealed.includes(Buffer.from(plain))).toBe(plain === '');
      expect(box.open(sealed)).toBe(plain);
    }
    expect(box.protection).toBe('key-file');
  });

  it('seals the same secret differently every time (random IV)', () => {
    const box = KeyFileSecretBox.open(dataFolder());
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
  });

  it('keeps its key across restarts, so values sealed before still open', () => {
    const folder = dataFolder();
    const sealed = KeyFileSecretBox.open(folder).seal('imap password');
    expect(KeyFileSecretBox.open(folder).open(sealed)).toBe('imap password');
  });

  it('writes the key file readable by its owner only, with no temp file left behind', () => {
    const folder = dataFolder();
    KeyFileSecretBox.open(folder);
    expect(fs.readdirSync(folder)).toEqual([keyFileName]);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(folder, keyFileName)).mode & 0o777).toBe(0o600);
  });

  it('takes back a key file that others could read', () => {
    const folder = dataFolder();
    KeyFileSecretBox.open(folder);
    const keyFile = path.join(folder, keyFileName);
    fs.chmodSync(keyFile, 0o644);
    KeyFileSecretBox.open(folder);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses a changed value with a clear error, wherever the change is', () => {
    const box = KeyFileSecretBox.open(dataFolder());
    const sealed = box.seal('hunter2');
    for (const index of [4, 4 + 12, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 0x01;
      const error = openError(box, tampered);
      expect(error.code).toBe('auth-required');
      expect(error.message).toMatch(/cannot be read: it was changed, or sealed with another key .*secret\.key\. Enter the password again\./);
    }
    expect(openError(box, sealed.subarray(0, 10)).message).toMatch(/not a value Hirebox sealed/);
  });

  it('refuses a value sealed with another key file', () => {
    const sealed = KeyFileSecretBox.open(dataFolder()).seal('hunter2');
    const error = openError(KeyFileSecretBox.open(dataFolder()), sealed);
    expect(error.code).toBe('auth-required');
    expect(error.message).toMatch(/sealed with another key/);
  });

  it('names the desktop app when given a value sealed by its keychain box', () => {
    const fromDesktop = Buffer.concat([Buffer.from(sealTags.safeStorage, 'latin1'), Buffer.from('v11 opaque bytes')]);
    expect(openError(KeyFileSecretBox.open(dataFolder()), fromDesktop).message).toMatch(/saved by the Hirebox desktop app/);
  });

  it('refuses a key file that does not hold a key, without replacing it', () => {
    const folder = dataFolder();
    fs.writeFileSync(path.join(folder, keyFileName), 'not a key\n', { mode: 0o600 });
    expect(() => KeyFileSecretBox.open(folder)).toThrow(/does not hold a 32-byte key/);
    expect(fs.readFileSync(path.join(folder, keyFileName), 'utf8')).toBe('not a key\n');
  });

  it('reports a key file it cannot create as storage-unavailable', () => {
    expect(() => KeyFileSecretBox.open(path.join(dataFolder(), 'missing', 'folder'))).toThrow(
      expect.objectContaining({ code: 'storage-unavailable', message: expect.stringMatching(/cannot use its key file .*ENOENT/) }),
    );
  });
});
