import { describe, expect, it } from 'vitest';
import {
  defaultPort,
  formFieldOf,
  initialMailboxForm,
  portNumber,
  suggestedHost,
  toConnectInput,
  toTestInput,
  valueAt,
  withAddress,
  withHost,
  withPort,
  withPortSettled,
  withSecurity,
  withSuggestion,
  withUserName,
} from './mailbox-settings.js';

describe('connect form values', () => {
  it('opens with IMAP over TLS on 993 and SMTP with STARTTLS on 587', () => {
    const values = initialMailboxForm();
    expect(values.imap).toMatchObject({ security: 'tls', port: '993' });
    expect(values.smtp).toMatchObject({ security: 'starttls', port: '587' });
  });

  it('lets the user name follow the address until the user types one', () => {
    let values = withAddress(initialMailboxForm(), ' olivia@acme.com');
    expect(values.userName).toBe('olivia@acme.com');
    values = withUserName(values, 'olivia');
    values = withAddress(values, 'olivia.owner@acme.com');
    expect(values.userName).toBe('olivia');
    // Emptied, it follows the address again.
    values = withAddress(withUserName(values, ''), 'o@acme.com');
    expect(values.userName).toBe('o@acme.com');
  });

  it('moves each port with its security choice until the user types a port', () => {
    let values = withSecurity(initialMailboxForm(), 'imap', 'starttls');
    expect(values.imap.port).toBe('143');
    values = withSecurity(values, 'smtp', 'tls');
    expect(values.smtp.port).toBe('465');
    values = withPort(values, 'imap', '10143');
    values = withSecurity(values, 'imap', 'none');
    expect(values.imap).toMatchObject({ port: '10143', security: 'none' });
    // The SMTP port was never typed: it still follows.
    expect(withSecurity(values, 'smtp', 'none').smtp.port).toBe('25');
  });

  it('shows the default again when a port field is left empty', () => {
    let values = withPort(withSecurity(initialMailboxForm(), 'imap', 'starttls'), 'imap', '');
    expect(values.imap.portTyped).toBe(false);
    values = withPortSettled(values, 'imap');
    expect(values.imap.port).toBe('143');
    expect(withSecurity(values, 'imap', 'tls').imap.port).toBe('993');
  });

  it('knows the usual ports', () => {
    expect([defaultPort('imap', 'tls'), defaultPort('imap', 'starttls'), defaultPort('imap', 'none')]).toEqual([993, 143, 143]);
    expect([defaultPort('smtp', 'tls'), defaultPort('smtp', 'starttls'), defaultPort('smtp', 'none')]).toEqual([465, 587, 25]);
  });

  it('turns anything but a port number into 0, for the engine to refuse at the field', () => {
    expect(portNumber(' 993 ')).toBe(993);
    expect(portNumber('99a')).toBe(0);
    expect(portNumber('')).toBe(0);
    expect(portNumber('1234567')).toBe(0);
  });

  it('builds the contract input: trimmed, no empty display name, the password as typed', () => {
    let values = withAddress(initialMailboxForm(), ' alice@hirebox.test ');
    values = withHost(values, 'imap', ' 127.0.0.1 ');
    values = withSecurity(withPort(values, 'imap', '10143'), 'imap', 'none');
    values = withHost(values, 'smtp', 'smtp.hirebox.test');
    values = { ...values, password: ' secret ', displayName: '  ' };
    expect(toConnectInput(values)).toEqual({
      address: 'alice@hirebox.test',
      userName: 'alice@hirebox.test',
      password: ' secret ',
      imap: { host: '127.0.0.1', port: 10143, security: 'none' },
      smtp: { host: 'smtp.hirebox.test', port: 587, security: 'starttls' },
    });
    expect(toConnectInput({ ...values, displayName: ' Alice ' }).displayName).toBe('Alice');
  });

  it('places engine errors at their field, also the provider’s own names for user and password', () => {
    expect(formFieldOf('imap.security')).toBe('imap.security');
    expect(formFieldOf('smtp.port')).toBe('smtp.port');
    expect(formFieldOf('imap.user')).toBe('userName');
    expect(formFieldOf('imap.password')).toBe('password');
    expect(formFieldOf('address')).toBe('address');
    expect(formFieldOf('something.else')).toBeUndefined();
    expect(formFieldOf(undefined)).toBeUndefined();
  });

  it('never hands the password to words that quote a value', () => {
    const values = { ...withAddress(initialMailboxForm(), 'a@b.test'), password: 'secret' };
    expect(valueAt(values, 'password')).toBe('');
    expect(valueAt(values, 'address')).toBe('a@b.test');
  });

  it('suggests server names from the address’s domain', () => {
    expect(suggestedHost('imap', 'olivia@acme.com')).toBe('imap.acme.com');
    expect(suggestedHost('smtp', 'olivia')).toBe('smtp.example.com');
  });
});

