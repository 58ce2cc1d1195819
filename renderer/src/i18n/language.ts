import type { Language, LanguagePreference } from '../../../shared/model.js';

export const languages = ['en', 'de'] as const satisfies readonly Language[];

/**
 * The language to show for a preference. `system` follows the browser's or the
 * operating system's list (`navigator.languages`): the first entry that is German or
 * English wins (`de-AT` counts as German); without one, English.
 */
export function resolveLanguage(preference: LanguagePreference, systemLanguages: readonly string[]): Language {
  if (preference !== 'system') return preference;
  for (const tag of systemLanguages) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'de' || primary === 'en') return primary;
  }
  return 'en';
}

/** `navigator.languages`, with `navigator.language` for browsers that only have that. */
export function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages && navigator.languages.length > 0) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}
