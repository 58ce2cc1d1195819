import { promises as dns } from 'node:dns';
import type { ConnectionSecurity, ServerSettings, SuggestedSettings } from '../../../shared/model.js';
import { normalizeDomain } from '../domain/addresses.js';
import { mailDomainOf, presetFor, presets, userNameFor } from '../domain/provider-presets.js';

export interface SettingsDiscoveryOptions {
  /** DNS servers to ask (`127.0.0.1:5353`); the system's when left out. Tests point it at their own. */
  servers?: readonly string[];
  /** How long the SRV lookups may take together before giving up; 2 s unless told. */
  timeoutMs?: number;
}

/** The RFC 6186 / RFC 8314 services, each with the security it implies, best first. */
const imapServices: readonly (readonly [string, ConnectionSecurity])[] = [
  ['_imaps._tcp', 'tls'],
  ['_imap._tcp', 'starttls'],
];
const submissionServices: readonly (readonly [string, ConnectionSecurity])[] = [
  ['_submissions._tcp', 'tls'],
  ['_submission._tcp', 'starttls'],
];

/**
 * Mail hosts named by a domain's MX records that mean a provider with its own sign-in: the
 * company's mail is Microsoft 365 (Exchange Online Protection,
 * https://learn.microsoft.com/microsoft-365/enterprise/external-domain-name-system-records)
 * or Google Workspace (https://support.google.com/a/answer/174125).
 */
const hostedBy: readonly { signIn: 'microsoft' | 'gmail'; name: string; exchange: RegExp }[] = [
  { signIn: 'microsoft', name: 'Microsoft 365', exchange: /\.mail\.protection\.outlook\.com$/u },
  { signIn: 'gmail', name: 'Google Workspace', exchange: /(^|\.)(aspmx\.l\.google\.com|googlemail\.com|smtp\.google\.com)$/u },
];

/**
 * Suggests IMAP and SMTP settings for a mail address (R11): the bundled provider table
 * first; otherwise the domain's MX records when they name Microsoft 365 or Google Workspace
 * (whose browser sign-in is then the way to connect); otherwise the domain's SRV records
 * (RFC 6186, implicit TLS preferred as RFC 8314 §5.1 asks); otherwise nothing. A target of "." means the service is not offered. Lookups
 * that outlast the timeout count as not offered, so a slow resolver gives `none` rather
 * than keeping the form waiting.
 */
export class SettingsDiscovery {
  readonly #servers: readonly string[] | undefined;
  readonly #timeoutMs: number;

  constructor(options: SettingsDiscoveryOptions = {}) {
    this.#servers = options.servers;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
  }

  async suggest(address: string): Promise<SuggestedSettings> {
    const trimmed = address.trim();
    const preset = presetFor(trimmed);
    if (preset !== null) {
      return {
        source: 'preset',
        preset: { id: preset.id, name: preset.name },
        ...(preset.imap ? { imap: { ...preset.imap } } : {}),
        ...(preset.smtp ? { smtp: { ...preset.smtp } } : {}),
        userName: userNameFor(trimmed, preset.userName),
        ...(preset.hint ? { hint: preset.hint } : {}),
        ...(preset.redirect ? { redirect: preset.redirect } : {}),
        ...(preset.signIn ? { signIn: preset.signIn } : {}),
      };
    }
    const none: SuggestedSettings = { source: 'none', userName: trimmed };
    const domain = validDomain(trimmed);
    if (domain === null) return none;

    const resolver = new dns.Resolver({ timeout: this.#timeoutMs, tries: 1 });
    if (this.#servers) resolver.setServers([...this.#servers]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#timeoutMs);
    });
    try {
      const [imap, smtp, host] = await Promise.all([
        this.#firstOffered(resolver, imapServices, domain, deadline),
        this.#firstOffered(resolver, submissionServices, domain, deadline),
        mailHostOf(resolver, domain, deadline),
      ]);
      if (host !== null) return hostedSuggestion(host, trimmed);
      if (!imap && !smtp) return none;
      return { source: 'srv', ...(imap ? { imap } : {}), ...(smtp ? { smtp } : {}), userName: trimmed };
    } finally {
      clearTimeout(timer);
      resolver.cancel();
    }
  }

  /** The best offered service of a kind, looked up side by side; the first in the list wins. */
  async #firstOffered(
    resolver: dns.Resolver,
    services: readonly (readonly [string, ConnectionSecurity])[],
    domain: string,
    deadline: Promise<void>,
  ): Promise<ServerSettings | undefined> {
    const answers = await Promise.all(services.map(([service]) => lookup(resolver, `${service}.${domain}`, deadline)));
    for (const [index, [, security]] of services.entries()) {
      const target = answers[index];
      if (target) return { ...target, security };
    }
    return undefined;
  }
}

/** Which provider with its own sign-in receives the domain's mail (its preferred MX host), if any. */
async function mailHostOf(resolver: dns.Resolver, domain: string, deadline: Promise<void>): Promise<(typeof hostedBy)[number] | null> {
  const records = await Promise.race([resolver.resolveMx(domain).catch(() => []), deadline.then(() => [])]);
  const best = [...records].sort((a, b) => a.priority - b.priority)[0];
  if (best === undefined) return null;
  const exchange = best.exchange.replace(/\.$/u, '').toLowerCase();
  return hostedBy.find((known) => known.exchange.test(exchange)) ?? null;
}

/**
 * A company domain at Microsoft 365 connects by the Microsoft sign-in only (Exchange Online
 * takes no passwords over IMAP); at Google Workspace by Google's, with Gmail's IMAP
 * settings as the app-password way.
 */
function hostedSuggestion(host: (typeof hostedBy)[number], address: string): SuggestedSettings {
  const gmail = presets.find((preset) => preset.id === 'gmail')!;
  const base = { source: 'mx' as const, preset: { id: host.signIn === 'microsoft' ? 'microsoft365' : 'google-workspace', name: host.name }, userName: address, signIn: host.signIn };
  if (host.signIn === 'microsoft') return { ...base, redirect: 'microsoft-sign-in' };
  return { ...base, imap: { ...gmail.imap! }, smtp: { ...gmail.smtp! }, hint: 'gmail-app-password' };
}

/** The domain to look up, or null when the address has none worth asking about. */
function validDomain(address: string): string | null {
  const domain = mailDomainOf(address);
  if (domain === null) return null;
  try {
    return normalizeDomain(domain);
  } catch {
    return null;
  }
}

/**
 * The record to use for one SRV name (lowest priority, then highest weight), or undefined
 * when there is none, the service is "not offered" (target "."), or the deadline passed.
 */
async function lookup(resolver: dns.Resolver, name: string, deadline: Promise<void>): Promise<{ host: string; port: number } | undefined> {
  const records = await Promise.race([resolver.resolveSrv(name).catch(() => []), deadline.then(() => [])]);
  const usable = records
    .map((record) => ({ ...record, name: record.name.replace(/\.$/, '') }))
    .filter((record) => record.name !== '' && record.port > 0)
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const best = usable[0];
  // RFC 6186 §3: a single record with target "." means the service is not offered.
  if (!best || records.some((record) => record.name === '.' || record.name === '')) return undefined;
  return { host: best.name, port: best.port };
}
