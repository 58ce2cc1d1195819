import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result, WireError } from '../../../shared/errors.js';
import type { CandidateAddress, JobSummary } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Field, FieldError } from '../components/field.js';
import type { AddressRow } from '../forms/address-rows.js';
import { newAddressRow, removeAddressRow, rowOfField, toAddressesInput } from '../forms/address-rows.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { AddressRowField, JobChoices } from './candidate-form-parts.js';
import './candidate-form.css';

export interface CandidateFormValues {
  name: string;
  addresses: string[];
  primaryAddress?: string;
  /** Jobs to apply to (new candidates only). */
  jobIds: string[];
}

interface CandidateFormProps {
  /** The candidate as it is (edit); empty for a new one. */
  initial?: { name: string; addresses: readonly CandidateAddress[] };
  /** Open jobs to apply to, for a new candidate; `null` leaves that part out (edit). */
  jobs: { loading: boolean; items: readonly JobSummary[]; error: WireError | null } | null;
  submitLabel: string;
  submittingLabel: string;
  onSubmit: (values: CandidateFormValues) => Promise<Result<unknown>>;
  onCancel: () => void;
  onBusyChange?: (busy: boolean) => void;
}

type ErrorPlace = { place: 'name' } | { place: 'address'; rowKey: string } | { place: 'primary' } | { place: 'jobs' } | { place: 'form' };

/**
 * Name, one or more addresses (one primary) and, for a new candidate, the jobs they apply
 * to. The engine checks every address (R4: never one of ours; R5: our domain is flagged)
 * and answers with the field at fault (`addresses.1`); the words appear at that row and
 * it takes focus.
 */
