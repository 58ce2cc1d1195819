import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxSummary } from '../../../shared/model.js';
import { Field } from '../components/field.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { editSender, saveSender, useMailboxActivityStore } from '../stores/mailbox-store.js';

/** The sender name and signature of mail written in Hirebox from this mailbox. */
export function SenderPanel({ mailbox }: { mailbox: MailboxSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useMailboxActivityStore((state) => state.senderSaves[mailbox.id]);
  const [displayName, setDisplayName] = useState(mailbox.displayName);
  const [signature, setSignature] = useState(mailbox.signature);
  const nameInput = useRef<HTMLInputElement>(null);
  const signatureInput = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const signatureId = `${id}-signature`;
  const signatureHintId = `${id}-signature-hint`;
  const signatureErrorId = `${id}-signature-error`;

  const saving = save?.saving === true;
  const error = save?.error ?? null;
  const nameChanged = displayName.trim() !== mailbox.displayName;
  const signatureChanged = signature !== mailbox.signature;
  const errorAt = (field: string) => (error?.field === field ? errorText(error, undefined, 'mailboxes:update') : undefined);
  const nameError = errorAt('displayName');
  const signatureError = errorAt('signature');
  const formError = error && nameError === undefined && signatureError === undefined ? error : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !(nameChanged || signatureChanged)) return;
    const saved = await saveSender(mailbox.id, {
      ...(nameChanged ? { displayName } : {}),
      ...(signatureChanged ? { signature } : {}),
    });
    if (saved) {
      setDisplayName((current) => current.trim());
      return;
    }
    const field = useMailboxActivityStore.getState().senderSaves[mailbox.id]?.error?.field;
    if (field === 'displayName') nameInput.current?.focus();
    else if (field === 'signature') signatureInput.current?.focus();
  }

  return (
    <form className="folders sender-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        ref={nameInput}
        label={t('settings.mailboxes.senderName')}
        name="displayName"
        autoComplete="off"
        value={displayName}
        error={nameError}
        onChange={(event) => {
          setDisplayName(event.currentTarget.value);
          editSender(mailbox.id, 'displayName');
        }}
      />
      <div className={signatureError ? 'field field-invalid' : 'field'}>
        <label htmlFor={signatureId}>{t('settings.mailboxes.signature')}</label>
        <textarea
          ref={signatureInput}
          id={signatureId}
          name="signature"
          rows={6}
          value={signature}
          aria-invalid={signatureError ? true : undefined}
          aria-describedby={[signatureError ? signatureErrorId : null, signatureHintId].filter(Boolean).join(' ')}
          onChange={(event) => {
            setSignature(event.currentTarget.value);
            editSender(mailbox.id, 'signature');
          }}
        />
        {signatureError ? (
          <p className="field-error" id={signatureErrorId}>
            <span className="field-error-mark" aria-hidden="true">
              !
            </span>
            <span>{signatureError}</span>
          </p>
        ) : null}
        <p className="field-hint" id={signatureHintId}>
          {t('settings.mailboxes.signatureHint')}
        </p>
      </div>
      {formError ? <ErrorNotice error={formError} /> : null}
      <div className="sender-actions">
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={saving || !(nameChanged || signatureChanged)}
          aria-busy={saving || undefined}
        >
          {saving ? t('settings.mailboxes.senderSaving') : t('settings.mailboxes.senderSave')}
        </button>
        <p className="sender-saved" role="status">
          {save?.saved && !(nameChanged || signatureChanged) ? t('settings.mailboxes.senderSaved') : null}
        </p>
      </div>
    </form>
  );
}
