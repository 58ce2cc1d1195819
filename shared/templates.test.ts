import { describe, expect, it } from 'vitest';
import { fillPlaceholders, standingPlaceholders } from './templates.js';

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
});
