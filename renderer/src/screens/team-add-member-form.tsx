import './team-add-member-form.css';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { Role } from '../../../shared/model.js';
import { roles } from '../../../shared/model.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Field } from '../components/field.js';
import { SelectField } from '../components/select-field.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { addTeamMember } from '../stores/team-store.js';

type MemberField = 'name' | 'email' | 'role';

/**
 * An admin adds a team member: name, work address and role. An error the engine ties to a
 * field lands there (an address already on a candidate, R4); anything else above the
 * button. After an add, the role stays for the next person.
 */
export function AddMemberForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<{ name: string; email: string; role: Role }>({ name: '', email: '', role: 'recruiter' });
  const [failure, setFailure] = useState<{ field: MemberField | 'form'; error: WireError; value?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const inputs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), role: useRef<HTMLSelectElement>(null) };
  const headingId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFailure(null);
    setAdded(null);
    const result = await addTeamMember(values);
    setSubmitting(false);
    if (result.ok) {
      setAdded(result.value.name);
      setValues({ name: '', email: '', role: values.role });
      inputs.name.current?.focus();
      return;
    }
    const field = result.error.field;
    if (field === 'name' || field === 'email' || field === 'role') {
      setFailure({ field, error: result.error, ...(field === 'email' ? { value: values.email.trim() } : {}) });
      inputs[field].current?.focus();
    } else {
      setFailure({ field: 'form', error: result.error });
    }
  }

  const errorFor = (field: MemberField) => (failure?.field === field ? errorText(failure.error, failure.value) : undefined);
  const change = <F extends MemberField>(field: F, value: (typeof values)[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (failure?.field === field) setFailure(null);
  };
  const roleOptions = roles.map((role) => ({ value: role, label: t(`role.${role}`) }));

  return (
    <form className="card add-member" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.team.addTitle')}</h3>
      <div className="add-member-fields">
        <Field
          ref={inputs.name}
          label={t('settings.team.name')}
          name="name"
          autoComplete="off"
          value={values.name}
          onChange={(event) => change('name', event.currentTarget.value)}
          error={errorFor('name')}
        />
        <Field
          ref={inputs.email}
          label={t('settings.team.email')}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="name@acme.com"
          value={values.email}
          onChange={(event) => change('email', event.currentTarget.value)}
          error={errorFor('email')}
        />
        <SelectField
          ref={inputs.role}
          label={t('settings.team.role')}
          options={roleOptions}
          value={values.role}
          onChange={(event) => change('role', event.currentTarget.value as Role)}
          error={errorFor('role')}
        />
      </div>
      <p className="field-hint">{t('settings.team.roleHint')}</p>
      {failure?.field === 'form' ? <ErrorNotice error={failure.error} /> : null}
      <div className="form-actions">
        {added ? (
          <p className="form-success" role="status">
            {t('settings.team.added', { name: added })}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={submitting} aria-busy={submitting}>
          {submitting ? t('settings.team.adding') : t('settings.team.add')}
        </button>
      </div>
    </form>
  );
}
