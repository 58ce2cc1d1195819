import type { CredentialSource } from '../auth/credentials.js';
import { AppError } from '../errors.js';
import { checkImap, createImapProvider, type ImapProviderOptions, type ImapSettings } from './imap/index.js';
import { checkGmail, createGmailProvider, createGmailSignIn, gmailOAuthConfigOf, refreshGmailCredential, revokeGmailCredential, type GoogleClientConfig } from './gmail/index.js';
import { checkMicrosoft, createMicrosoftProvider, createMicrosoftSignIn, microsoftOAuthConfigOf, refreshMicrosoftCredential, signOutMicrosoft, type MicrosoftClientConfig, type MicrosoftTokenCache } from './microsoft/index.js';
import type { OAuthSignInRegistry } from './oauth-sign-in.js';
import type { MailboxSettings } from './mailbox-settings.js';
import type { MailProvider } from './mail-provider.js';
import type { ProviderFactory } from './provider-factory.js';
import { sentCopyPolicy } from './smtp/sent-copy.js';
import { checkSmtp } from './smtp/smtp-check.js';
import type { SmtpSettings } from './smtp/smtp-options.js';
import { sendBySmtp } from './smtp/smtp-sending.js';
import { createSmtpTransport } from './smtp/smtp-transport.js';
import type { TlsPolicy } from './tls-policy.js';

/** The settings of an IMAP/SMTP mailbox, with what the opener adds. */
type ImapMailbox = Extract<MailboxSettings, { provider: 'imap' }>;
/** The settings of a Gmail mailbox, with what the opener adds. */
type GmailMailbox = Extract<MailboxSettings, { provider: 'gmail' }>;
/** The settings of a Microsoft 365 / Outlook.com mailbox, with what the opener adds. */
type MicrosoftMailbox = Extract<MailboxSettings, { provider: 'microsoft' }>;