describe('withSuggestion', () => {
  const gmx = {
    source: 'preset',
    preset: { id: 'gmx', name: 'GMX' },
    imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
    smtp: { host: 'mail.gmx.net', port: 587, security: 'starttls' },
    userName: 'anna@gmx.de',
    hint: 'gmx-enable-imap',
  } as const;

  it('fills hosts, ports, security and user name the user has not typed', () => {
    const values = withSuggestion(withAddress(initialMailboxForm(), 'anna@gmx.de'), { ...gmx, userName: 'anna' });
    expect(toConnectInput(values)).toMatchObject({
      userName: 'anna',
      imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
      smtp: { host: 'mail.gmx.net', port: 587, security: 'starttls' },
    });
  });

  it('leaves what the user typed alone', () => {
    let values = withAddress(initialMailboxForm(), 'anna@gmx.de');
    values = withHost(values, 'imap', 'my.imap.host');
    values = withPort(values, 'smtp', '2525');
    values = withUserName(values, 'anna-login');
    values = withSecurity(values, 'imap', 'starttls');
    expect(toConnectInput(withSuggestion(values, gmx))).toMatchObject({
      userName: 'anna-login',
      imap: { host: 'my.imap.host', port: 143, security: 'starttls' },
      smtp: { host: 'mail.gmx.net', port: 2525, security: 'starttls' },
    });
  });

  it('puts filled-in settings back when the address names no provider any more', () => {
    const filled = withSuggestion(withAddress(initialMailboxForm(), 'anna@gmx.de'), gmx);
    const values = withSuggestion(withAddress(filled, 'anna@acme.com'), { source: 'none', userName: 'anna@acme.com' });
    expect(toConnectInput(values)).toMatchObject({
      imap: { host: '', port: 993, security: 'tls' },
      smtp: { host: '', port: 587, security: 'starttls' },
    });
  });
});

// Issue 6: certificates trusted in the form go with the servers they were trusted for.
describe('toConnectInput with trusted certificates', () => {
  const exception = { host: 'mail.acme.com', port: 993, fingerprint256: 'AB'.repeat(32).match(/../g)!.join(':'), pem: '-----BEGIN CERTIFICATE-----' };
  const initial = initialMailboxForm();
  const values = {
    ...initial,
    address: 'olivia@acme.com',
    userName: 'olivia@acme.com',
    password: 'secret',
    imap: { ...initial.imap, host: 'Mail.Acme.com', port: '993', security: 'tls' as const },
  };

  it('sends a certificate trusted for the IMAP server as it is now, and no other', () => {
    expect(toConnectInput(values, [exception]).certificateExceptions).toEqual([exception]);
    expect(toConnectInput({ ...values, imap: { ...values.imap, port: '143', security: 'starttls' } }, [exception]).certificateExceptions).toBeUndefined();
    expect(toTestInput(toConnectInput({ ...values, displayName: 'Olivia' }, [exception]))).not.toHaveProperty('displayName');
  });
});
