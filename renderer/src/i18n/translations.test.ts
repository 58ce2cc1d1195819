import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en } from './en.js';

function leaves(table: object, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(table)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(path, value);
    else for (const [inner, text] of leaves(value as object, path)) result.set(inner, text);
  }
  return result;
}

describe('translations', () => {
  const english = leaves(en);
  const german = leaves(de);

  it('have the same keys in German and English', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no empty string', () => {
    for (const [key, text] of [...english, ...german]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, text] of english) expect(placeholders(german.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('are actually translated (German differs from English except for names)', () => {
    const sameOnPurpose = new Set(['app.name', 'nav.jobs', 'jobs.title', 'jobs.listLabel', 'provider.imap', 'provider.gmail',
      'provider.microsoft', 'languageName.de', 'languageName.en', 'settings.workspace.title', 'settings.workspace.roleAdmin',
      'role.admin', 'stage.interview', 'settings.team.title', 'candidateForm.name', 'settings.team.name', 'profile.job',
      'connectForm.port', 'connectForm.security.tls', 'connectForm.security.starttls', 'connectionTest.status.ok', 'connectionTest.microsoft', 'threadTeam.assignedTo', 'candidates.columnName']);
    for (const [key, text] of english) {
      if (!sameOnPurpose.has(key)) expect(german.get(key), key).not.toBe(text);
    }
  });
});
