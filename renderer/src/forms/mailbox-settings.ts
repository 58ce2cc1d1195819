import { assertNever } from '../../../shared/assert-never.js';
import type { InputOf } from '../../../shared/contract.js';
import type { CertificateException, ConnectionSecurity, SuggestedSettings } from '../../../shared/model.js';

/**
 * The plain IMAP/SMTP form of "Connect a mailbox" (R11, "other") as values on screen:
 * the user name follows the address and each port follows its security choice until the
 * user types one of their own.
 */

export type ServerProtocol = 'imap' | 'smtp';

export const securityChoices: readonly ConnectionSecurity[] = ['tls', 'starttls', 'none'];

/**
 * The usual port per protocol and security: IMAPS 993 and IMAP 143 (RFC 8314 §7.3,
 * RFC 9051); SMTP submission over TLS 465 and with STARTTLS 587 (RFC 8314 §7.3, RFC 6409);
 * a plain local relay 25.
 */
export function defaultPort(protocol: ServerProtocol, security: ConnectionSecurity): number {
  if (protocol === 'imap') return security === 'tls' ? 993 : 143;
  switch (security) {
    case 'tls':
      return 465;
    case 'starttls':
      return 587;
    default:
      return 25;
  }
}

export interface ServerValues {
  host: string;
  /** As typed; checked by the engine, which answers `imap.port` or `smtp.port`. */
  port: string;
  security: ConnectionSecurity;
  /** True once the user typed a port: it no longer follows the security choice. */
  portTyped: boolean;
  /** True once the user typed a server name: suggested settings leave it alone. Optional: false. */
  hostTyped?: boolean;
  /** True once the user chose a security: suggested settings leave it alone. Optional: false. */
  securityTyped?: boolean;
}

export interface MailboxFormValues {
  address: string;
  displayName: string;
  userName: string;
  /** True once the user typed a user name: it no longer follows the address. */
  userNameTyped: boolean;
  password: string;
  imap: ServerValues;
  smtp: ServerValues;
}

/** The form as it opens: IMAP over TLS on 993, SMTP with STARTTLS on 587. */
export function initialMailboxForm(): MailboxFormValues {
  return {
    address: '',
    displayName: '',
    userName: '',
    userNameTyped: false,
    password: '',
    imap: { host: '', port: String(defaultPort('imap', 'tls')), security: 'tls', portTyped: false },
    smtp: { host: '', port: String(defaultPort('smtp', 'starttls')), security: 'starttls', portTyped: false },
  };
}

/** A new address; the user name follows it unless the user typed their own. */
export function withAddress(values: MailboxFormValues, address: string): MailboxFormValues {
  return { ...values, address, ...(values.userNameTyped ? {} : { userName: address.trim() }) };
}

/** A typed user name. Emptied, it follows the address again from the next change. */
export function withUserName(values: MailboxFormValues, userName: string): MailboxFormValues {
  return { ...values, userName, userNameTyped: userName !== '' };
}

/** Another security choice; the port follows it unless the user typed one. */
export function withSecurity(values: MailboxFormValues, protocol: ServerProtocol, security: ConnectionSecurity): MailboxFormValues {
  const server = values[protocol];
  const port = server.portTyped ? server.port : String(defaultPort(protocol, security));
  return { ...values, [protocol]: { ...server, security, port, securityTyped: true } };
}

/** A typed port. Emptied, the port follows the security choice again. */
export function withPort(values: MailboxFormValues, protocol: ServerProtocol, port: string): MailboxFormValues {
  return { ...values, [protocol]: { ...values[protocol], port, portTyped: port.trim() !== '' } };
}

/** An emptied port field, once left, shows the default for its security choice again. */
export function withPortSettled(values: MailboxFormValues, protocol: ServerProtocol): MailboxFormValues {
  const server = values[protocol];
  if (server.port.trim() !== '') return values;
  return { ...values, [protocol]: { ...server, port: String(defaultPort(protocol, server.security)), portTyped: false } };
}

export function withHost(values: MailboxFormValues, protocol: ServerProtocol, host: string): MailboxFormValues {
  return { ...values, [protocol]: { ...values[protocol], host, hostTyped: host.trim() !== '' } };
}

/**
 * Settings suggested for the address (`mailboxes:suggest-settings`) filled into every
 * field the user has not typed into. A suggestion without settings for a server puts its
 * untouched fields back to how the form opened, so settings of a provider the address no
 * longer names do not linger.
 */
