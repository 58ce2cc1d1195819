import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { safeSaveName } from '../../../shared/dangerous-files.js';
import type { WireError } from '../../../shared/errors.js';
import type { AttachmentView, CandidateSummary, ThreadDetail } from '../../../shared/model.js';
import { ActionDialog, Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { SearchIcon } from '../components/icons.js';
import { initialsOf } from '../format.js';
import { searchCandidatePicker, useCandidatePickerStore } from '../stores/lists.js';
import { saveAttachment, useThreadStore } from '../stores/thread-store.js';

export type OpenDialog =
  | { kind: 'unlink'; candidate: { id: string; name: string } }
  | { kind: 'link' }
  | { kind: 'open-link'; href: string; text: string }
  | { kind: 'dangerous'; attachment: AttachmentView };

export function DangerousAttachmentDialog({ attachment, onClose }: { attachment: AttachmentView; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionDialog
      title={t('mail.dangerousTitle')}
      confirmLabel={t('mail.dangerousConfirm')}
      busyLabel={t('app.loading')}
      danger
      onCancel={onClose}
      action={() => saveAttachment(attachment.id)}
      onDone={onClose}
    >
      <p>{t('mail.dangerousBody', { name: safeSaveName(attachment.fileName) })}</p>
    </ActionDialog>
  );
}

/** The real target of a link, before anything opens (DESIGN.md "Mail content"). */
export function OpenLinkDialog({ href, text, onClose }: { href: string; text: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const shownElsewhere = text !== '' && /[a-z0-9-]+\.[a-z]{2,}/i.test(text) && !href.toLowerCase().includes(text.replace(/^https?:\/\//i, '').replace(/\/$/, '').toLowerCase());
  return (
    <Dialog title={t('mail.linkDialogTitle')} onClose={onClose} size="small">
      <p>{t('mail.linkDialogBody')}</p>
      <p className="link-target" data-testid="link-target">
        {href}
      </p>
      {shownElsewhere ? <p className="confirm-warning">{t('mail.linkTextDiffers', { text })}</p> : null}
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(href).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? t('mail.copied') : t('mail.copyLink')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-autofocus
          onClick={() => {
            // The desktop shell denies the new window and hands https/mailto to the system browser.
            window.open(href, '_blank', 'noopener,noreferrer');
            onClose();
          }}
        >
          {t('mail.openLink')}
        </button>
      </div>
    </Dialog>
  );
}

export function UnlinkDialog({ candidate, onClose }: { candidate: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const unlink = useThreadStore((state) => state.unlinkCandidate);
  return (
    <ActionDialog
      title={t('mail.notThisCandidateTitle', { name: candidate.name })}
      confirmLabel={t('mail.notThisCandidateConfirm', { name: candidate.name })}
      busyLabel={t('mail.removing')}
      danger
      onCancel={onClose}
      action={() => unlink(candidate.id)}
      onDone={onClose}
    >
      <p>{t('mail.notThisCandidateBody', { name: candidate.name })}</p>
    </ActionDialog>
  );
}

export function LinkCandidateDialog({ thread, onClose }: { thread: ThreadDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const picker = useCandidatePickerStore();
  const link = useThreadStore((state) => state.linkCandidate);
  const [picked, setPicked] = useState<CandidateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const searchId = useId();

  useEffect(() => {
    searchCandidatePicker('', 0);
  }, []);

  const linked = new Set(thread.candidates.map((candidate) => candidate.id));
  const choices = picker.items.filter((candidate) => !linked.has(candidate.id));

  return (
    <Dialog title={t('mail.linkTitle')} onClose={onClose} busy={busy} size="medium">
      <p className="dialog-lead">{t('mail.linkIntro')}</p>
      <div className="field">
        <label htmlFor={searchId}>{t('mail.linkSearch')}</label>
        <div className="search-field search-field-wide">
          <SearchIcon size={18} />
          <input
            id={searchId}
            type="search"
            placeholder={t('candidates.searchPlaceholder')}
            value={picker.params.query}
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
            onChange={(event) => searchCandidatePicker(event.currentTarget.value)}
          />
        </div>
      </div>
      <fieldset className="pick-list" disabled={busy}>
        <legend className="visually-hidden">{t('mail.linkSearch')}</legend>
        {picker.status !== 'ready' ? (
          <p className="field-hint" role="status">
            {t('app.loading')}
          </p>
        ) : choices.length === 0 ? (
          <p className="field-hint">{t('mail.linkNoOne')}</p>
        ) : (
          choices.map((candidate) => (
            <label key={candidate.id} className="pick">
              <input type="radio" name={`${searchId}-choice`} checked={picked?.id === candidate.id} onChange={() => setPicked(candidate)} />
              <span className="avatar" aria-hidden="true">
                {initialsOf(candidate.name)}
              </span>
              <span className="candidate-text">
                <span className="candidate-name">{candidate.name}</span>
                <span className="candidate-email">{candidate.primaryEmail}</span>
              </span>
            </label>
          ))
        )}
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!picked || busy}
          aria-busy={busy}
          onClick={async () => {
            if (!picked) return;
            setBusy(true);
            setError(null);
            const result = await link(picked.id);
            setBusy(false);
            if (result.ok) onClose();
            else setError(result.error);
          }}
        >
          {busy ? t('mail.linking') : t('mail.linkConfirm')}
        </button>
      </div>
    </Dialog>
  );
}
