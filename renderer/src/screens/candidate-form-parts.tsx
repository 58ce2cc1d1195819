import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { JobSummary } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { FieldError } from '../components/field.js';
import type { AddressRow } from '../forms/address-rows.js';
import { hrefOf } from '../stores/navigation-store.js';

interface AddressRowFieldProps {
  formId: string;
  row: AddressRow;
  index: number;
  primary: boolean;
  /** Only one row left: it cannot be removed. */
  alone: boolean;
  /** Words for what is wrong with this address, if anything. */
  error: string | undefined;
  /** Another candidate holds this address (a `conflict`): a link to their profile, where merging happens. */
  otherCandidate: { id: string; name: string } | undefined;
  inputRef: (element: HTMLInputElement | null) => void;
  onChange: (value: string) => void;
  onMakePrimary: () => void;
  onRemove: () => void;
  /** The form closes as the other profile opens. */
  onLeave: () => void;
}

/** One address of a candidate: the address, "Primary", remove, and what is wrong with it. */
export function AddressRowField({ formId, row, index, primary, alone, error, otherCandidate, inputRef, onChange, onMakePrimary, onRemove, onLeave }: AddressRowFieldProps) {
  const { t } = useTranslation();
  const inputId = `${formId}-address-${row.key}`;
  const errorId = `${inputId}-error`;
  const number = index + 1;
  return (
    <div className={error ? 'address-row field-invalid' : 'address-row'}>
      <div className="address-row-line">
        <label htmlFor={inputId} className="visually-hidden">
          {t('candidateForm.addressLabel', { number })}
        </label>
        <input
          id={inputId}
          ref={inputRef}
          type="email"
          name={`address-${index}`}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder={index === 0 ? 'name@example.com' : undefined}
          value={row.value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
        <label className="primary-choice">
          <input type="radio" name={`${formId}-primary`} checked={primary} onChange={onMakePrimary} />
          <span>
            {t('candidateForm.primary')}
            <span className="visually-hidden">{t('candidateForm.primaryFor', { number })}</span>
          </span>
        </label>
        <button type="button" className="icon-button" onClick={onRemove} disabled={alone} aria-label={t('candidateForm.removeAddress', { number })} title={t('candidateForm.removeAddress', { number })}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {error ? <FieldError id={errorId} text={error} /> : null}
      {error && otherCandidate ? (
        <p className="field-error-link">
          <a href={hrefOf({ page: 'candidates', candidateId: otherCandidate.id })} onClick={onLeave}>
            {t('candidateForm.openOtherCandidate', { name: otherCandidate.name })}
          </a>
        </p>
      ) : null}
    </div>
  );
}

interface JobChoicesProps {
  formId: string;
  jobs: { loading: boolean; items: readonly JobSummary[]; error: WireError | null };
  chosen: readonly string[];
  error: string | undefined;
  groupRef: Ref<HTMLFieldSetElement>;
  onToggle: (jobId: string, checked: boolean) => void;
}

/** The open jobs a new candidate applies to, as checkboxes. */
export function JobChoices({ formId, jobs, chosen, error, groupRef, onToggle }: JobChoicesProps) {
  const { t } = useTranslation();
  const errorId = `${formId}-jobs-error`;
  return (
    <fieldset ref={groupRef} className="job-choices" aria-describedby={error ? errorId : undefined}>
      <legend>{t('candidateForm.jobs')}</legend>
      {jobs.error ? (
        <ErrorNotice error={jobs.error} />
      ) : jobs.loading ? (
        <p className="field-hint">{t('app.loading')}</p>
      ) : jobs.items.length === 0 ? (
        <p className="field-hint">{t('candidateForm.noOpenJobs')}</p>
      ) : (
        <ul className="check-list">
          {jobs.items.map((job) => (
            <li key={job.id}>
              <label className="check">
                <input type="checkbox" checked={chosen.includes(job.id)} onChange={(event) => onToggle(job.id, event.currentTarget.checked)} />
                <span>{job.title}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? <FieldError id={errorId} text={error} /> : null}
    </fieldset>
  );
}
