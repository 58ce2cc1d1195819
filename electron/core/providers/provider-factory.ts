import type { CertificateException, ConnectionTestReport, ServerSettings } from '../../../shared/model.js';
import type { MailProvider } from './mail-provider.js';

/** What is stored about a connection, secrets apart (the password is sealed separately). */
export interface MailboxConnectionSettings {
  provider: 'imap';
  userName: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  /**
   * Certificates the user trusted by hand (DESIGN.md "TLS"); kept in their own table
   * (`certificate_exceptions`), not in the stored settings, and added when a provider opens.
   */
  certificateExceptions?: readonly CertificateException[] | undefined;
}

/**
 * Opens providers for connected mailboxes. The engine gets the real one; the tests pass
 * the same, pointed at Dovecot — this seam exists for the Gmail and Graph providers.
 */
export interface ProviderFactory {
  /**
   * The connection test (R11): IMAP and SMTP, step by step (name lookup, TCP, TLS,
   * capabilities, login). Answers for the server's failures; throws only for bad settings.
   */
  testConnection(settings: MailboxConnectionSettings, password: string): Promise<ConnectionTestReport>;
  open(settings: MailboxConnectionSettings, password: string): MailProvider;
}
