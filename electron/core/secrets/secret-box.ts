/**
 * How well a {@link SecretBox} protects what it seals.
 * - `os-keychain`: a key held by the operating system's keychain (macOS Keychain, Windows
 *   DPAPI, a Secret Service keyring or KWallet on Linux).
 * - `obfuscated-only`: Electron on Linux without a keyring (`basic_text`): the key is a
 *   constant, so anyone who can read the data folder can read the passwords.
 * - `key-file`: the headless shell's random key in `<data>/secret.key`, readable only by
 *   its owner. Weaker than a keychain: whoever can read the data folder as that user (a
 *   backup, a stolen disk) has key and ciphertext together.
 */
export type SecretProtection = 'os-keychain' | 'obfuscated-only' | 'key-file';

/**
 * Encrypts passwords and tokens at rest (DESIGN.md "Secrets"). Each shell supplies one:
 * Electron's `safeStorage` in the desktop shell, a key file in headless mode. A sealed
 * value starts with a tag naming the box that sealed it, so a value sealed by the other
 * shell is refused with a clear error instead of decrypting to garbage.
 * Plain values never reach a log or the renderer.
 */
export interface SecretBox {
  /** Encrypts `plain`; the result is safe to store in the database. */
  seal(plain: string): Buffer;
  /**
   * Decrypts what `seal` returned.
   * @throws AppError `auth-required` when the value was changed, sealed with another key,
   *   or sealed by the other shell: the password must be entered again, and the message
   *   says so.
   */
  open(sealed: Buffer): string;
  readonly protection: SecretProtection;
}

/** Tags at the start of a sealed value (4 ASCII bytes). */
export const sealTags = {
  /** {@link KeyFileSecretBox}, format version 1. */
  keyFile: 'hbk1',
  /** The desktop shell's `safeStorage` box, format version 1. */
  safeStorage: 'hbs1',
} as const;

/** Which box sealed `sealed`, by its tag; null for anything else. */
export function sealedBy(sealed: Buffer): keyof typeof sealTags | null {
  const tag = sealed.subarray(0, 4).toString('latin1');
  for (const [box, value] of Object.entries(sealTags) as [keyof typeof sealTags, string][]) {
    if (tag === value) return box;
  }
  return null;
}
