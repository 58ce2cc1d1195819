import './first-run-screen.css';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { Field } from '../components/field.js';
import { splitDomains } from '../forms/split-domains.js';
import { isOutsideDomains } from '../forms/work-address.js';
import { HireboxMark } from '../components/icons.js';
import { fieldOf } from '../i18n/error-text.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useSessionStore } from '../stores/session-store.js';

type FormField = 'workspaceName' | 'domains' | 'owner.name' | 'owner.email';
const formFields: readonly FormField[] = ['workspaceName', 'domains', 'owner.name', 'owner.email'];

/**
 * First run: the company, its own mail domains and the owner of this installation.
 * Field errors come from the engine (`invalid-input` with every field at fault in
 * `issues`) and all appear next to their fields at once; focus moves to the first. A work
 * address outside the company's domains gets a warning first (docs/decisions.md).
 */
export function FirstRunScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const createWorkspace = useSessionStore((store) => store.createWorkspace);
  const [values, setValues] = useState({ workspaceName: '', domains: '', ownerName: '', ownerEmail: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField, { error: WireError; value?: string }>>>({});
  const [formError, setFormError] = useState<WireError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inputs = {
    workspaceName: useRef<HTMLInputElement>(null),
    domains: useRef<HTMLInputElement>(null),
    'owner.name': useRef<HTMLInputElement>(null),
    'owner.email': useRef<HTMLInputElement>(null),
  } satisfies Record<FormField, unknown>;

  function update(name: keyof typeof values, field: FormField) {
    return (event: { currentTarget: HTMLInputElement }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [name]: value }));
      // The error no longer describes what is in the field.
      if (fieldErrors[field]) setFieldErrors(({ [field]: _cleared, ...rest }) => rest);
    };
  }

  // A work address outside the company's domains is allowed (a freelance recruiter, a
  // domain left out), but never without a word: the first submit stops at the warning.
  const outside = isOutsideDomains(values.ownerEmail, splitDomains(values.domains));
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const [warned, setWarned] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (outside && acknowledged !== values.ownerEmail.trim()) {
      setWarned(true);
      setAcknowledged(values.ownerEmail.trim());
      inputs['owner.email'].current?.focus();
      return;
    }
    setSubmitting(true);
    setFormError(null);
    const domains = splitDomains(values.domains);
    const result = await createWorkspace({
      workspaceName: values.workspaceName,
      domains,
      owner: { name: values.ownerName, email: values.ownerEmail },
    });
    setSubmitting(false);
    if (result.ok) return;
    // Every field at fault at once (`issues`), each with its own words; focus on the first.
    const issues = result.error.code === 'invalid-input' ? (result.error.issues ?? (result.error.field ? [{ field: result.error.field, message: result.error.message }] : [])) : [];
    const next: typeof fieldErrors = {};
    for (const issue of issues) {
      const error = { ...result.error, field: issue.field };
      const formField = fieldOf(error);
      if (!formField || !(formFields as readonly string[]).includes(formField) || next[formField as FormField]) continue;
      const index = /\.(\d+)$/.exec(issue.field)?.[1];
      const value = formField === 'domains' && index !== undefined ? domains[Number(index)] : undefined;
      next[formField as FormField] = value === undefined ? { error } : { error, value };
    }
    const first = formFields.find((field) => next[field]);
    if (first !== undefined) {
      setFieldErrors(next);
      inputs[first].current?.focus();
    } else {
      setFieldErrors({});
      setFormError(result.error);
    }
  }

  const errorFor = (field: FormField) => {
    const entry = fieldErrors[field];
    return entry ? errorText(entry.error, entry.value) : undefined;
  };

  return (
    <div className="first-run">
      <main className="first-run-card">
        <div className="first-run-brand">
          <HireboxMark size={36} />
          <span>{t('app.name')}</span>
        </div>
        <h1>{t('firstRun.title')}</h1>
        <p className="lead">{t('firstRun.intro')}</p>
        <p className="owner-note">{t('firstRun.ownerNote')}</p>

        <form onSubmit={submit} noValidate aria-describedby={formError ? 'first-run-form-error' : undefined}>
          <fieldset>
            <legend className="section-legend">{t('firstRun.companySection')}</legend>
            <Field
              ref={inputs.workspaceName}
              label={t('firstRun.workspaceName')}
              name="workspaceName"
              autoComplete="organization"
              value={values.workspaceName}
              onChange={update('workspaceName', 'workspaceName')}
              error={errorFor('workspaceName')}
            />
            <Field
              ref={inputs.domains}
              label={t('firstRun.domains')}
              hint={t('firstRun.domainsHint')}
              name="domains"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="acme.com"
              value={values.domains}
              onChange={update('domains', 'domains')}
              error={errorFor('domains')}
            />
          </fieldset>
          <fieldset>
            <legend className="section-legend">{t('firstRun.ownerSection')}</legend>
            <Field
              ref={inputs['owner.name']}
              label={t('firstRun.ownerName')}
              name="ownerName"
              autoComplete="name"
              value={values.ownerName}
              onChange={update('ownerName', 'owner.name')}
              error={errorFor('owner.name')}
            />
            <Field
              ref={inputs['owner.email']}
              label={t('firstRun.ownerEmail')}
              hint={t('firstRun.ownerEmailHint')}
              name="ownerEmail"
              type="email"
              autoComplete="email"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="name@acme.com"
              value={values.ownerEmail}
              onChange={update('ownerEmail', 'owner.email')}
              error={errorFor('owner.email')}
            />
            {outside && warned && !errorFor('owner.email') ? (
              <div className="notice notice-warning" role="alert">
                <p>
                  {t('firstRun.outsideDomains', { address: values.ownerEmail.trim(), domains: splitDomains(values.domains).join(', ') })}
                </p>
              </div>
            ) : null}
          </fieldset>
          {formError ? (
            <div className="notice notice-error" role="alert" id="first-run-form-error">
              <p>{errorText(formError)}</p>
            </div>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={submitting} aria-busy={submitting}>
              {submitting ? t('firstRun.submitting') : t('firstRun.submit')}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