export function CandidateForm({ initial, jobs, submitLabel, submittingLabel, onSubmit, onCancel, onBusyChange }: CandidateFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const formId = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [rows, setRows] = useState<AddressRow[]>(() =>
    initial && initial.addresses.length > 0 ? initial.addresses.map((entry) => newAddressRow(entry.address)) : [newAddressRow()],
  );
  const [primaryKey, setPrimaryKey] = useState<string>(() => {
    const index = initial?.addresses.findIndex((entry) => entry.isPrimary) ?? -1;
    return rows[Math.max(index, 0)]?.key ?? '';
  });
  const [jobIds, setJobIds] = useState<string[]>([]);
  const [failure, setFailure] = useState<{ at: ErrorPlace; error: WireError; value?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const addressInputs = useRef(new Map<string, HTMLInputElement>());
  const jobsGroup = useRef<HTMLFieldSetElement>(null);

  function clearErrorAt(matches: (at: ErrorPlace) => boolean) {
    if (failure && matches(failure.at)) setFailure(null);
  }

  function updateRow(key: string, value: string) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, value } : row)));
    clearErrorAt((at) => (at.place === 'address' && at.rowKey === key) || at.place === 'primary');
  }

  function addRow() {
    const row = newAddressRow();
    setRows((current) => [...current, row]);
    // Focus the new field once it exists.
    requestAnimationFrame(() => addressInputs.current.get(row.key)?.focus());
  }

  function removeRow(key: string, index: number) {
    const next = removeAddressRow(rows, primaryKey, key);
    setRows(next.rows);
    setPrimaryKey(next.primaryKey);
    clearErrorAt((at) => at.place === 'address' && at.rowKey === key);
    // Keep the keyboard where it was: on the row that took this one's place, or the last.
    const focusKey = next.rows[Math.min(index, next.rows.length - 1)]?.key;
    requestAnimationFrame(() => (focusKey ? addressInputs.current.get(focusKey)?.focus() : undefined));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const input = toAddressesInput(rows, primaryKey);
    setSubmitting(true);
    onBusyChange?.(true);
    setFailure(null);
    const result = await onSubmit({
      name,
      addresses: input.addresses,
      ...(input.primaryAddress !== undefined ? { primaryAddress: input.primaryAddress } : {}),
      jobIds,
    });
    setSubmitting(false);
    onBusyChange?.(false);
    if (result.ok) return;
    const field = result.error.field;
    const rowKey = rowOfField(field, input, rows);
    if (field === 'name') {
      setFailure({ at: { place: 'name' }, error: result.error });
      nameInput.current?.focus();
    } else if (rowKey !== undefined) {
      const value = rows.find((row) => row.key === rowKey)?.value.trim();
      setFailure({ at: { place: 'address', rowKey }, error: result.error, ...(value ? { value } : {}) });
      addressInputs.current.get(rowKey)?.focus();
    } else if (field === 'primaryAddress') {
      setFailure({ at: { place: 'primary' }, error: result.error });
      addressInputs.current.get(primaryKey)?.focus();
    } else if (field?.startsWith('applications') && jobs) {
      setFailure({ at: { place: 'jobs' }, error: result.error });
      jobsGroup.current?.querySelector('input')?.focus();
    } else {
      setFailure({ at: { place: 'form' }, error: result.error });
    }
  }

  const errorAt = (matches: (at: ErrorPlace) => boolean) =>
    failure && matches(failure.at) ? errorText(failure.error, failure.value) : undefined;
  const primaryError = errorAt((at) => at.place === 'primary');
  const jobsError = errorAt((at) => at.place === 'jobs');

  return (
    <form onSubmit={submit} noValidate className="candidate-form" aria-describedby={failure?.at.place === 'form' ? `${formId}-error` : undefined}>
      <Field
        ref={nameInput}
        label={t('candidateForm.name')}
        name="name"
        autoComplete="off"
        value={name}
        onChange={(event) => {
          setName(event.currentTarget.value);
          clearErrorAt((at) => at.place === 'name');
        }}
        error={errorAt((at) => at.place === 'name')}
      />

      <fieldset className="address-rows" aria-describedby={`${formId}-addresses-hint`}>
        <legend>{t('candidateForm.addresses')}</legend>
        <p className="field-hint" id={`${formId}-addresses-hint`}>
          {t('candidateForm.addressesHint')}
        </p>
        {rows.map((row, index) => {
          const error = errorAt((at) => at.place === 'address' && at.rowKey === row.key);
          const details = failure?.error.code === 'conflict' ? failure.error.details : undefined;
          return (
            <AddressRowField
              key={row.key}
              formId={formId}
              row={row}
              index={index}
              primary={primaryKey === row.key}
              alone={rows.length <= 1}
              error={error}
              otherCandidate={details?.candidateId ? { id: details.candidateId, name: details.candidateName ?? '' } : undefined}
              inputRef={(element) => {
                if (element) addressInputs.current.set(row.key, element);
                else addressInputs.current.delete(row.key);
              }}
              onChange={(value) => updateRow(row.key, value)}
              onMakePrimary={() => {
                setPrimaryKey(row.key);
                clearErrorAt((at) => at.place === 'primary');
              }}
              onRemove={() => removeRow(row.key, index)}
              onLeave={onCancel}
            />
          );
        })}
        {primaryError ? <FieldError text={primaryError} alert /> : null}
        {rows.length < 20 ? (
          <button type="button" className="button button-quiet" onClick={addRow}>
            <span aria-hidden="true">+</span> {t('candidateForm.addAddress')}
          </button>
        ) : null}
      </fieldset>

      {jobs ? (
        <JobChoices
          formId={formId}
          jobs={jobs}
          chosen={jobIds}
          error={jobsError}
          groupRef={jobsGroup}
          onToggle={(jobId, checked) => {
            setJobIds((current) => (checked ? [...current, jobId] : current.filter((id) => id !== jobId)));
            clearErrorAt((at) => at.place === 'jobs');
          }}
        />
      ) : null}

      {failure?.at.place === 'form' ? (
        <div id={`${formId}-error`}>
          <ErrorNotice error={failure.error} />
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={submitting}>
          {t('dialog.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? submittingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
