// The IMAP provider: the only folder that imports imapflow (STYLE.md habit 1).
export { createImapProvider, defaultImapLivenessTimeoutMs, defaultImapPageSize, defaultImapPollIntervalMs, type ImapProviderOptions, type ImapReader } from './imap-provider.js';
export { checkImapConnection, type ImapConnectionOptions } from './imap-connection.js';
export { defaultImapTimeoutMs, isLoopbackHost, validateImapSettings, type ImapSecurity, type ImapSettings } from './imap-settings.js';
export { checkImap } from './imap-check.js';
