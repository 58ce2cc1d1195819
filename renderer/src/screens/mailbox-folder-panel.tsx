import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../../shared/assert-never.js';
import type { FolderView, MailboxSummary } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { loadFolders, setFolderScanned, useMailboxActivityStore } from '../stores/mailbox-store.js';

export function FolderPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useMailboxActivityStore((state) => state.folders[mailbox.id]);
  const rowId = useId();

  if (list === undefined || list.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (list.status === 'error' && list.error) {
    return <ErrorNotice error={list.error} onRetry={() => void loadFolders(mailbox.id)} />;
  }
  const folders = sortFolders(list.folders);
  const hasSent = folders.some((folder) => folder.role === 'sent');
  const added = folders.some((folder) => folder.role === 'custom' && folder.scanned);

  return (
    <div className="folders">
      <p className="folders-intro">{t('settings.mailboxes.foldersIntro')}</p>
      {hasSent ? null : <p className="notice notice-warning">{t('settings.mailboxes.noSentFolder')}</p>}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void loadFolders(mailbox.id)} /> : null}
      <ul className="folder-list" aria-label={t('settings.mailboxes.foldersOf', { address: mailbox.address })}>
        {folders.map((folder) => {
          const reason = folderReason(folder, t);
          const nameId = `${rowId}-${folder.id}-name`;
          const reasonId = `${rowId}-${folder.id}-reason`;
          const failure = list.saveFailure?.folderId === folder.id ? list.saveFailure.error : null;
          const fixed = folder.role !== 'custom';
          return (
            <li key={folder.id} className={fixed ? 'folder folder-fixed' : 'folder'}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={folder.scanned}
                  // Inbox and Sent are always scanned (R9); other folders are the user's choice.
                  disabled={fixed}
                  aria-labelledby={nameId}
                  aria-describedby={reason ? reasonId : undefined}
                  aria-busy={list.saving.includes(folder.id) || undefined}
                  onChange={(event) => void setFolderScanned(mailbox.id, folder.id, event.currentTarget.checked)}
                />
                <span className="check-text">
                  <span className="folder-name" id={nameId}>
                    {folder.name}
                  </span>
                  {reason ? (
                    <span className="check-detail" id={reasonId}>
                      {reason}
                    </span>
                  ) : null}
                </span>
              </label>
              {failure ? (
                <p className="field-error" role="alert">
                  <span className="field-error-mark" aria-hidden="true">
                    !
                  </span>
                  <span>{errorText(failure)}</span>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {added ? <p className="field-hint">{t('settings.mailboxes.addedFolderHint')}</p> : null}
    </div>
  );
}

/** Inbox first, then Sent, then the rest by name. */
function sortFolders(folders: readonly FolderView[]): FolderView[] {
  const rank = (folder: FolderView) => (folder.role === 'inbox' ? 0 : folder.role === 'sent' ? 1 : 2);
  return [...folders].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Why a folder is scanned, in words (R9): its role and how it was found. */
function folderReason(folder: FolderView, t: TFunction): string | null {
  switch (folder.role) {
    case 'inbox':
      return t('settings.mailboxes.folderInbox');
    case 'sent':
      switch (folder.roleSource) {
        case 'special-use':
          return t('settings.mailboxes.folderSentSpecialUse');
        case 'name':
          return t('settings.mailboxes.folderSentName');
        case 'provider':
          return t('settings.mailboxes.folderSentProvider');
        default:
          return t('settings.mailboxes.folderSent');
      }
    case 'custom':
      return folder.scanned ? t('settings.mailboxes.folderAdded') : null;
    default:
      return assertNever(folder.role);
  }
}
