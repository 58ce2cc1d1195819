import { z } from 'zod';
import type { CertificateException } from '../../../shared/model.js';
import { AppError } from '../errors.js';

const serverSettings = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  security: z.enum(['tls', 'starttls', 'none']),
});

const httpUrl = z.url({ protocol: /^https?$/u }).max(2_000);

/**
 * What is stored about a mailbox's connection, by provider kind, secrets apart (the
 * credential is sealed on its own).
 * - `imap`: the sign-in name and both servers.
 * - `gmail`: the Google account's address and the OAuth client id the grant was made with
 *   (a refresh token works only with the client that got it, so a company that changes its
 *   client id signs its mailboxes in again). `rootUrl` and `oauthEndpoints` are absent in
 *   real use (Google's own); tests point them at the local stand-in.
 * - `microsoft`: the Microsoft account's address (what Entra signed in, the key of MSAL's
 *   cached account), the Entra app's client id and the tenant it signed in through
 *   (`organizations`, `consumers`, `common` or a tenant id). `graphUrl` and `authorityHost`
 *   are absent in real use (Graph v1.0, login.microsoftonline.com); tests move them.
 */
export const storedSettingsSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('imap'), userName: z.string().min(1).max(320), imap: serverSettings, smtp: serverSettings }),
  z.object({
    provider: z.literal('gmail'),
    address: z.string().min(3).max(320).regex(/^[^@\s]+@[^@\s]+$/u),
    clientId: z.string().min(1).max(300),
    rootUrl: httpUrl.optional(),
    oauthEndpoints: z.object({ authorizeUrl: httpUrl, tokenUrl: httpUrl, revokeUrl: httpUrl }).optional(),
  }),
  z.object({
    provider: z.literal('microsoft'),
    address: z.string().min(3).max(320).regex(/^[^@\s]+@[^@\s]+$/u),
    clientId: z.string().min(1).max(300),
    tenant: z.string().min(1).max(253),
    graphUrl: httpUrl.optional(),
    authorityHost: z.string().min(1).max(253).optional(),
  }),
]);

export type StoredMailboxSettings = z.infer<typeof storedSettingsSchema>;
export type ImapMailboxSettings = Extract<StoredMailboxSettings, { provider: 'imap' }>;
export type GmailMailboxSettings = Extract<StoredMailboxSettings, { provider: 'gmail' }>;
export type MicrosoftMailboxSettings = Extract<StoredMailboxSettings, { provider: 'microsoft' }>;

/**
 * A mailbox's settings as a provider opens with them: the stored ones, plus what lives in
 * tables of its own — the certificates the user trusted by hand (DESIGN.md "TLS") and, for
 * IMAP, who files the Sent copy when the user chose (R1).
 */
export type MailboxSettings = StoredMailboxSettings & {
  certificateExceptions?: readonly CertificateException[] | undefined;
  /** The user's choice of who files the Sent copy; absent: what is known of the server. */
  sentCopy?: 'append' | 'server' | null | undefined;
};

/**
 * Stored connection JSON, parsed — never cast: a row written by another version or damaged
 * on disk is refused with a clear error instead of failing somewhere in a provider.
 * @throws AppError `internal` naming the mailbox's settings as unreadable.
 */
export function parseStoredSettings(stored: unknown): StoredMailboxSettings {
  const parsed = storedSettingsSchema.safeParse(stored);
  if (!parsed.success) {
    throw new AppError('internal', 'The stored settings of this mailbox cannot be read; connect the mailbox again or enter its settings anew.', { field: 'connection' });
  }
  return parsed.data;
}
