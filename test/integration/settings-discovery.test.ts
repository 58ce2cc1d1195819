import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsDiscovery } from '../../electron/core/services/settings-discovery.js';
import type { DnsServer } from '../support/dns-server.js';
import { startDnsServer } from '../support/dns-server.js';

/**
 * R11 beyond: settings for a mail address from the bundled table or from the domain's
 * RFC 6186 SRV records, asked of a local DNS server.
 */
describe('SettingsDiscovery against a local DNS server', () => {
  let dns: DnsServer;
  let discovery: SettingsDiscovery;

  beforeAll(async () => {
    dns = await startDnsServer({
      '_imaps._tcp.acme.test': [{ priority: 10, weight: 0, port: 993, target: 'mail.acme.test' }],
      '_imap._tcp.acme.test': [{ port: 143, target: 'mail.acme.test' }],
      '_submissions._tcp.acme.test': [
        { priority: 20, weight: 0, port: 465, target: 'backup-smtp.acme.test' },
        { priority: 5, weight: 10, port: 465, target: 'smtp.acme.test' },
      ],
      '_imaps._tcp.starttls.test': [{ port: 0, target: '.' }],
      '_imap._tcp.starttls.test': [{ port: 143, target: 'imap.starttls.test' }],
      '_submission._tcp.starttls.test': [{ port: 587, target: 'smtp.starttls.test' }],
      '_imaps._tcp.gmx.de': [{ port: 993, target: 'wrong.example' }],
      '_imaps._tcp.contoso.test': [{ port: 993, target: 'mail.contoso.test' }],
    }, {
      'contoso.test': ['contoso-test.mail.protection.outlook.com.'],
      'fabrikam.test': ['alt1.aspmx.l.google.com', 'aspmx.l.google.com'],
      'acme.test': ['mx.acme.test'],
    });
    discovery = new SettingsDiscovery({ servers: [dns.address], timeoutMs: 1_000 });
  });

  afterAll(async () => {
    await dns.close();
  });

  it('fills in the settings from SRV records, implicit TLS first', async () => {
    await expect(discovery.suggest('olivia@acme.test')).resolves.toEqual({
      source: 'srv',
      imap: { host: 'mail.acme.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.acme.test', port: 465, security: 'tls' },
      userName: 'olivia@acme.test',
    });
  });

  it('leads a Microsoft 365 domain (by its MX) to the Microsoft sign-in, over its SRV records', async () => {
    await expect(discovery.suggest('mona@contoso.test')).resolves.toEqual({
      source: 'mx',
      preset: { id: 'microsoft365', name: 'Microsoft 365' },
      userName: 'mona@contoso.test',
      signIn: 'microsoft',
      redirect: 'microsoft-sign-in',
    });
  });

  it('leads a Google Workspace domain (by its MX) to the Google sign-in, Gmail’s IMAP as the app-password way', async () => {
    await expect(discovery.suggest('fiona@fabrikam.test')).resolves.toMatchObject({
      source: 'mx',
      preset: { name: 'Google Workspace' },
      signIn: 'gmail',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
      hint: 'gmail-app-password',
    });
  });

  it('takes "." as not offered and falls back to STARTTLS', async () => {
    await expect(discovery.suggest('max@starttls.test')).resolves.toEqual({
      source: 'srv',
      imap: { host: 'imap.starttls.test', port: 143, security: 'starttls' },
      smtp: { host: 'smtp.starttls.test', port: 587, security: 'starttls' },
      userName: 'max@starttls.test',
    });
  });

  it('gives none for a domain without records', async () => {
    await expect(discovery.suggest('ben@nothing.test')).resolves.toEqual({ source: 'none', userName: 'ben@nothing.test' });
    expect(dns.queries).toContain('_imaps._tcp.nothing.test');
    expect(dns.queries).toContain('_submission._tcp.nothing.test');
  });

  it('gives none when the server does not answer in time', async () => {
    for (const service of ['_imaps._tcp', '_imap._tcp', '_submissions._tcp', '_submission._tcp']) dns.silent.add(`${service}.slow.test`);
    const started = Date.now();
    await expect(discovery.suggest('eve@slow.test')).resolves.toEqual({ source: 'none', userName: 'eve@slow.test' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('uses the bundled preset for a known domain without asking DNS', async () => {
    const before = dns.queries.length;
    const settings = await discovery.suggest('Anna.Test@GMX.de');
    expect(settings).toMatchObject({
      source: 'preset',
      preset: { id: 'gmx', name: 'GMX' },
      imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
      smtp: { host: 'mail.gmx.net', port: 587, security: 'starttls' },
      hint: 'gmx-enable-imap',
    });
    expect(dns.queries.length).toBe(before);
  });

  it('sends Outlook.com and Hotmail addresses to the Microsoft sign-in', async () => {
    for (const address of ['kim@outlook.com', 'kim@hotmail.de', 'kim@live.com']) {
      const settings = await discovery.suggest(address);
      expect(settings).toMatchObject({ source: 'preset', redirect: 'microsoft-sign-in' });
      expect(settings.imap).toBeUndefined();
    }
  });

  it('gives none without a domain', async () => {
    await expect(discovery.suggest('anna@')).resolves.toEqual({ source: 'none', userName: 'anna@' });
  });
});
