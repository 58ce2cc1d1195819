import { z } from 'zod';

/**
 * Mail templates with placeholders (writing to candidates). A placeholder is written
 * `{name}`; picking a template fills in those with a value and leaves the others standing,
 * so the composer can show them — a mail is never sent with a `{...}` in it.
 */

/** The placeholders a template may use, in the order the Settings hint lists them. */
export const templatePlaceholders = ['firstName', 'jobTitle', 'senderName', 'signature'] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

export const templateLanguage = z.enum(['de', 'en']);

export const templateInput = z.strictObject({
  name: z.string().trim().min(1, 'Enter a name for the template').max(200),
  language: templateLanguage,
  subject: z.string().max(998).default(''),
  body: z.string().trim().min(1, 'Write the text of the template').max(100_000),
});

export interface MessageTemplate extends z.output<typeof templateInput> {
  id: string;
  updatedAt: string;
}

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9]{0,40})\}/gu;

/** The known placeholders still standing in `text`, each once, in order of appearance. */
export function standingPlaceholders(text: string): TemplatePlaceholder[] {
  const found: TemplatePlaceholder[] = [];
  for (const match of text.matchAll(placeholderPattern)) {
    const name = match[1] as TemplatePlaceholder;
    if ((templatePlaceholders as readonly string[]).includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * `text` with each known placeholder that has a (non-blank) value replaced by it; the
 * others stay as written, and are named in `missing`.
 */
export function fillPlaceholders(text: string, values: Partial<Record<TemplatePlaceholder, string>>): { text: string; missing: TemplatePlaceholder[] } {
  const filled = text.replace(placeholderPattern, (written, name: string) => {
    const value = (templatePlaceholders as readonly string[]).includes(name) ? values[name as TemplatePlaceholder] : undefined;
    return value === undefined || value.trim() === '' ? written : value;
  });
  return { text: filled, missing: standingPlaceholders(filled) };
}

/**
 * Whether `body` already holds the mailbox's `signature` (a template with `{signature}`
 * filled in): then the engine does not add it a second time below the delimiter.
 */
export function holdsSignature(body: string, signature: string): boolean {
  const wanted = signature.trim();
  if (wanted === '') return false;
  const squash = (text: string) => text.replace(/\r\n?/gu, '\n').replace(/[ \t]+$/gmu, '');
  return squash(body).includes(squash(wanted));
}
