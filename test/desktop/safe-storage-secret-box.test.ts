import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import type { SafeStorageLike } from '../../electron/main/electron-like.js';
import { protectionOf, SafeStorageSecretBox } from '../../electron/main/safe-storage-secret-box.js';
import { makeTempFolder } from '../support/temp-folder.js';

function safeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.concat([Buffer.from('v11'), Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)]),
    decryptString: (encrypted) => {
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

describe('SafeStorageSecretBox', () => {
  it('seals through safeStorage and opens what it sealed', () => {
    const box = new SafeStorageSecretBox(safeStorage(), 'linux');
    const sealed = box.seal('Passwört 🔑');
    expect(sealed.subarray(0, 4).toString()).toBe('hbs1');
    expect(sealed.includes(Buffer.from('Passwört'))).toBe(false);
    expect(box.open(sealed)).toBe('Passwört 🔑');
  });

  it('rates protection by platform and, on Linux, by the selected backend', () => {
    const backend = (name: string) => safeStorage({ getSelectedStorageBackend: () => name });
    expect(protectionOf(backend('basic_text'), 'linux')).toBe('obfuscated-only');
    expect(protectionOf(backend('unknown'), 'linux')).toBe('obfuscated-only');
    for (const keyring of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) expect(protectionOf(backend(keyring), 'linux')).toBe('os-keychain');
    expect(protectionOf(backend('basic_text'), 'darwin')).toBe('os-keychain');
    expect(protectionOf(backend('basic_text'), 'win32')).toBe('os-keychain');
  });

  it('refuses to seal when the system offers no encryption', () => {
    const box = new SafeStorageSecretBox(safeStorage({ isEncryptionAvailable: () => false }), 'darwin');
    expect(() => box.seal('x')).toThrow(expect.objectContaining({ code: 'storage-unavailable', retryable: true }));
  });

  it('turns a value the keychain cannot decrypt into a clear error', () => {
    const box = new SafeStorageSecretBox(safeStorage(), 'linux');
    const sealed = box.seal('hunter2');
    sealed[4] = 0;
    expect(() => box.open(sealed)).toThrow(expect.objectContaining({ code: 'auth-required', message: expect.stringMatching(/system keychain could not decrypt it.*Enter the password again/) }));
    expect(() => box.open(Buffer.from('garbage'))).toThrow(/not a value Hirebox sealed/);
  });

  it('names hirebox serve when given a value its key file sealed', () => {
    const temp = makeTempFolder();
    temps.push(temp);
    const fromHeadless = KeyFileSecretBox.open(temp.folder).seal('hunter2');
    expect(() => new SafeStorageSecretBox(safeStorage(), 'linux').open(fromHeadless)).toThrow(/saved by `hirebox serve`/);
  });
});
