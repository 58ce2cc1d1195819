import { useTranslation } from 'react-i18next';
import { useMailboxesStore } from '../stores/lists.js';

/** "All mailboxes" or one of them, for the inbox's and the search's filters; nothing with a single mailbox. */
export function MailboxFilter({ value, onChange }: { value: string | undefined; onChange: (mailboxId: string) => void }) {
  const { t } = useTranslation();
  const mailboxes = useMailboxesStore((state) => state.items);
  if (mailboxes.length <= 1) return null;
  return (
    <select className="select select-compact" aria-label={t('mail.mailboxFilter')} value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value)}>
      <option value="">{t('mail.allMailboxes')}</option>
      {mailboxes.map((mailbox) => (
        <option key={mailbox.id} value={mailbox.id}>
          {mailbox.address}
        </option>
      ))}
    </select>
  );
}
