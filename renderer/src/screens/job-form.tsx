import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result, WireError } from '../../../shared/errors.js';
import type { UserRef } from '../../../shared/model.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Field } from '../components/field.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useTeamStore } from '../stores/lists.js';

export interface JobFormValues {
  title: string;
  teamUserIds: string[];
}

interface JobFormDialogProps {
  dialogTitle: string;
  initial?: { title: string; team: readonly UserRef[] };
  submitLabel: string;
  submittingLabel: string;
  onSubmit: (values: JobFormValues) => Promise<Result<unknown>>;
  onClose: () => void;
}

/** A job's title and team (picked from the team directory), in a dialog. */
export function JobFormDialog({ dialogTitle, initial, submitLabel, submittingLabel, onSubmit, onClose }: JobFormDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const team = useTeamStore();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [teamUserIds, setTeamUserIds] = useState<string[]>(() => initial?.team.map((member) => member.id) ?? []);
  const [failure, setFailure] = useState<{ at: 'title' | 'team' | 'form'; error: WireError } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const titleInput = useRef<HTMLInputElement>(null);
  const teamGroup = useRef<HTMLFieldSetElement>(null);
  const formId = useId();

  useEffect(() => {
    void useTeamStore.getState().load();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFailure(null);
    const result = await onSubmit({ title, teamUserIds });
    setSubmitting(false);
    if (result.ok) return;
    const field = result.error.field ?? '';
    if (field === 'title') {
      setFailure({ at: 'title', error: result.error });
      titleInput.current?.focus();
    } else if (field.startsWith('teamUserIds')) {
      setFailure({ at: 'team', error: result.error });
      teamGroup.current?.querySelector('input')?.focus();
    } else {
      setFailure({ at: 'form', error: result.error });
    }
  }

  return (
    <Dialog title={dialogTitle} onClose={onClose} busy={submitting}>
      <form onSubmit={submit} noValidate>
        <Field
          ref={titleInput}
          label={t('jobForm.title')}
          name="title"
          autoComplete="off"
          placeholder={t('jobForm.titlePlaceholder')}
          value={title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            if (failure?.at === 'title') setFailure(null);
          }}
          error={failure?.at === 'title' ? errorText(failure.error) : undefined}
        />
        <fieldset
          ref={teamGroup}
          className="job-choices"
          aria-describedby={`${formId}-team-hint${failure?.at === 'team' ? ` ${formId}-team-error` : ''}`}
        >
          <legend>{t('jobForm.team')}</legend>
          <p className="field-hint" id={`${formId}-team-hint`}>
            {t('jobForm.teamHint')}
          </p>
          {team.status === 'error' && team.error ? (
            <ErrorNotice error={team.error} onRetry={() => void team.load()} />
          ) : team.status !== 'ready' ? (
            <p className="field-hint">{t('app.loading')}</p>
          ) : (
            <ul className="check-list">
              {team.items.map((member) => (
                <li key={member.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={teamUserIds.includes(member.id)}
                      onChange={(event) => {
                        const checked = event.currentTarget.checked;
                        setTeamUserIds((current) => (checked ? [...current, member.id] : current.filter((id) => id !== member.id)));
                        if (failure?.at === 'team') setFailure(null);
                      }}
                    />
                    <span className="check-text">
                      <span>{member.name}</span>
                      <span className="check-detail">
                        {member.email} · {t(`role.${member.role}`)}
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {failure?.at === 'team' ? (
            <p className="field-error" id={`${formId}-team-error`}>
              <span className="field-error-mark" aria-hidden="true">
                !
              </span>
              <span>{errorText(failure.error)}</span>
            </p>
          ) : null}
        </fieldset>
        {failure?.at === 'form' ? <ErrorNotice error={failure.error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={submitting}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={submitting} aria-busy={submitting}>
            {submitting ? submittingLabel : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
