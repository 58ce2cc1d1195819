import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import { Field } from '../components/field.js';
import { isOutsideDomains } from '../forms/work-address.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useSessionStore } from '../stores/session-store.js';
import './work-address-form.css';

/**
 * The owner's work address, changeable after first run with the same checks (a valid
 * address, not a colleague's, not on a candidate — R4) and the same warning when it lies
 * outside the company's domains: the first save stops at the warning.
 */
export function WorkAddressForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSessionStore((state) => state.session);
  const changeWorkAddress = useSessionStore((state) => state.changeWorkAddress);
  const [value, setValue] = useState(session?.user.email ?? '');
  const [error, setError] = useState<WireError | null>(null);
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domains = session?.workspace.domains ?? [];
  const outside = isOutsideDomains(value, domains);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (outside && acknowledged !== value.trim()) {
      setAcknowledged(value.trim());
      return;
    }
    setBusy(true);
    setError(null);
    const result = await changeWorkAddress(value);
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  }

  return (
    <form className="work-address-form" onSubmit={submit} noValidate>
      <Field
        label={t('settings.workspace.workAddress')}
        name="workAddress"
        type="email"
        autoComplete="email"
        spellCheck={false}
        autoCapitalize="off"
        value={value}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          setError(null);
        }}
        error={error ? errorText(error, value.trim()) : undefined}
      />
      {outside && acknowledged === value.trim() && !error ? (
        <div className="notice notice-warning" role="alert">
          <p>{t('settings.workspace.outsideDomains', { address: value.trim(), domains: domains.join(', ') })}</p>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onDone} disabled={busy}>
          {t('settings.workspace.cancelWorkAddress')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('settings.workspace.savingWorkAddress') : t('settings.workspace.saveWorkAddress')}
        </button>
      </div>
    </form>
  );
}
