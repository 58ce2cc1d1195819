import './server-fieldset.css';
import { useId } from 'react';
import type { RefCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionSecurity, ServerSettings } from '../../../shared/model.js';
import { Field } from '../components/field.js';
import { SelectField } from '../components/select-field.js';
import { portNumber, securityChoices, type ServerProtocol } from '../forms/mailbox-settings.js';

/** One server as the form holds it: the port as typed. */
export interface ServerText {
  host: string;
  port: string;
  security: ConnectionSecurity;
}

/** A saved server as the form shows it. */
export function serverText(server: ServerSettings): ServerText {
  return { host: server.host, port: String(server.port), security: server.security };
}

/** The server the form holds, as it would be saved: the host trimmed, the port a number. */
export function serverSettings(server: ServerText): ServerSettings {
  return { host: server.host.trim(), port: portNumber(server.port), security: server.security };
}

/** Whether two servers are the same: nothing to change. */
export function sameServer(a: ServerSettings, b: ServerSettings): boolean {
  return a.host === b.host && a.port === b.port && a.security === b.security;
}

/** The part of a server the user just changed. */
export type ServerPart = keyof ServerText;

/** A server's field as errors name it: `imap.host`, `smtp.port`, … */
export type ServerField = `${ServerProtocol}.${ServerPart}`;

interface ServerFieldsetProps {
  protocol: ServerProtocol;
  value: ServerText;
  /** The server with the edit applied, and which part was edited. */
  onChange: (next: ServerText, changed: ServerPart) => void;
  /** The words for what is wrong at `imap.host`, `smtp.port`, …, if anything. */
  errorAt: (field: ServerField) => string | undefined;
  /** Greyed-out server name to show while the field is empty. */
  hostPlaceholder?: string;
  /** Called when the port field loses focus (an empty port falls back to its default). */
  onPortBlur?: () => void;
  /** Lets the form keep hold of each field, to move focus to the one at fault. */
  register?: (field: ServerField) => RefCallback<HTMLInputElement | HTMLSelectElement>;
  /** Says beside "No encryption" what choosing it means. */
  explainUnencrypted?: boolean;
}

/** Server name, port and security of one server (IMAP or SMTP). */
export function ServerFieldset({ protocol, value, onChange, errorAt, hostPlaceholder, onPortBlur, register, explainUnencrypted = false }: ServerFieldsetProps) {
  const { t } = useTranslation();
  const unencryptedHintId = `${useId()}-none`;
  const securityOptions = securityChoices.map((security) => ({ value: security, label: t(`connectForm.security.${security}`) }));
  const showUnencryptedHint = explainUnencrypted && value.security === 'none' && errorAt(`${protocol}.security`) === undefined;
  return (
    <fieldset className="server-settings">
      <legend className="section-legend">{t(protocol === 'imap' ? 'connectForm.incoming' : 'connectForm.outgoing')}</legend>
      <div className="server-grid">
        <Field
          ref={register?.(`${protocol}.host`)}
          label={t('connectForm.server')}
          name={`${protocol}-host`}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder={hostPlaceholder}
          value={value.host}
          onChange={(event) => onChange({ ...value, host: event.currentTarget.value }, 'host')}
          error={errorAt(`${protocol}.host`)}
        />
        <Field
          ref={register?.(`${protocol}.port`)}
          label={t('connectForm.port')}
          name={`${protocol}-port`}
          inputMode="numeric"
          autoComplete="off"
          value={value.port}
          onChange={(event) => onChange({ ...value, port: event.currentTarget.value }, 'port')}
          onBlur={onPortBlur}
          error={errorAt(`${protocol}.port`)}
        />
        <SelectField
          ref={register?.(`${protocol}.security`)}
          label={t('connectForm.securityLabel')}
          name={`${protocol}-security`}
          options={securityOptions}
          value={value.security}
          onChange={(event) => onChange({ ...value, security: event.currentTarget.value as ConnectionSecurity }, 'security')}
          error={errorAt(`${protocol}.security`)}
          describedBy={showUnencryptedHint ? unencryptedHintId : undefined}
        />
      </div>
      {showUnencryptedHint ? (
        <p className="field-hint server-hint" id={unencryptedHintId}>
          {t('connectForm.noneHint')}
        </p>
      ) : null}
    </fieldset>
  );
}
