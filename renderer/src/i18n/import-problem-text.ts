import type { ImportRowProblem, Language } from '../../../shared/model.js';

type Words = Record<Language, string>;

/**
 * Why a row of a CSV import was not imported, in words (docs/import.md, "What the import
 * does"). Keyed by code and the column at fault; the engine's English `message` is for
 * logs and the CLI.
 */
const problemText: Record<string, Words> = {
  'own-address': {
    en: 'An address belongs to you or a colleague, so it can’t be a candidate’s.',
    de: 'Eine Adresse gehört dir oder einer Kollegin bzw. einem Kollegen und kann daher nicht zu Kandidat*innen gehören.',
  },
  conflict: {
    en: 'An address is already on another candidate.',
    de: 'Eine Adresse gehört schon zu einer anderen Person.',
  },
  'invalid-input:name': {
    en: 'The name is empty.',
    de: 'Der Name fehlt.',
  },
  'invalid-input:email': {
    en: 'An address is missing or is not a mail address.',
    de: 'Eine Adresse fehlt oder ist keine E-Mail-Adresse.',
  },
  'invalid-input:stage': {
    en: 'The stage is unknown, or there is a stage without a job.',
    de: 'Die Phase ist unbekannt, oder es gibt eine Phase ohne Job.',
  },
  'invalid-input:file': {
    en: 'The file is empty or not CSV text. Save it as CSV (UTF-8 or Windows-1252) and try again.',
    de: 'Die Datei ist leer oder kein CSV-Text. Speichere sie als CSV (UTF-8 oder Windows-1252) und versuche es erneut.',
  },
  'invalid-input:header': {
    en: 'The first line must name the columns: a name and an email column, each once.',
    de: 'Die erste Zeile muss die Spalten benennen: je eine Spalte für Name und E-Mail.',
  },
  'invalid-input': {
    en: 'This line could not be read, e.g. because of a broken quote. Fix the file and import it again.',
    de: 'Diese Zeile ist nicht lesbar, z. B. wegen eines fehlenden Anführungszeichens. Korrigiere die Datei und importiere sie erneut.',
  },
};

/** The words for one refused row. */
export function describeImportProblem(problem: ImportRowProblem, language: Language): string {
  const field = problem.field?.trim().toLowerCase();
  const words = (field ? problemText[`${problem.code}:${field}`] : undefined) ?? problemText[problem.code] ?? problemText['invalid-input'];
  return (words ?? { en: problem.message, de: problem.message })[language];
}
