import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionPreview } from '../../../shared/privacy.js';
import { formatDate } from '../format.js';
import { hrefOf } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { loadRetentionPreview } from '../stores/privacy-store.js';
import { useSessionStore } from '../stores/session-store.js';

/**
 * Issue 24: the reminder that candidates fell due under the retention rule, on the
 * candidates list for admins and recruiters; it leads to the preview in Settings.
 * Nothing shows while the rule is off or no one is due.
 */
export function RetentionReminder() {
  const { t } = useTranslation();
  const role = useSessionStore((state) => state.session?.user.role);
  const language = usePreferencesStore((state) => state.language);
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const mayHandle = role === 'admin' || role === 'recruiter';
  useEffect(() => {
    if (!mayHandle) return;
    let live = true;
    void loadRetentionPreview().then((result) => {
      if (live && result.ok) setPreview(result.value);
    });
    return () => {
      live = false;
    };
  }, [mayHandle]);
  if (preview === null || preview.due.length === 0) return null;
  const key = preview.rule.action === 'delete' ? 'privacy.dueReminderDelete' : 'privacy.dueReminderAnonymise';
  return (
    <div className="notice notice-warning" role="note" data-testid="retention-reminder">
      {t(key, { count: preview.due.length, date: formatDate(preview.cutoff, language) })}{' '}
      <a href={hrefOf({ page: 'settings', section: 'privacy' })}>{t('privacy.reviewDue')}</a>
    </div>
  );
}
