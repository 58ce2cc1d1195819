import './thread-picker.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidateProfile, ThreadDetail } from '../../../shared/model.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatDateTime } from '../format.js';
import { comparableAddress } from '../forms/compose-warnings.js';
import { useComposeContextStore } from '../stores/compose-context-store.js';
import type { DraftKey } from '../stores/outbox-store.js';
import { parseAddresses, useOutboxStore } from '../stores/outbox-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { replyFields, startNewMail } from './composer.js';

/** The candidate's primary address (or their first). */
function primaryOf(profile: CandidateProfile): string {
  return (profile.addresses.find((entry) => entry.isPrimary) ?? profile.addresses[0])?.address ?? '';
}

/**
 * "Write mail" on a profile (R6): the candidate's conversations — who a reply goes to, the
 * last date, the job — and "New conversation". A reply in a conversation the candidate is
 * not a recipient of says so and names who receives it, before anything is written.
 */
export function ThreadPickerDialog({ profile, onClose, onStarted }: { profile: CandidateProfile; onClose: () => void; onStarted?: () => void }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const picker = useComposeContextStore((state) => (state.picker?.candidateId === profile.id ? state.picker : null));
  const primary = primaryOf(profile);

  useEffect(() => {
    void useComposeContextStore.getState().loadPickerThreads(profile.id);
  }, [profile.id]);

  function startNew() {
    startNewMail({ id: profile.id, name: profile.name, primaryEmail: primary });
    onClose();
    onStarted?.();
  }
  function replyIn(thread: ThreadDetail) {
    const fields = replyFields(thread, 'reply', profile.id);
    if (fields === null) return;
    const key: DraftKey = `candidate:${profile.id}`;
    useOutboxStore.getState().openDraft({ key, ...fields, threadSubject: thread.subject });
    onClose();
    onStarted?.();
  }

  const candidateAddresses = new Set(profile.addresses.map((entry) => comparableAddress(entry.address)));
  return (
    <Dialog title={t('writing.picker.title', { name: profile.name })} onClose={onClose} size="large">
      <p className="dialog-lead">{t('writing.picker.lead')}</p>
      <ul className="thread-picker" aria-label={t('writing.picker.listLabel', { name: profile.name })}>
        <li>
          <button type="button" className="thread-picker-option thread-picker-new" onClick={startNew} data-autofocus>
            <span className="thread-picker-subject">{t('writing.picker.newConversation')}</span>
            <span className="thread-picker-detail">{t('writing.picker.newConversationDetail', { address: primary })}</span>
          </button>
        </li>
        {picker?.threads.map((thread) => {
          const fields = replyFields(thread, 'reply', profile.id);
          const recipients = fields === null ? [] : [...parseAddresses(fields.to), ...parseAddresses(fields.cc)];
          const reachesCandidate = recipients.some((address) => candidateAddresses.has(comparableAddress(address)));
          const last = thread.messages[thread.messages.length - 1];
          const shown = fields === null ? '' : [fields.to, fields.cc].filter((part) => part !== '').join(', ');
          return (
            <li key={thread.id}>
              <button type="button" className="thread-picker-option" disabled={fields === null} onClick={() => replyIn(thread)} data-thread-id={thread.id}>
                <span className="thread-picker-subject">{thread.subject}</span>
                <span className="thread-picker-detail">{fields === null ? t('writing.picker.noAnswer') : t('writing.picker.goesTo', { recipients: shown })}</span>
                <span className="thread-picker-meta">
                  {last ? <span>{t('writing.picker.lastMail', { date: formatDateTime(last.date, language) })}</span> : null}
                  {thread.jobs.map((job) => (
                    <span key={job.id} className="badge badge-muted">
                      {job.title}
                    </span>
                  ))}
                </span>
                {fields !== null && !reachesCandidate ? (
                  <span className="thread-picker-warning" role="note">
                    {t('writing.picker.notRecipient', { name: profile.name, recipients: shown })}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {picker?.status === 'loading' ? (
        <p className="loading" role="status">
          {t('writing.picker.loading')}
        </p>
      ) : null}
      {picker?.error ? <ErrorNotice error={picker.error} /> : null}
    </Dialog>
  );
}