function imapSettings(settings: ImapMailbox, password: string, tlsPolicy: TlsPolicy): ImapSettings {
  return { ...settings.imap, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

function smtpSettings(settings: ImapMailbox, password: string, tlsPolicy: TlsPolicy): SmtpSettings {
  return { ...settings.smtp, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

/** Timeouts and page size of the real providers; the defaults suit real servers, tests shorten them. */
export type ProviderTuning = Pick<ImapProviderOptions, 'timeoutMs' | 'pollIntervalMs' | 'livenessTimeoutMs' | 'pageSize'>;

/** An IMAP/SMTP account signs in with a password; anything else is not for these servers. */
async function passwordOf(credentials: CredentialSource): Promise<string> {
  const credential = await credentials.current();
  if (credential.kind !== 'password') throw new AppError('auth-required', 'This mailbox signs in with a password; enter it again.');
  return credential.password;
}

/** The user's choice for the mailbox, else whether its SMTP server is known to file the copy itself. */
function imapSentCopy(settings: ImapMailbox): MailProvider['sentCopy'] {
  return sentCopyPolicy(settings.sentCopy ?? null, settings.smtp.host) === 'server' ? 'server' : 'client';
}

/**
 * An IMAP/SMTP mailbox: reading over IMAP, sending over SMTP. The Sent copy is filed by
 * Hirebox unless the user said otherwise or the SMTP server is known to file it itself.
 */
export function openImapMailbox(settings: ImapMailbox, password: string, tlsPolicy: TlsPolicy, tuning: ProviderTuning): MailProvider {
  const imap = createImapProvider(imapSettings(settings, password, tlsPolicy), tuning);
  const transport = createSmtpTransport({ smtp: settings.smtp, userName: settings.userName, certificateExceptions: settings.certificateExceptions, tlsPolicy }, password);
  return {
    ...imap,
    sentCopy: imapSentCopy(settings),
    send: (message, hooks) => sendBySmtp(transport, message, hooks),
  };
}

/** A Gmail mailbox: the Gmail API, signing in with the mailbox's OAuth tokens. Gmail files the Sent copy. */
function openGmailMailbox(settings: GmailMailbox, credentials: CredentialSource, tuning: ProviderTuning): MailProvider {
  const { timeoutMs, pollIntervalMs } = tuning;
  return createGmailProvider({ address: settings.address, ...(settings.rootUrl === undefined ? {} : { rootUrl: settings.rootUrl }) }, credentials, {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  });
}

/** A Microsoft mailbox: Microsoft Graph, signing in with the mailbox's tokens (renewed by MSAL). Graph files the Sent copy. */
function openMicrosoftMailbox(settings: MicrosoftMailbox, credentials: CredentialSource, tuning: ProviderTuning): MailProvider {
  const { timeoutMs, pollIntervalMs } = tuning;
  return createMicrosoftProvider({ address: settings.address, ...(settings.graphUrl === undefined ? {} : { graphUrl: settings.graphUrl }) }, credentials, {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  });
}

/**
 * The OAuth clients a shell hands in (docs/providers.md "Your own OAuth client"), read from
 * configuration by `oauthClientsFromConfiguration`. Google: the client id new sign-ins use
 * (absent: no Google sign-in is offered), its non-confidential Desktop "secret", and for
 * tests the stand-in's endpoints and API root. Microsoft: the Entra app's client id and
 * tenant (absent: no Microsoft sign-in is offered), for tests the moved authority and Graph.
 * `microsoftTokenCache` is MSAL's sealed cache in the data folder (the engine supplies it;
 * absent: MSAL keeps its cache in memory, and renews from the vault's refresh token).
 */
export interface OAuthClients {
  google?: Partial<GoogleClientConfig>;
  microsoft?: MicrosoftClientConfig;
  microsoftTokenCache?: MicrosoftTokenCache;
}

/** The browser sign-ins of the configured clients: a provider kind without a client id has none. */
export function createSignInRegistry(clients: OAuthClients, options: { timeoutMs?: number } = {}): OAuthSignInRegistry {
  const google = clients.google;
  const microsoft = clients.microsoft;
  return {
    ...(google?.clientId ? { gmail: createGmailSignIn({ ...google, clientId: google.clientId }, options) } : {}),
    ...(microsoft?.clientId
      ? { microsoft: createMicrosoftSignIn(microsoft, { ...options, ...(clients.microsoftTokenCache === undefined ? {} : { tokenCache: clients.microsoftTokenCache }) }) }
      : {}),
  };
}

/** The providers a running Hirebox uses: IMAP/SMTP, Gmail and Microsoft 365 / Outlook.com. */
export function createDefaultProviders(options: ProviderTuning & TlsPolicy & { oauthClients?: OAuthClients } = {}): ProviderFactory {
  const { trustedCertificates, oauthClients = {}, ...tuning } = options;
  const tlsPolicy: TlsPolicy = { trustedCertificates };
  const checkOptions = tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs };
  return {
    async testConnection(settings, credentials) {
      if (settings.provider === 'gmail') {
        const gmail = await checkGmail(settings, credentials, checkOptions);
        return { ok: gmail.ok, checks: [gmail] };
      }
      if (settings.provider === 'microsoft') {
        const microsoft = await checkMicrosoft(settings, credentials, checkOptions);
        return { ok: microsoft.ok, checks: [microsoft] };
      }
      const password = await passwordOf(credentials);
      const [imap, smtp] = await Promise.all([checkImap(imapSettings(settings, password, tlsPolicy), checkOptions), checkSmtp(smtpSettings(settings, password, tlsPolicy))]);
      return { ok: imap.ok && smtp.ok, checks: [imap, smtp] };
    },
    async open(settings, credentials) {
      if (settings.provider === 'gmail') return openGmailMailbox(settings, credentials, tuning);
      if (settings.provider === 'microsoft') return openMicrosoftMailbox(settings, credentials, tuning);
      return openImapMailbox(settings, await passwordOf(credentials), tlsPolicy, tuning);
    },
    sentCopy: (settings) => (settings.provider === 'imap' ? imapSentCopy(settings) : 'server'),
    async refreshCredential(settings, credential) {
      if (settings.provider === 'gmail') return refreshGmailCredential(gmailOAuthConfigOf(settings, oauthClients.google?.clientSecret), credential);
      if (settings.provider === 'microsoft') return refreshMicrosoftCredential(microsoftOAuthConfigOf(settings, oauthClients.microsoft, oauthClients.microsoftTokenCache), settings.address, credential);
      throw new AppError('auth-required', 'The mail server refused the password; enter the new one.');
    },
    async revokeCredential(settings, credential) {
      if (settings.provider === 'gmail') await revokeGmailCredential(gmailOAuthConfigOf(settings, oauthClients.google?.clientSecret), credential);
      // Public clients have no revocation endpoint: the account leaves MSAL's sealed cache.
      if (settings.provider === 'microsoft') await signOutMicrosoft(microsoftOAuthConfigOf(settings, oauthClients.microsoft, oauthClients.microsoftTokenCache), settings.address);
    },
  };
}
