import { describe, expect, it } from 'vitest';
import { foldText, matchScore, moveActive, rankEntries, type PaletteEntry } from './rank-commands.js';

const entries: PaletteEntry[] = [
  { id: 'inbox', label: 'Go to Inbox', keywords: ['Posteingang', 'mail'], kind: 'page' },
  { id: 'candidates', label: 'Go to Candidates', keywords: ['Kandidat*innen', 'people'], kind: 'page' },
  { id: 'settings-mailboxes', label: 'Settings › Mailboxes', keywords: ['Postfächer', 'accounts'], kind: 'page' },
  { id: 'write', label: 'Write mail', keywords: ['compose', 'new mail'], kind: 'action' },
  { id: 'sync', label: 'Sync now', keywords: ['refresh', 'fetch mail'], kind: 'action' },
  { id: 'anna', label: 'Anna Apfel', keywords: ['anna@example.org'], kind: 'candidate' },
  { id: 'jorg', label: 'Jörg Groß', keywords: ['joerg@example.org'], kind: 'candidate' },
  { id: 'backend', label: 'Backend Engineer', kind: 'job' },
];

const ids = (query: string) => rankEntries(entries, query).map((entry) => entry.id);

describe('palette ranking', () => {
  it('keeps everything in the given order for an empty query', () => {
    expect(ids('')).toEqual(entries.map((entry) => entry.id));
    expect(ids('   ')).toEqual(entries.map((entry) => entry.id));
  });

  it('puts a start of the label before a start of a later word, before a match inside', () => {
    const ranked = rankEntries(
      [
        { id: 'inside', label: 'Check email', kind: 'action' },
        { id: 'later-word', label: 'Open mailboxes', kind: 'action' },
        { id: 'start', label: 'Mailboxes', kind: 'page' },
      ],
      'mail',
    ).map((entry) => entry.id);
    expect(ranked).toEqual(['start', 'later-word', 'inside']);
  });

  it('finds a candidate by first name, last name and address', () => {
    expect(ids('anna')[0]).toBe('anna');
    expect(ids('apfel')[0]).toBe('anna');
    expect(ids('anna@ex')[0]).toBe('anna');
  });

  it('ignores case and accents, both ways', () => {
    expect(ids('JORG')[0]).toBe('jorg');
    expect(ids('groß')[0]).toBe('jorg');
    expect(ids('gross')[0]).toBe('jorg');
    expect(ids('postfacher')).toContain('settings-mailboxes');
  });

  it('finds words in any order and letters typed with gaps', () => {
    expect(ids('engineer backend')[0]).toBe('backend');
    expect(ids('syn nw')[0]).toBe('sync');
    expect(ids('snow')).toContain('sync');
  });

  it('finds by the other language\u2019s words, a little below the label itself', () => {
    expect(ids('posteingang')[0]).toBe('inbox');
    const ranked = rankEntries(
      [
        { id: 'by-keyword', label: 'Settings › Mailboxes', keywords: ['Postfächer'], kind: 'page' },
        { id: 'by-label', label: 'Postfächer', kind: 'action' },
      ],
      'postfacher',
    ).map((entry) => entry.id);
    expect(ranked).toEqual(['by-label', 'by-keyword']);
  });

  it('breaks ties by kind: pages and actions before candidates and jobs', () => {
    const tie = rankEntries(
      [
        { id: 'job', label: 'Design', kind: 'job' },
        { id: 'candidate', label: 'Design', kind: 'candidate' },
        { id: 'page', label: 'Design', kind: 'page' },
      ],
      'design',
    ).map((entry) => entry.id);
    expect(tie).toEqual(['page', 'candidate', 'job']);
  });

  it('drops what does not match, and scattered letters are not a match', () => {
    expect(ids('zebra')).toEqual([]);
    expect(matchScore('Settings › Mailboxes', 'sx')).toBe(0);
  });

  it('caps the list', () => {
    const many = Array.from({ length: 80 }, (_, index) => ({ id: String(index), label: `Candidate ${index}`, kind: 'candidate' as const }));
    expect(rankEntries(many, 'candidate', 20)).toHaveLength(20);
  });

  it('folds text for comparison', () => {
    expect(foldText('  Zoë  Müller ')).toBe('zoe muller');
  });
});

describe('arrow keys', () => {
  it('wrap around at both ends and start at the first or last row', () => {
    expect(moveActive(-1, 3, 1)).toBe(0);
    expect(moveActive(-1, 3, -1)).toBe(2);
    expect(moveActive(2, 3, 1)).toBe(0);
    expect(moveActive(0, 3, -1)).toBe(2);
    expect(moveActive(0, 0, 1)).toBe(-1);
  });
});
