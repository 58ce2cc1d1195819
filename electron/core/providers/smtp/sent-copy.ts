import type { SentCopySetting } from '../../../../shared/model.js';

/**
 * Who files the copy of a sent mail in the Sent folder (R1). Most IMAP/SMTP servers leave
 * it to the client: Hirebox appends it (with Bcc, which only that copy keeps). Some file
 * it themselves — Gmail's SMTP puts every mail it sends under the SENT label, Microsoft 365
 * files it in Sent Items — and a second copy appended by Hirebox would show twice.
 */
export type SentCopyPolicy = Exclude<SentCopySetting, 'auto'>;

/** SMTP hosts known to file the Sent copy themselves (lower case). */
const serverFilingHosts = new Set(['smtp.gmail.com', 'smtp.googlemail.com', 'smtp.office365.com', 'smtp-mail.outlook.com']);

/** The policy a mailbox sends with: its own setting when the user chose one, else what is known of its SMTP host. */
export function sentCopyPolicy(stored: SentCopyPolicy | null, smtpHost: string): SentCopyPolicy {
  if (stored !== null) return stored;
  return serverFilingHosts.has(smtpHost.trim().toLowerCase().replace(/\.$/u, '')) ? 'server' : 'append';
}
