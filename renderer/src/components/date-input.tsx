import './date-input.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localeFor } from '../format.js';
import { datePattern, formatDateText, parseDateText } from '../forms/date-text.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { CalendarIcon } from './icons.js';

interface DateInputProps {
  label: string;
  /** The ISO day (`2026-12-07`), `''` for none. */
  value: string;
  /** A complete day as ISO, or `''` when the field was emptied. */
  onChange: (value: string) => void;
  min?: string | undefined;
  max?: string | undefined;
}

/**
 * A day, typed in the UI language's order (`TT.MM.JJJJ`, `mm/dd/yyyy`) or picked from the
 * browser's calendar. A day is taken as soon as it is complete; what cannot be a day (or lies
 * outside `min`…`max`) is marked invalid when the field is left, and changes nothing.
 */
export function DateInput({ label, value, onChange, min, max }: DateInputProps) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const locale = localeFor(language);
  const id = useId();
  const [text, setText] = useState(() => formatDateText(value, locale));
  const [invalid, setInvalid] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  // A change from elsewhere (a picked day, "Clear filters", another language) rewrites the text;
  // the user's own typing is left as typed.
  useEffect(() => {
    if (parseDateText(text, locale) !== (value || null)) {
      setText(formatDateText(value, locale));
      setInvalid(false);
    }
  }, [value, locale]); // eslint-disable-line react-hooks/exhaustive-deps

  const inRange = (day: string) => (min === undefined || min === '' || day >= min) && (max === undefined || max === '' || day <= max);
  const { order, separator } = datePattern(locale);
  const placeholder = order.map((part) => t(`dateInput.${part}`)).join(separator);

  return (
    <span className="date-input">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className="text-input date-input-text"
        placeholder={placeholder}
        value={text}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          setInvalid(false);
          const day = parseDateText(typed, locale);
          if (typed.trim() === '') onChange('');
          else if (day !== null && inRange(day)) onChange(day);
        }}
        onBlur={() => {
          const day = parseDateText(text, locale);
          setInvalid(text.trim() !== '' && (day === null || !inRange(day)));
        }}
      />
      <button type="button" className="date-input-pick" aria-label={t('dateInput.pick', { field: label })} title={t('dateInput.pick', { field: label })} onClick={() => picker.current?.showPicker()}>
        <CalendarIcon size={16} />
      </button>
      {/* Only the browser's calendar is used from it: Chromium writes its field in the browser's locale, not the UI's. */}
      <input
        ref={picker}
        type="date"
        className="date-input-native"
        tabIndex={-1}
        aria-hidden="true"
        value={value}
        min={min}
        max={max}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </span>
  );
}
