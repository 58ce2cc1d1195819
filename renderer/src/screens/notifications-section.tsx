import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { newMailNotificationChoices, type NewMailNotifications } from '../../../shared/model.js';
import { isDesktopShell } from '../api/client.js';
import { ErrorNotice } from '../components/error-notice.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import './notifications-section.css';

const choiceKeys: Record<NewMailNotifications, { label: 'notifications.off' | 'notifications.all' | 'notifications.myJobs'; detail: 'notifications.offDetail' | 'notifications.allDetail' | 'notifications.myJobsDetail' }> = {
  off: { label: 'notifications.off', detail: 'notifications.offDetail' },
  all: { label: 'notifications.all', detail: 'notifications.allDetail' },
  'my-jobs': { label: 'notifications.myJobs', detail: 'notifications.myJobsDetail' },
};

/** Settings › Notifications: off, all candidate mail, or only the user's jobs (kept in the engine, per user). */
export function NotificationsSection() {
  const { t } = useTranslation();
  const choice = usePreferencesStore((state) => state.newMailNotifications);
  const error = usePreferencesStore((state) => state.error);
  const name = useId();
  return (
    <section className="settings-section" aria-labelledby={`${name}-title`}>
      <header className="section-header">
        <h2 id={`${name}-title`}>{t('settings.notifications.title')}</h2>
        <p>{t('notifications.description')}</p>
      </header>
      <fieldset className="choice-list">
        <legend className="visually-hidden">{t('notifications.legend')}</legend>
        {newMailNotificationChoices.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={name} value={value} checked={choice === value} onChange={() => void usePreferencesStore.getState().setNewMailNotifications(value)} />
            <span className="choice-text">
              <span className="choice-label">{t(choiceKeys[value].label)}</span>
              <span className="choice-detail">{t(choiceKeys[value].detail)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="field-hint notifications-where">{isDesktopShell() ? t('notifications.whereDesktop') : t('notifications.whereBrowser')}</p>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
