import './company-intake.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { IntakeDraft, IntakeItem } from '../../../shared/model.js';
import { CardList, CardListItem } from '../components/card-list.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { InboxIcon, PaperclipIcon } from '../components/icons.js';
import { formatListDate, formatSize } from '../format.js';
import { createCandidateFromIntake, forgetIntake, loadIntake, readIntakeMail, useIntakeStore } from '../stores/intake-store.js';
import { useOpenJobChoicesStore } from '../stores/lists.js';
import { navigateTo } from '../stores/navigation-store.js';
import { usePreferencesStore } from '../stores/preferences-store.js';
import { CandidateForm } from './candidate-form.js';

/**
 * The company inbox's intake (issue 21, R13), on the Candidates page for recruiters on the
 * company inbox's list: mail forwarded to jobs@ with a CV that no candidate has yet, read live
 * from the server (nothing of it is stored), and "Create candidate from this mail", which fills
 * the candidate form from the original sender and keeps the mail, with its CV, on the profile.
 */
export function CompanyIntakeBanner() {
  const { t } = useTranslation();
  const intake = useIntakeStore((state) => state.list);
  const failed = useIntakeStore((state) => state.status === 'error');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    void loadIntake();
    return forgetIntake;
  }, []);

  // A list that could not be read shows no banner; with the dialog open, the dialog says why.
  if (intake === null || intake.companyInbox === null || (failed && !open)) return null;
  const count = intake.items.length;
  // Nothing waiting: no banner (the intake is about mail still to be taken care of).
  if (count === 0 && !open) return null;
  return (
    <>
      {count > 0 ? (
        <div className="intake-banner" role="region" aria-label={t('intake.bannerLabel')}>
          <InboxIcon size={18} />
          <p>{t('intake.banner', { count, address: intake.companyInbox.address })}</p>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              // The dialog lists the intake as it is now, read again as it opens.
              void loadIntake();
              setOpen(true);
            }}
          >
            {t('intake.review')}
          </button>
        </div>
      ) : null}
      {open ? (
        <IntakeDialog
          address={intake.companyInbox.address}
          onClose={() => {
            setOpen(false);
            void loadIntake();
          }}
        />
      ) : null}
    </>
  );
}

