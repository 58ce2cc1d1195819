import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/model.js';
import { de } from './de.js';
import { en } from './en.js';
import { resolveLanguage, systemLanguages } from './language.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/**
 * Starts i18next with both languages bundled (no loading from anywhere). Before the
 * engine tells the preference (and on the first-run screen, before there is one) the
 * window follows the system language.
 */
export function startI18n(): typeof i18next {
  const language = resolveLanguage('system', systemLanguages());
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, de: { translation: de } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'de'],
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyDocumentLanguage(language);
  return i18next;
}

/** Switches the UI language at once and tells assistive technology via `<html lang>`. */
export function applyLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  applyDocumentLanguage(language);
}

function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return i18next.language === 'de' ? 'de' : 'en';
}
