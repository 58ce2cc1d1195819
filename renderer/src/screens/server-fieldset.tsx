import { useTranslation } from 'react-i18next';
import type { ConnectionSecurity } from '../../../shared/model.js';
import { Field } from '../components/field.js';
import { SelectField } from '../components/select-field.js';
import { securityChoices, type ServerProtocol } from '../forms/mailbox-settings.js';

/** One server as the form holds it: the port as typed. */
export interface ServerText {
  host: string;
  port: string;
  security: ConnectionSecurity;
}

interface ServerFieldsetProps {
  protocol: ServerProtocol;
  value: ServerText;
  onChange: (next: ServerText) => void;
  /** The words for what is wrong at `imap.host`, `smtp.port`, …, if anything. */
  errorAt: (field: string) => string | undefined;
}

/** Server name, port and security of one server (IMAP or SMTP) of a connected mailbox. */
export function ServerFieldset({ protocol, value, onChange, errorAt }: ServerFieldsetProps) {
  const { t } = useTranslation();
  const securityOptions = securityChoices.map((security) => ({ value: security, label: t(`connectForm.security.${security}`) }));
  return (
    <fieldset className="server-settings">
      <legend>{t(protocol === 'imap' ? 'connectForm.incoming' : 'connectForm.outgoing')}</legend>
      <div className="server-grid">
        <Field
          label={t('connectForm.server')}
          name={`${protocol}-host`}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={value.host}
          onChange={(event) => onChange({ ...value, host: event.currentTarget.value })}
          error={errorAt(`${protocol}.host`)}
        />
        <Field
          label={t('connectForm.port')}
          name={`${protocol}-port`}
          inputMode="numeric"
          autoComplete="off"
          value={value.port}
          onChange={(event) => onChange({ ...value, port: event.currentTarget.value })}
          error={errorAt(`${protocol}.port`)}
        />
        <SelectField
          label={t('connectForm.securityLabel')}
          name={`${protocol}-security`}
          options={securityOptions}
          value={value.security}
          onChange={(event) => onChange({ ...value, security: event.currentTarget.value as ConnectionSecurity })}
          error={errorAt(`${protocol}.security`)}
        />
      </div>
    </fieldset>
  );
}
