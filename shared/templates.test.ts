import { describe, expect, it } from 'vitest';
import { fillPlaceholders, holdsSignature, standingPlaceholders } from './templates.js';

describe('template placeholders', () => {
  it('fills those with a value and leaves the others standing, named once', () => {
    const result = fillPlaceholders('Hallo {firstName},\n\nzu {jobTitle}: {jobTitle}.\n\n{signature}', { firstName: 'Anna', jobTitle: ' ', signature: 'Olivia' });
    expect(result.text).toBe('Hallo Anna,\n\nzu {jobTitle}: {jobTitle}.\n\nOlivia');
    expect(result.missing).toEqual(['jobTitle']);
  });

  it('leaves unknown braces alone and does not count them', () => {
    expect(fillPlaceholders('{unknown} {firstName} {not a placeholder}', { firstName: 'Ben' })).toEqual({ text: '{unknown} Ben {not a placeholder}', missing: [] });
    expect(standingPlaceholders('{senderName}{firstName}{senderName}')).toEqual(['senderName', 'firstName']);
  });

  it('knows a text that already holds the signature, line endings and trailing blanks aside', () => {
    const signature = 'Alice Adams  \nHirebox Test GmbH\n';
    expect(holdsSignature('Hallo Anna,\r\n\r\nViele Grüße\r\nAlice Adams\r\nHirebox Test GmbH', signature)).toBe(true);
    expect(holdsSignature('Hallo Anna,\n\nViele Grüße\nAlice Adams', signature)).toBe(false);
    expect(holdsSignature('Hallo Anna', '  ')).toBe(false);
  });
});
