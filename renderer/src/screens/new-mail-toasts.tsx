import { useTranslation } from 'react-i18next';
import { MailboxIcon } from '../components/icons.js';
import { navigateTo } from '../stores/navigation-store.js';
import { dismissNotice, holdNotice, useNoticesStore } from '../stores/notices-store.js';
import './new-mail-toasts.css';

/**
 * In-app notifications of new candidate mail (the browser; the desktop shell uses system
 * notifications): sender and subject only; a click opens the conversation. A polite live
 * region, so a screen reader hears them without losing its place.
 */
export function NewMailToasts() {
  const { t } = useTranslation();
  const notices = useNoticesStore((state) => state.notices);
  return (
    <section className="toasts" aria-label={t('notifications.regionLabel')} aria-live="polite">
      {notices.map((notice) => (
        <div
          key={notice.messageId}
          className="toast"
          data-thread-id={notice.threadId}
          onMouseEnter={() => holdNotice(notice.messageId, true)}
          onMouseLeave={() => holdNotice(notice.messageId, false)}
          onFocus={() => holdNotice(notice.messageId, true)}
          onBlur={() => holdNotice(notice.messageId, false)}
        >
          <button
            type="button"
            className="toast-open"
            onClick={() => {
              dismissNotice(notice.messageId);
              navigateTo({ page: 'inbox', threadId: notice.threadId });
            }}
          >
            <MailboxIcon size={18} />
            <span className="toast-text">
              <span className="toast-title">{t('notifications.from', { sender: notice.sender })}</span>
              <span className="toast-subject">{notice.subject || t('notifications.noSubject')}</span>
            </span>
          </button>
          <button type="button" className="icon-button toast-close" aria-label={t('notifications.dismiss')} title={t('notifications.dismiss')} onClick={() => dismissNotice(notice.messageId)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </section>
  );
}
