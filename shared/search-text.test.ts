import { describe, expect, it } from 'vitest';
import { excerptAround, highlightParts, parseSearchText, toFtsQuery } from './search-text.js';

const matched = (text: string, query: string) =>
  highlightParts(text, parseSearchText(query))
    .filter((part) => part.match)
    .map((part) => part.text);

describe('reading a search text', () => {
  it('takes words as prefixes, quoted text as a phrase, and punctuation as a separator', () => {
    expect(parseSearchText('Bewerb  "Anna Apfel" lebenslauf.pdf')).toEqual([
      { words: ['bewerb'], prefix: true },
      { words: ['anna', 'apfel'], prefix: false },
      { words: ['lebenslauf', 'pdf'], prefix: true },
    ]);
  });

  it('matches a one-letter word whole, and ignores text with no word at all', () => {
    expect(parseSearchText('a')).toEqual([{ words: ['a'], prefix: false }]);
    expect(toFtsQuery(parseSearchText(' "" ** @ '))).toBeNull();
  });

  it('gives an FTS5 query that cannot be broken by the text typed', () => {
    expect(toFtsQuery(parseSearchText('Müller OR "x" NEAR(a b) *'))).toBe('"muller"* AND "or"* AND "x" AND "near a" AND "b"');
  });
});

describe('highlighting', () => {
  it('lights up the typed prefix, ignoring case and accents', () => {
    expect(matched('Ihre Bewerbung bei Müller & Söhne', 'bewerb MULL')).toEqual(['Bewerb', 'Müll']);
    expect(matched('Gruß aus Zürich', 'zurich')).toEqual(['Zürich']);
  });

  it('lights up a phrase only where its words follow each other', () => {
    expect(matched('Anna wrote; Apfel. Anna Apfel wrote', '"anna apfel"')).toEqual(['Anna Apfel']);
  });

  it('keeps every character, matched or not', () => {
    const text = 'Lebenslauf_Anna-Apfel.pdf';
    const parts = highlightParts(text, parseSearchText('apf'));
    expect(parts.map((part) => part.text).join('')).toBe(text);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Apf']);
  });
});

describe('the excerpt', () => {
  it('shows the words around the first match of a long text', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(20)}Mein Portfolio liegt bei. ${'Consectetur adipiscing. '.repeat(20)}`;
    const excerpt = excerptAround(text, parseSearchText('portfolio'), 100);
    expect(excerpt).toContain('Portfolio');
    expect(excerpt.startsWith('… ')).toBe(true);
    expect(excerpt.endsWith(' …')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(104);
  });
});
