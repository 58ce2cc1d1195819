import { domainToASCII } from 'node:url';
import type { ProviderHint, ServerSettings } from '../../../shared/model.js';

/**
 * The bundled table of well-known mail providers (R11): their documented IMAP and SMTP
 * servers, the user name they expect, and the fact users trip over when connecting.
 * Outlook.com, Hotmail, Live and MSN accept no passwords since September 2024 (Microsoft
 * turned off basic authentication for consumer accounts), so they go to the Microsoft
 * sign-in instead.
 */

export interface Preset {
  id: string;
  name: string;
  /** The mail domains, in lower-case ASCII. */
  domains: readonly string[];
  imap?: ServerSettings;
  smtp?: ServerSettings;
  /** What the provider takes as user name: the whole address, or the part before the @. */
  userName: 'address' | 'local-part';
  hint?: ProviderHint;
  redirect?: 'microsoft-sign-in';
  /** The provider's own browser sign-in, offered first (Gmail: OAuth instead of an app password; Outlook.com: the only way). */
  signIn?: 'gmail' | 'microsoft';
}

const tls = (host: string, port: number): ServerSettings => ({ host, port, security: 'tls' });
const starttls = (host: string, port: number): ServerSettings => ({ host, port, security: 'starttls' });

export const presets: readonly Preset[] = [
  {
    // support.google.com/mail/answer/7126229
    id: 'gmail',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    imap: tls('imap.gmail.com', 993),
    smtp: tls('smtp.gmail.com', 465),
    userName: 'address',
    hint: 'gmail-app-password',
    // Google sign-in (OAuth) first; IMAP with an app password stays possible where no OAuth client is configured.
    signIn: 'gmail',
  },
  {
    // hilfe.gmx.net/pop-imap/imap/imap-serverdaten.html
    id: 'gmx',
    name: 'GMX',
    domains: ['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch'],
    imap: tls('imap.gmx.net', 993),
    smtp: starttls('mail.gmx.net', 587),
    userName: 'address',
    hint: 'gmx-enable-imap',
  },
  {
    // hilfe.web.de/pop-imap/imap/imap-serverdaten.html
    id: 'web.de',
    name: 'WEB.DE',
    domains: ['web.de'],
    imap: tls('imap.web.de', 993),
    smtp: starttls('smtp.web.de', 587),
    userName: 'address',
    hint: 'webde-enable-imap',
  },
  {
    // telekom.de/hilfe: secureimap.t-online.de 993, securesmtp.t-online.de 465
    id: 't-online',
    name: 'T-Online',
    domains: ['t-online.de', 'magenta.de'],
    imap: tls('secureimap.t-online.de', 993),
    smtp: tls('securesmtp.t-online.de', 465),
    userName: 'address',
    hint: 't-online-mail-password',
  },
  {
    // ionos.de/hilfe: imap.ionos.de 993, smtp.ionos.de 465
    id: 'ionos',
    name: 'IONOS',
    domains: ['ionos.de', 'ionos.com', '1und1.de', 'online.de', 'onlinehome.de'],
    imap: tls('imap.ionos.de', 993),
    smtp: tls('smtp.ionos.de', 465),
    userName: 'address',
  },
  {
    // strato.de/faq: imap.strato.de 993, smtp.strato.de 465
    id: 'strato',
    name: 'Strato',
    domains: ['strato.de'],
    imap: tls('imap.strato.de', 993),
    smtp: tls('smtp.strato.de', 465),
    userName: 'address',
  },
  {
    // support.apple.com/102525: user name is the name before the @
    id: 'icloud',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    imap: tls('imap.mail.me.com', 993),
    smtp: starttls('smtp.mail.me.com', 587),
    userName: 'local-part',
    hint: 'icloud-app-password',
  },
  {
    // help.yahoo.com: imap.mail.yahoo.com 993, smtp.mail.yahoo.com 465
    id: 'yahoo',
    name: 'Yahoo Mail',
    domains: ['yahoo.com', 'yahoo.de', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'rocketmail.com'],
    imap: tls('imap.mail.yahoo.com', 993),
    smtp: tls('smtp.mail.yahoo.com', 465),
    userName: 'address',
    hint: 'yahoo-app-password',
  },
  {
    // fastmail.help: imap.fastmail.com 993, smtp.fastmail.com 465, app passwords
    id: 'fastmail',
    name: 'Fastmail',
    domains: ['fastmail.com', 'fastmail.fm'],
    imap: tls('imap.fastmail.com', 993),
    smtp: tls('smtp.fastmail.com', 465),
    userName: 'address',
    hint: 'fastmail-app-password',
  },
  {
    // kb.mailbox.org: imap.mailbox.org 993, smtp.mailbox.org 465
    id: 'mailbox.org',
    name: 'mailbox.org',
    domains: ['mailbox.org'],
    imap: tls('imap.mailbox.org', 993),
    smtp: tls('smtp.mailbox.org', 465),
    userName: 'address',
  },
  {
    // posteo.de/hilfe: posteo.de 993 (TLS), posteo.de 465 (TLS)
    id: 'posteo',
    name: 'Posteo',
    domains: ['posteo.de', 'posteo.net', 'posteo.org', 'posteo.eu', 'posteo.at', 'posteo.ch'],
    imap: tls('posteo.de', 993),
    smtp: tls('posteo.de', 465),
    userName: 'address',
  },
  {
    // No passwords since September 2024: connect through the Microsoft sign-in.
    id: 'outlook',
    name: 'Outlook.com',
    domains: ['outlook.com', 'outlook.de', 'hotmail.com', 'hotmail.de', 'hotmail.co.uk', 'live.com', 'live.de', 'msn.com'],
    userName: 'address',
    redirect: 'microsoft-sign-in',
    signIn: 'microsoft',
  },
];

const byDomain = new Map<string, Preset>(presets.flatMap((preset) => preset.domains.map((domain) => [domain, preset] as const)));

/** The domain of an address in lower-case ASCII (punycode), or null for anything without one. */
export function mailDomainOf(address: string): string | null {
  const trimmed = address.normalize('NFC').trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return null;
  const raw = trimmed.slice(at + 1).replace(/\.$/, '').toLowerCase();
  if (!raw.includes('.') || /\s/.test(raw)) return null;
  const ascii = domainToASCII(raw);
  return ascii === '' ? null : ascii;
}

/** The bundled preset for an address's domain, or null. */
export function presetFor(address: string): Preset | null {
  const domain = mailDomainOf(address);
  return domain === null ? null : (byDomain.get(domain) ?? null);
}

/** The user name a provider expects for an address. */
export function userNameFor(address: string, kind: Preset['userName']): string {
  const trimmed = address.trim();
  if (kind === 'address') return trimmed;
  const at = trimmed.lastIndexOf('@');
  return at <= 0 ? trimmed : trimmed.slice(0, at);
}
