/**
 * File names of attachments (Inbox I, issues 10 and 23): which types run code when opened,
 * and the one name a file is saved under in both shells. The desktop suggests it in the save
 * dialog (electron/main/save-blob.ts), the headless shell hands it to the browser's download
 * (renderer/src/api/client.ts) and to `Content-Disposition`, the engine offers attachments
 * under it (inbox-service.ts), and the attachment chip shows it — so what the user is warned
 * about is what lands on disk.
 */

/**
 * File types that run code when opened (Windows, macOS, Linux desktops) or carry macros:
 * saving an attachment of one of these types is warned about first.
 * Lower case, without the dot.
 */
export const dangerousExtensions: ReadonlySet<string> = new Set([
  // Programs and installers
  'exe', 'com', 'scr', 'pif', 'msi', 'msp', 'mst', 'dll', 'cpl', 'appx', 'msix', 'appxbundle', 'msixbundle', 'app', 'dmg', 'pkg', 'mpkg', 'deb', 'rpm', 'run', 'bin', 'apk', 'appimage', 'snap', 'flatpak', 'flatpakref', 'cab', 'xll', 'sys', 'drv', 'ocx',
  // Scripts
  'bat', 'cmd', 'js', 'jse', 'mjs', 'vb', 'vbs', 'vbe', 'wsf', 'wsh', 'wsc', 'ws', 'ps1', 'ps1xml', 'ps2', 'ps2xml', 'psc1', 'psc2', 'psm1', 'psd1', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'tool', 'py', 'pyw', 'pyc', 'pl', 'rb', 'php', 'hta', 'jar', 'jnlp', 'reg', 'inf', 'scf', 'sct', 'msh', 'msh1', 'msh2', 'mshxml', 'applescript', 'scpt', 'workflow', 'action',
  // Shortcuts and containers that open programs
  'lnk', 'url', 'desktop', 'webloc', 'inetloc', 'fileloc', 'iso', 'img', 'vhd', 'vhdx', 'msc', 'gadget', 'library-ms', 'settingcontent-ms', 'search-ms', 'searchconnector-ms', 'application', 'appref-ms', 'xbap', 'diagcab', 'theme', 'themepack', 'one', 'onepkg',
  // Pages that run script where they are opened
  'html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xml', 'xsl', 'chm', 'hlp',
  // Office documents and add-ins with macros (the older binary formats .doc/.xls/.ppt can
  // carry macros too, but most CVs still arrive as .doc: docs/decisions.md "Dangerous attachments")
  'docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'xlam', 'xla', 'xlm', 'pptm', 'potm', 'ppam', 'ppa', 'ppsm', 'sldm', 'wll', 'wwl', 'accde', 'accdb', 'mde', 'mdb', 'ade', 'adp', 'mda', 'mdz',
]);

/** The longest name suggested, in UTF-16 units (well within every file system's 255 bytes for Latin text). */
export const longestSaveName = 180;

// Format characters (\p{Cf}: direction marks and embeddings U+200E/F, U+202A–E, U+2066–9,
// zero widths U+200B–D, U+2060, U+FEFF, the Arabic letter mark U+061C, the soft hyphen …)
// show nothing or reorder what follows, so `cv\u202Efdp.exe` reads as `cvexe.pdf`.
const invisible = /[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f]/gu;
// Controls, separators of lines and paragraphs, and what Windows refuses in a name.
const refused = /[\p{Cc}\u2028\u2029<>:"/\\|?*]/gu;
// Device names Windows will not create as files, whatever the extension (`con.txt`, `LPT1.pdf`).
const reservedWindowsName = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\.|$)/i;

/**
 * A mail's file name as a name to save under, never a path: no folders (separators become
 * `_`, runs of dots one dot, so no `..`), no control, direction or invisible characters, no
 * character Windows refuses, no leading dots (hidden files) or trailing dots and spaces
 * (Windows drops them), no reserved device name, runs of spaces as one; at most
 * {@link longestSaveName} characters with the real extension kept at the end, so the type
 * the user sees is the type that opens. "attachment" when nothing is left.
 */
export function safeSaveName(name: string): string {
  let cleaned = name
    .normalize('NFC')
    .replace(invisible, '')
    .replace(refused, '_')
    .replace(/\s+/gu, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s._]+/u, '')
    .replace(/[\s.]+$/u, '');
  if (cleaned === '' || /^[_\s.]*$/u.test(cleaned)) return 'attachment';
  if (reservedWindowsName.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > longestSaveName) {
    const dot = cleaned.lastIndexOf('.');
    const extension = dot > 0 && cleaned.length - dot <= 20 ? cleaned.slice(dot) : '';
    const stem = Array.from(cleaned.slice(0, cleaned.length - extension.length));
    // Cut by code point, never through a surrogate pair.
    let kept = '';
    for (const character of stem) {
      if (kept.length + character.length > longestSaveName - extension.length) break;
      kept += character;
    }
    cleaned = `${kept.replace(/[\s.]+$/u, '')}${extension}`;
  }
  return cleaned;
}

/** The extension that decides what opens the saved file: lower case, without the dot; '' for none. */
export function saveExtension(fileName: string): string {
  // NFKC also folds look-alikes such as full-width letters (`ｅｘｅ`) into the letters they show.
  const saved = safeSaveName(fileName).normalize('NFKC').toLowerCase();
  const dot = saved.lastIndexOf('.');
  return dot === -1 ? '' : saved.slice(dot + 1).trim();
}

/**
 * True when opening a file with this name could run code. Judged on the name it is saved
 * under ({@link safeSaveName}), so `cv.exe\u200e`, `cv\u202Efdp.exe` and `CV.pdf.exe. ` all count.
 */
export function isDangerousFileName(fileName: string): boolean {
  return dangerousExtensions.has(saveExtension(fileName));
}
