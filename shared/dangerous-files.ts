/**
 * File types that run code when opened (Windows, macOS, Linux desktops) or carry macros:
 * opening an attachment of one of these types is warned about first (Inbox I, issue 10).
 * Lower case, without the dot.
 */
export const dangerousExtensions: ReadonlySet<string> = new Set([
  // Programs and installers
  'exe', 'com', 'scr', 'pif', 'msi', 'msp', 'mst', 'dll', 'cpl', 'appx', 'msix', 'app', 'dmg', 'pkg', 'deb', 'rpm', 'run', 'bin', 'apk',
  // Scripts
  'bat', 'cmd', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'wsc', 'ps1', 'ps1xml', 'psm1', 'psd1', 'sh', 'command', 'py', 'pyw', 'pl', 'rb', 'hta', 'jar', 'reg', 'inf', 'scf',
  // Shortcuts and containers that open programs
  'lnk', 'url', 'iso', 'img', 'vhd', 'vhdx', 'msc', 'gadget', 'library-ms', 'settingcontent-ms', 'application', 'xbap',
  // Pages that run script where they are opened
  'html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'xml', 'chm',
  // Office documents with macros
  'docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm',
]);

/** True when opening a file with this name could run code (its last extension decides). */
export function isDangerousFileName(fileName: string): boolean {
  // Trailing dots and spaces are dropped by Windows ("cv.pdf.exe. " opens as .exe).
  const trimmed = fileName.trim().replace(/[.\s]+$/, '').toLowerCase();
  const dot = trimmed.lastIndexOf('.');
  if (dot === -1) return false;
  return dangerousExtensions.has(trimmed.slice(dot + 1));
}
