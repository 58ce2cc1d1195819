import './writing-section.css';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice.js';
import { usePreferencesStore } from '../stores/preferences-store.js';

const undoChoices = [0, 5, 10, 20, 30] as const;

/** Settings → Writing mail: the grace period in which a sent mail can be undone. */
export function WritingSection() {
  const { t } = useTranslation();
  const seconds = usePreferencesStore((state) => state.undoSendSeconds);
  const error = usePreferencesStore((state) => state.error);
  const saving = usePreferencesStore((state) => state.saving);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const choices = (undoChoices as readonly number[]).includes(seconds) ? undoChoices : [...undoChoices, seconds].sort((a, b) => a - b);
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <header className="section-header">
        <h2 id={`${id}-title`}>{t('writing.settings.title')}</h2>
        <p>{t('writing.settings.description')}</p>
      </header>
      <div className="field">
        <label htmlFor={`${id}-undo`}>{t('writing.settings.undoLabel')}</label>
        <select
          id={`${id}-undo`}
          className="writing-undo-select"
          value={seconds}
          disabled={saving}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setSaved(false);
            void usePreferencesStore.getState().setUndoSendSeconds(Number(event.currentTarget.value)).then(setSaved);
          }}
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 0 ? t('writing.settings.undoOff') : t('writing.settings.undoSeconds', { seconds: choice })}
            </option>
          ))}
        </select>
        <p id={`${id}-hint`} className="field-hint">
          {t('writing.settings.undoHint')}
        </p>
        {saved ? (
          <p className="field-saved" role="status">
            {t('writing.settings.saved')}
          </p>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
