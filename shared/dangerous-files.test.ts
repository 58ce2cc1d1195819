import { describe, expect, it } from 'vitest';
import { isDangerousFileName } from './dangerous-files.js';

describe('dangerous file types (Inbox I)', () => {
  it('warns for programs, scripts, shortcuts, pages and macro documents, whatever the case', () => {
    for (const name of ['setup.exe', 'run.JS', 'x.vbs', 'screen.scr', 'go.bat', 'go.cmd', 'install.msi', 'tool.jar', 'a.ps1', 'link.lnk', 'page.html', 'budget.xlsm', 'letter.docm']) {
      expect(isDangerousFileName(name), name).toBe(true);
    }
  });

  it('sees through a double extension and trailing dots or spaces', () => {
    expect(isDangerousFileName('CV.pdf.exe')).toBe(true);
    expect(isDangerousFileName('CV.pdf.exe. ')).toBe(true);
  });

  it('does not warn for documents and images, nor for names without an extension', () => {
    for (const name of ['CV.pdf', 'photo.JPG', 'letter.docx', 'sheet.xlsx', 'README', 'notes.txt']) {
      expect(isDangerousFileName(name), name).toBe(false);
    }
  });
});
