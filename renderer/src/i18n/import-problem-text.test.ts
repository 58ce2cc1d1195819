import { describe, expect, it } from 'vitest';
import { describeImportProblem } from './import-problem-text.js';

describe('import problem text', () => {
  it('says why a row was refused, by code and column, in both languages', () => {
    const ownAddress = { line: 3, code: 'own-address' as const, message: 'x', field: 'email' };
    expect(describeImportProblem(ownAddress, 'en')).toMatch(/belongs to you or a colleague/);
    expect(describeImportProblem(ownAddress, 'de')).toMatch(/gehört dir/);
    expect(describeImportProblem({ line: 4, code: 'invalid-input', message: 'x', field: 'email' }, 'en')).toMatch(/not a mail address/);
    expect(describeImportProblem({ line: 4, code: 'invalid-input', message: 'x', field: 'Stage' }, 'en')).toMatch(/stage is unknown/);
    expect(describeImportProblem({ line: 4, code: 'conflict', message: 'x', field: 'email' }, 'en')).toMatch(/already on another candidate/);
  });

  it('has words for a line it cannot place, never the engine’s English', () => {
    const broken = { line: 14, code: 'invalid-input' as const, message: 'line 14: a quote opened here is never closed.' };
    expect(describeImportProblem(broken, 'de')).toMatch(/nicht lesbar/);
    expect(describeImportProblem({ ...broken, field: 'phone' }, 'en')).toMatch(/could not be read/);
  });
});