export function withSuggestion(values: MailboxFormValues, suggestion: SuggestedSettings): MailboxFormValues {
  const initial = initialMailboxForm();
  const fill = (protocol: ServerProtocol): ServerValues => {
    const server = values[protocol];
    const suggested = suggestion[protocol] ?? { host: '', port: Number(initial[protocol].port), security: initial[protocol].security };
    const security = server.securityTyped ? server.security : suggested.security;
    const port = server.portTyped
      ? server.port
      : server.securityTyped && security !== suggested.security
        ? String(defaultPort(protocol, security))
        : String(suggested.port);
    return { ...server, host: server.hostTyped ? server.host : suggested.host, port, security };
  };
  return {
    ...values,
    ...(values.userNameTyped ? {} : { userName: suggestion.userName }),
    imap: fill('imap'),
    smtp: fill('smtp'),
  };
}

/**
 * A port as the contract takes it. Anything but digits becomes 0, which the engine refuses
 * at the port's field with the words for it, so the form has one place that checks.
 */
export function portNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : 0;
}

/**
 * The `mailboxes:connect` input for the form's values, with the certificates the user
 * trusted in this form for the servers it names now (issue 6).
 */
export function toConnectInput(values: MailboxFormValues, exceptions: readonly CertificateException[] = []): InputOf<'mailboxes:connect'> {
  const displayName = values.displayName.trim();
  const server = (settings: ServerValues) => ({ host: settings.host.trim(), port: portNumber(settings.port), security: settings.security });
  const imap = server(values.imap);
  const smtp = server(values.smtp);
  const named = (exception: CertificateException) => [imap, smtp].some((settings) => settings.security !== 'none' && settings.host.toLowerCase() === exception.host && settings.port === exception.port);
  const trusted = exceptions.filter(named);
  return {
    address: values.address.trim(),
    ...(displayName ? { displayName } : {}),
    userName: values.userName.trim(),
    password: values.password,
    imap,
    smtp,
    ...(trusted.length > 0 ? { certificateExceptions: [...trusted] } : {}),
  };
}

/** The `mailboxes:test-connection` input for a connect input: the same settings, nothing saved. */
export function toTestInput(input: InputOf<'mailboxes:connect'>): InputOf<'mailboxes:test-connection'> {
  const { displayName: _displayName, ...settings } = input;
  return settings;
}

export const mailboxFormFields = [
  'address',
  'displayName',
  'userName',
  'password',
  'imap.host',
  'imap.port',
  'imap.security',
  'smtp.host',
  'smtp.port',
  'smtp.security',
] as const;

export type MailboxFormField = (typeof mailboxFormFields)[number];

/**
 * The field on screen an engine error belongs to. The contract names `userName` and
 * `password`; the IMAP provider's own check names them `imap.user` and `imap.password`.
 * Undefined: the error belongs above the form.
 */
export function formFieldOf(field: string | undefined): MailboxFormField | undefined {
  if (field === undefined) return undefined;
  if (field === 'imap.user' || field === 'smtp.user') return 'userName';
  if (field === 'imap.password' || field === 'smtp.password') return 'password';
  return (mailboxFormFields as readonly string[]).includes(field) ? (field as MailboxFormField) : undefined;
}

/** The value typed at a field, for words that name it (`“x” is connected already`). */
export function valueAt(values: MailboxFormValues, field: MailboxFormField): string {
  switch (field) {
    case 'address':
      return values.address.trim();
    case 'displayName':
      return values.displayName.trim();
    case 'userName':
      return values.userName.trim();
    case 'password':
      return '';
    case 'imap.host':
      return values.imap.host.trim();
    case 'imap.port':
      return values.imap.port.trim();
    case 'imap.security':
      return values.imap.security;
    case 'smtp.host':
      return values.smtp.host.trim();
    case 'smtp.port':
      return values.smtp.port.trim();
    case 'smtp.security':
      return values.smtp.security;
    default:
      return assertNever(field);
  }
}

/** A server name to suggest as a placeholder: `imap.acme.com` for `name@acme.com`. */
export function suggestedHost(protocol: ServerProtocol, address: string): string {
  const domain = /@([^@\s]+\.[^@\s]+)$/.exec(address.trim())?.[1];
  return `${protocol}.${domain ?? 'example.com'}`;
}
