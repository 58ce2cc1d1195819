import { describe, expect, it } from 'vitest';
import { isDangerousFileName, longestSaveName, safeSaveName } from './dangerous-files.js';

describe('dangerous file types (Inbox I)', () => {
  it('warns for programs, scripts, shortcuts, pages and macro documents, whatever the case', () => {
    for (const name of ['setup.exe', 'run.JS', 'x.vbs', 'screen.scr', 'go.bat', 'go.cmd', 'install.msi', 'tool.jar', 'a.ps1', 'link.lnk', 'page.html', 'budget.xlsm', 'letter.docm']) {
      expect(isDangerousFileName(name), name).toBe(true);
    }
  });

  it('warns for Linux launchers, Java Web Start, cabinets, Excel add-ins, OneNote and every macro-capable Office format (issue 23)', () => {
    for (const name of ['start.desktop', 'Tool.AppImage', 'app.jnlp', 'drivers.cab', 'addin.xll', 'Notes.one', 'a.docm', 'a.dotm', 'a.xlsm', 'a.xltm', 'a.xlsb', 'a.xlam', 'a.pptm', 'a.potm', 'a.ppam', 'a.ppsm', 'a.sldm']) {
      expect(isDangerousFileName(name), name).toBe(true);
    }
  });

  it('sees through a double extension and trailing dots or spaces', () => {
    expect(isDangerousFileName('CV.pdf.exe')).toBe(true);
    expect(isDangerousFileName('CV.pdf.exe. ')).toBe(true);
  });

  it('sees through direction marks and invisible characters around or inside the extension (issue 23)', () => {
    for (const name of [
      'cv.exe\u200e',
      'cv.exe\u200f',
      'cv\u202efdp.exe',
      'cv.pdf\u202a.exe\u202c',
      'cv.e\u200bxe',
      'cv.ex\u200de',
      'cv.exe\ufeff',
      'cv.exe\u061c',
      'cv.\u2066exe\u2069',
      'cv.exe\u00ad',
      'start.desk\u2060top',
      'cv\uff0eexe',
    ]) {
      expect(isDangerousFileName(name), JSON.stringify(name)).toBe(true);
    }
  });

  it('does not warn for documents and images, nor for names without an extension', () => {
    for (const name of ['CV.pdf', 'photo.JPG', 'letter.docx', 'sheet.xlsx', 'README', 'notes.txt', 'Lebenslauf.doc', 'cv.pdf\u200e']) {
      expect(isDangerousFileName(name), name).toBe(false);
    }
  });
});

describe('the name an attachment is saved under (issue 23)', () => {
  it('is never a path: separators become _, no .. is left, no leading dot', () => {
    expect(safeSaveName('../../../evil.desktop')).toBe('evil.desktop');
    expect(safeSaveName('..\\..\\evil.exe')).toBe('evil.exe');
    expect(safeSaveName('../../.ssh/authorized_keys')).toBe('ssh_authorized_keys');
    expect(safeSaveName('C:\\Windows\\evil.exe')).toBe('C__Windows_evil.exe');
    expect(safeSaveName('/etc/passwd')).toBe('etc_passwd');
    expect(safeSaveName('.bashrc')).toBe('bashrc');
    for (const name of ['../../../evil.desktop', 'a/../../b', '..', 'x\\..\\y', '.../...']) {
      const saved = safeSaveName(name);
      expect(saved, name).not.toMatch(/[/\\]|\.\./);
    }
  });

  it('drops direction marks and invisible characters, so the shown extension is the real one', () => {
    expect(safeSaveName('Rechnung\u202Efdp.exe')).toBe('Rechnungfdp.exe');
    expect(safeSaveName('cv.exe\u200e')).toBe('cv.exe');
    expect(safeSaveName('c\u200bv\ufeff.pdf')).toBe('cv.pdf');
  });

  it('replaces control characters and those Windows refuses, and collapses runs of spaces', () => {
    expect(safeSaveName('Rechnung\u0000.pdf')).toBe('Rechnung_.pdf');
    expect(safeSaveName('a<b>c:"d"|e?*.txt')).toBe('a_b_c__d__e__.txt');
    expect(safeSaveName('cv.pdf                                   .exe')).toBe('cv.pdf .exe');
    expect(safeSaveName('line\nbreak.pdf')).toBe('line_break.pdf');
  });

  it('renames reserved Windows device names', () => {
    expect(safeSaveName('CON')).toBe('_CON');
    expect(safeSaveName('nul.txt')).toBe('_nul.txt');
    expect(safeSaveName('LPT1.pdf')).toBe('_LPT1.pdf');
    expect(safeSaveName('console.pdf')).toBe('console.pdf');
  });

  it('drops trailing dots and spaces, and says "attachment" when nothing is left', () => {
    expect(safeSaveName('report. . ')).toBe('report');
    expect(safeSaveName('...')).toBe('attachment');
    expect(safeSaveName('//')).toBe('attachment');
    expect(safeSaveName('\u202e\u200e')).toBe('attachment');
    expect(safeSaveName('')).toBe('attachment');
  });

  it('caps the length but keeps the extension visible, without cutting a character in half', () => {
    const long = safeSaveName(`${'Lebenslauf '.repeat(40)}.exe`);
    expect(long.length).toBeLessThanOrEqual(longestSaveName);
    expect(long.endsWith('.exe')).toBe(true);
    expect(isDangerousFileName(long)).toBe(true);
    const emoji = safeSaveName(`${'😀'.repeat(200)}.pdf`);
    expect(emoji.length).toBeLessThanOrEqual(longestSaveName);
    expect(emoji.endsWith('😀.pdf')).toBe(true);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(safeSaveName('x'.repeat(300))).toHaveLength(longestSaveName);
  });

  it('keeps ordinary names as they are', () => {
    for (const name of ['Lebenslauf Anna.pdf', 'Zeugnis – März 2026.docx', 'photo.JPG', 'Résumé.pdf']) expect(safeSaveName(name)).toBe(name);
  });
});
