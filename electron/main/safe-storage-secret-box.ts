import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log/logger.js';
import { sealedBy, sealTags, type SecretBox, type SecretProtection } from '../core/secrets/secret-box.js';
import type { DialogLike, SafeStorageLike } from './electron-like.js';

/** Linux backends of `safeStorage` that keep the key in a real keyring. */
const linuxKeyrings: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

const header = Buffer.from(sealTags.safeStorage, 'latin1');

/**
 * The desktop shell's {@link SecretBox}: Electron's `safeStorage` (macOS Keychain, Windows
 * DPAPI, a Secret Service keyring or KWallet on Linux). Create it after the app is ready —
 * on Linux the backend is chosen then.
 *
 * On Linux without a keyring Electron falls back to `basic_text`: a hard-coded key, so the
 * passwords are only obfuscated. `protection` says so (`obfuscated-only`), and the shell
 * tells the user (see {@link noticeWeakProtection}).
 */
export class SafeStorageSecretBox implements SecretBox {
  readonly protection: SecretProtection;
  readonly #safeStorage: SafeStorageLike;

  constructor(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform) {
    this.#safeStorage = safeStorage;
    this.protection = protectionOf(safeStorage, platform);
  }

  seal(plain: string): Buffer {
    if (!this.#safeStorage.isEncryptionAvailable()) {
      throw new AppError('storage-unavailable', 'This computer offers Hirebox no way to encrypt passwords, so it cannot save them. Sign in to your desktop session and try again.', { retryable: true });
    }
    return Buffer.concat([header, this.#safeStorage.encryptString(plain)]);
  }

  open(sealed: Buffer): string {
    const box = sealedBy(sealed);
    if (box === 'keyFile') {
      throw unreadable('it was saved by `hirebox serve`, whose key lies in its data folder, not in the system keychain. Enter the password again here.');
    }
    if (box !== 'safeStorage') throw unreadable('it is not a value Hirebox sealed. Enter the password again.');
    try {
      return this.#safeStorage.decryptString(sealed.subarray(header.length));
    } catch (error) {
      throw unreadable('the system keychain could not decrypt it (it was changed, or saved under another user or keyring). Enter the password again.', error);
    }
  }
}

/** How well `safeStorage` protects secrets on this platform, by its selected backend. */
export function protectionOf(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretProtection {
  if (platform !== 'linux') return 'os-keychain';
  return linuxKeyrings.has(safeStorage.getSelectedStorageBackend()) ? 'os-keychain' : 'obfuscated-only';
}

/** Marker in the data folder: the user was told once that passwords are only obfuscated. */
export const weakProtectionNoticeFile = 'notice-passwords-obfuscated';

export const weakProtectionNotice = {
  type: 'warning',
  title: 'Hirebox',
  message: 'Saved passwords are only obfuscated on this computer, not encrypted.',
  detail:
    'Hirebox found no keyring to keep its encryption key, so anyone who can read your files can read the mail passwords you save in Hirebox. ' +
    'Install and unlock a Secret Service keyring — GNOME Keyring (package "gnome-keyring") or KDE Wallet (package "kwalletmanager") — then log out, log in and start Hirebox again.',
  buttons: ['OK'],
} as const;

/**
 * Tells the user plainly when passwords are only obfuscated: a line in the log at every
 * start, and a dialog at the first start on this data folder (a marker file remembers it).
 */
export function noticeWeakProtection(box: SecretBox, options: { dialog: DialogLike; logger: Logger; dataFolder: string }): void {
  if (box.protection !== 'obfuscated-only') return;
  options.logger.warn('no keyring found: saved passwords are only obfuscated (install gnome-keyring or KWallet)');
  const marker = path.join(options.dataFolder, weakProtectionNoticeFile);
  if (fs.existsSync(marker)) return;
  options.dialog.showMessageBox({ ...weakProtectionNotice, buttons: [...weakProtectionNotice.buttons] }).catch((error: unknown) => options.logger.warn('could not show the keyring notice', { error: String(error) }));
  try {
    fs.writeFileSync(marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch (error) {
    // Not remembering only means the dialog shows again next start.
    options.logger.warn('could not remember the keyring notice', { error: String(error) });
  }
}

function unreadable(reason: string, cause?: unknown): AppError {
  return new AppError('auth-required', `A saved password cannot be read: ${reason}`, cause === undefined ? {} : { cause });
}
