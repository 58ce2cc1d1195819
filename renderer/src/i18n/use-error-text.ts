import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName } from '../../../shared/contract.js';
import type { WireError } from '../../../shared/errors.js';
import { describeError } from './error-text.js';

/** `describeError` in the language the UI shows now. */
export function useErrorText(): (error: WireError, fieldValue?: string, channel?: ChannelName) => string {
  const { i18n } = useTranslation();
  const language = i18n.language === 'de' ? 'de' : 'en';
  return useCallback((error, fieldValue, channel) => describeError(error, language, fieldValue, channel), [language]);
}
