import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { describeError } from './error-text.js';

/** `describeError` in the language the UI shows now. */
export function useErrorText(): (error: WireError, fieldValue?: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.language === 'de' ? 'de' : 'en';
  return useCallback((error, fieldValue) => describeError(error, language, fieldValue), [language]);
}
