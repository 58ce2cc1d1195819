import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { sealedBy, sealTags, type SecretBox } from './secret-box.js';

export const keyFileName = 'secret.key';

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
const header = Buffer.from(sealTags.keyFile, 'latin1');

/**
 * The headless shell's {@link SecretBox}: AES-256-GCM under a random 32-byte key kept in
 * `<data>/secret.key` (mode 0600, created once, never overwritten).
 *
 * Weaker than the desktop shell's keychain, and documented as such: the key lies beside
 * the database, so anyone who can read the data folder as its owner — a backup, a copied
 * disk — can decrypt the passwords. It keeps them out of the database file itself, out of
 * a database copied alone, and away from other users of the machine.
 *
 * Sealed layout: tag `hbk1` (4 bytes) · IV (12) · GCM auth tag (16) · ciphertext. The tag
 * is also the additional authenticated data, so a changed header fails like changed data.
 */
export class KeyFileSecretBox implements SecretBox {
  readonly protection = 'key-file' as const;
  readonly #key: Buffer;
  readonly #keyFile: string;

  private constructor(key: Buffer, keyFile: string) {
    this.#key = key;
    this.#keyFile = keyFile;
  }

  /**
   * Reads the key file of a prepared data folder, creating it on first use.
   * @throws AppError `storage-unavailable` when the key file cannot be read, written, or
   *   does not hold a key.
   */
  static open(dataFolder: string): KeyFileSecretBox {
    const keyFile = path.join(dataFolder, keyFileName);
    return new KeyFileSecretBox(readOrCreateKey(keyFile), keyFile);
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: tagBytes });
    cipher.setAAD(header);
    const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), encrypted]);
  }

  open(sealed: Buffer): string {
    const box = sealedBy(sealed);
    if (box === 'safeStorage') {
      throw unreadable('it was saved by the Hirebox desktop app, whose key stays in the system keychain. Open Hirebox as a desktop app, or enter the password again here.');
    }
    if (box !== 'keyFile' || sealed.length < header.length + ivBytes + tagBytes) {
      throw unreadable('it is not a value Hirebox sealed. Enter the password again.');
    }
    const iv = sealed.subarray(header.length, header.length + ivBytes);
    const tag = sealed.subarray(header.length + ivBytes, header.length + ivBytes + tagBytes);
    const encrypted = sealed.subarray(header.length + ivBytes + tagBytes);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: tagBytes });
      decipher.setAAD(header);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
    } catch (error) {
      throw unreadable(`it was changed, or sealed with another key than ${this.#keyFile}. Enter the password again.`, error);
    }
  }
}

function readOrCreateKey(keyFile: string): Buffer {
  try {
    return readKey(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyFileError(keyFile, error);
  }
  try {
    createKeyFile(keyFile);
    return readKey(keyFile);
  } catch (error) {
    throw keyFileError(keyFile, error);
  }
}

function readKey(keyFile: string): Buffer {
  if (process.platform !== 'win32' && (fs.statSync(keyFile).mode & 0o077) !== 0) {
    // Readable by others is how copies from archives and careless `cp` arrive: take it back.
    fs.chmodSync(keyFile, 0o600);
  }
  const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (key.length !== keyBytes) {
    throw new AppError('storage-unavailable', `The key file ${keyFile} does not hold a ${keyBytes}-byte key. Saved passwords cannot be read; move the file away and enter them again.`);
  }
  return key;
}

/**
 * Writes a new key to a temp file and links it into place: `link` fails when the file
 * exists, so a key is never replaced (that would make every sealed value unreadable), and
 * readers never see half a key.
 */
function createKeyFile(keyFile: string): void {
  const temp = `${keyFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${randomBytes(keyBytes).toString('base64')}\n`, { mode: 0o600 });
  try {
    fs.chmodSync(temp, 0o600);
    fs.linkSync(temp, keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function keyFileError(keyFile: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new AppError('storage-unavailable', `Hirebox cannot use its key file ${keyFile} (${reason}). Check the data folder's permissions.`, { cause: error });
}

function unreadable(reason: string, cause?: unknown): AppError {
  return new AppError('auth-required', `A saved password cannot be read: ${reason}`, cause === undefined ? {} : { cause });
}