function IntakeDialog({ address, onClose }: { address: string; onClose: () => void }) {
  const { t } = useTranslation();
  const language = usePreferencesStore((state) => state.language);
  const { status, list, error } = useIntakeStore();
  const [chosen, setChosen] = useState<IntakeItem | null>(null);

  if (chosen !== null) return <CreateFromMailDialog item={chosen} onBack={() => setChosen(null)} onClose={onClose} />;
  return (
    <Dialog title={t('intake.title', { address })} onClose={onClose} size="large">
      <p className="card-text">{t('intake.intro')}</p>
      {error !== null ? (
        <ErrorNotice error={error} onRetry={() => void loadIntake()} />
      ) : status === 'loading' || list === null ? (
        <p className="loading" role="status">
          {t('intake.loading')}
        </p>
      ) : list.items.length === 0 ? (
        <p className="field-hint">{t('intake.empty')}</p>
      ) : (
        <CardList dense className="intake-list" aria-label={t('intake.listLabel')}>
          {list.items.map((item) => {
            const who = item.originalSender ?? item.from;
            return (
              <CardListItem key={item.key} className="intake-item">
                <div className="intake-text">
                  <span className="intake-sender">
                    {who?.name || who?.address || t('intake.unknownSender')}
                    {who?.name && who.address ? <span className="check-detail"> {who.address}</span> : null}
                  </span>
                  <span className="intake-subject">{item.subject || t('intake.noSubject')}</span>
                  <span className="intake-meta">
                    {item.originalSender !== null && item.from !== null ? `${t('intake.forwardedBy', { name: item.from.name || item.from.address })} · ` : null}
                    {formatListDate(item.receivedAt, language)}
                    {item.hasAttachment ? (
                      <span className="intake-attachment" title={t('intake.hasAttachment')}>
                        <PaperclipIcon size={14} />
                        <span className="visually-hidden">{t('intake.hasAttachment')}</span>
                      </span>
                    ) : null}
                  </span>
                </div>
                <button type="button" className="button button-secondary button-small" onClick={() => setChosen(item)}>
                  {t('intake.create')}
                  <span className="visually-hidden"> {item.subject}</span>
                </button>
              </CardListItem>
            );
          })}
        </CardList>
      )}
      {status === 'ready' && list?.truncated ? <p className="field-hint">{t('intake.truncated')}</p> : null}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('intake.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** The candidate form, filled from the mail; on "Create candidate" the mail is kept on the new profile. */
function CreateFromMailDialog({ item, onBack, onClose }: { item: IntakeItem; onBack: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const jobs = useOpenJobChoicesStore();
  const [draft, setDraft] = useState<IntakeDraft | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setError(null);
    const result = await readIntakeMail(item.key);
    if (result.ok) setDraft(result.value);
    else setError(result.error);
  }

  useEffect(() => {
    void load();
    void useOpenJobChoicesStore.getState().load();
  }, [item.key]);

  return (
    <Dialog title={t('intake.createTitle')} onClose={onClose} busy={busy} size="medium">
      {error !== null ? (
        <ErrorNotice error={error} onRetry={() => void load()} />
      ) : draft === null ? (
        <p className="loading" role="status">
          {t('intake.reading')}
        </p>
      ) : (
        <>
          <div className="intake-source" aria-label={t('intake.sourceLabel')}>
            <p className="card-text">
              <strong>{draft.subject || t('intake.noSubject')}</strong>
            </p>
            <p className="field-hint">{t(`intake.from.${draft.source}`)}</p>
            {draft.ownAddress !== null ? (
              <p className="field-hint intake-warning" role="note">
                {t('intake.ownAddress', { address: draft.ownAddress })}
              </p>
            ) : null}
            {draft.internal ? <p className="field-hint">{t('intake.internal')}</p> : null}
            {draft.existingCandidate !== null ? (
              <p className="field-hint intake-warning" role="note">
                {t('intake.existing', { name: draft.existingCandidate.name })}{' '}
                <a
                  href={`#/candidates/${draft.existingCandidate.id}`}
                  onClick={() => onClose()}
                >
                  {t('intake.openExisting')}
                </a>
              </p>
            ) : null}
            {draft.attachments.length > 0 ? (
              <ul className="intake-attachments" aria-label={t('intake.attachmentsLabel')}>
                {draft.attachments.map((attachment, index) => (
                  <li key={`${attachment.fileName}-${index}`}>
                    <PaperclipIcon size={14} /> {attachment.fileName} <span className="check-detail">{formatSize(attachment.size)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="field-hint">{draft.attachments.length > 0 ? t('intake.keepsAttachment') : t('intake.keepsMail')}</p>
          </div>
          <CandidateForm
            initial={{ name: draft.name, addresses: draft.address === null ? [] : [{ address: draft.address, isPrimary: true, internal: draft.internal }] }}
            jobs={{ loading: jobs.status === 'idle' || jobs.status === 'loading', items: jobs.items, error: jobs.status === 'error' ? jobs.error : null }}
            submitLabel={t('candidateForm.create')}
            submittingLabel={t('intake.creating')}
            onBusyChange={setBusy}
            onCancel={onBack}
            onSubmit={async (values) => {
              const result = await createCandidateFromIntake({
                key: item.key,
                name: values.name,
                addresses: values.addresses,
                ...(values.primaryAddress !== undefined ? { primaryAddress: values.primaryAddress } : {}),
                applications: values.jobIds.map((jobId) => ({ jobId, stage: 'applied' as const })),
              });
              if (result.ok) {
                onClose();
                navigateTo({ page: 'candidates', candidateId: result.value.candidate.id });
              }
              return result;
            }}
          />
        </>
      )}
    </Dialog>
  );
}
