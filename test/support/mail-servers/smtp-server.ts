import net from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Dovecot } from './dovecot.js';
import { connectImap } from './imap-client.js';
import { tryDeliverByLmtp } from './lmtp.js';

/** One message the SMTP server accepted, and what became of it per recipient. */
export interface ReceivedMail {
  /** The user who authenticated the SMTP session. */
  user: string;
  /** Envelope sender (MAIL FROM); empty for the null sender `<>`. */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  raw: Buffer;
  /**
   * `delivered`: in the Dovecot user's INBOX now; `refused`: Dovecot's LMTP said no (with
   * its response); `relayed`: not a Dovecot user — a real MTA would send it on, here it
   * is only recorded.
   */
  recipients: { address: string; outcome: 'delivered' | 'refused' | 'relayed'; response?: string }[];
}

export interface SmtpServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Accepted messages in arrival order. */
  readonly received: ReceivedMail[];
  /**
   * Every DATA transaction the server saw the content of, accepted or not, in arrival
   * order: what "sent once" is counted by, at the server.
   */
  readonly dataTransactions: { from: string; to: string[]; raw: Buffer; reply: number }[];
  /** Logins tried (AUTH), accepted or refused, in arrival order: what "no retry storm" is counted by. */
  readonly logins: { user: string; accepted: boolean }[];
  /**
   * From now on refuse every login with `535 Authentication credentials invalid`, as a
   * provider does after the password was changed elsewhere (or accept them again with false).
   */
  refuseLogins(refuse: boolean): void;
  close(): Promise<void>;
}

/** Behaviours of the SMTP server a test can ask for (all off by default). */
export interface SmtpServerOptions {
  /**
   * File a copy of each accepted message in the authenticated user's Sent folder after
   * `delayMs`, as Gmail's and Microsoft 365's SMTP do (by IMAP APPEND as that user).
   */
  fileSentCopy?: { delayMs: number; folder?: string };
  /** Refuse RCPT TO for these addresses (lower case) with `550 5.1.1 <address>: Recipient address rejected: User unknown`. */
  refuseRecipients?: readonly string[];
  /** Reply codes for the next DATA transactions, before accepting again: e.g. `[421]` refuses the first with `421 4.3.2 Service not available`. */
  dataReplies?: number[];
  /**
   * Called right after the server sent its 250 for a message (the client may not have
   * read it yet): the crash test kills the client here.
   */
  afterAccept?: (mail: ReceivedMail) => void;
  /** Listen on this port (to come back on the same port after `close`). */
  port?: number;
  /**
   * TLS variant (a certificate from `createTestCa`): `tls` speaks TLS from the first byte
   * (port 465 style), `starttls` offers STARTTLS and AUTH only after it (port 587 style).
   * Absent: plain text, AUTH allowed without TLS (loopback tests).
   */
  tls?: { mode: 'tls' | 'starttls'; cert: string; key: string };
}

/**
 * An SMTP submission server in front of Dovecot, as a mail provider runs one: AUTH PLAIN or
 * LOGIN with a Dovecot user's name and password is required (plain text, loopback only),
 * and every accepted message goes on to Dovecot's LMTP for the recipients that are Dovecot
 * users. Like most IMAP/SMTP providers it files no Sent copy: that is the client's job.
 */
export async function startSmtpServer(dovecot: Dovecot, options: SmtpServerOptions = {}): Promise<SmtpServer> {
  const tls = options.tls;
  const received: ReceivedMail[] = [];
  const dataTransactions: SmtpServer['dataTransactions'] = [];
  const dataReplies = [...(options.dataReplies ?? [])];
  const refused = new Set((options.refuseRecipients ?? []).map((address) => address.toLowerCase()));
  const filings = new Set<Promise<void>>();
  const logins: SmtpServer['logins'] = [];
  let refuseAllLogins = false;
  const isLocal = (address: string) => dovecot.users.some((user) => user.name.toLowerCase() === address.toLowerCase());
  const server = new SMTPServer({
    name: 'smtp.hirebox.test',
    logger: false,
    authOptional: false,
    // Without TLS: AUTH over plain text, which smtp-server allows only when told.
    ...(tls === undefined
      ? { allowInsecureAuth: true, disabledCommands: ['STARTTLS'] }
      : { allowInsecureAuth: false, secure: tls.mode === 'tls', key: tls.key, cert: tls.cert }),
    authMethods: ['PLAIN', 'LOGIN'],
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      const user = refuseAllLogins ? undefined : dovecot.users.find((known) => known.name === auth.username && known.password === auth.password);
      logins.push({ user: String(auth.username), accepted: user !== undefined });
      if (user) callback(null, { user: user.name });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          const scripted = dataReplies.shift();
          dataTransactions.push({ from, to, raw, reply: scripted ?? 250 });
          if (scripted !== undefined) {
            callback(Object.assign(new Error(scripted === 421 ? '4.3.2 Service not available, closing transmission channel' : `Refused by the test (${scripted})`), { responseCode: scripted }));
            return;
          }
          const local = to.filter(isLocal);
          const outcome = local.length > 0 ? await tryDeliverByLmtp(dovecot, { from, to: local, raw }) : { accepted: [], refused: [] };
          const recipients = to.map((address): ReceivedMail['recipients'][number] => {
            const refusal = outcome.refused.find((refused) => refused.recipient.toLowerCase() === address.toLowerCase());
            if (refusal) return { address, outcome: 'refused', response: refusal.response };
            return { address, outcome: isLocal(address) ? 'delivered' : 'relayed' };
          });
          const mail: ReceivedMail = { user: String(session.user), from, to, raw, recipients };
          received.push(mail);
          if (recipients.every((recipient) => recipient.outcome === 'refused')) {
            dataTransactions[dataTransactions.length - 1]!.reply = 550;
            callback(Object.assign(new Error(`Delivery refused: ${outcome.refused.map((refused) => refused.response).join('; ')}`), { responseCode: 550 }));
          } else {
            callback(null, 'Message accepted');
            options.afterAccept?.(mail);
            if (options.fileSentCopy) {
              const { delayMs, folder = 'Sent' } = options.fileSentCopy;
              const filing = fileCopyLater(dovecot, mail.user, folder, raw, delayMs).finally(() => filings.delete(filing));
              filings.add(filing);
            }
          }
        })
        // LMTP unreachable or the stream broke: a transient failure the client may retry.
        .catch((error: unknown) => callback(Object.assign(new Error(`Delivery failed: ${String(error)}`), { responseCode: 451 })));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, dovecot.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that vanishes mid-session must not crash the test process.
  server.on('error', () => {});
  return {
    host: dovecot.host,
    port: (server.server.address() as net.AddressInfo).port,
    received,
    dataTransactions,
    logins,
    refuseLogins: (refuse) => {
      refuseAllLogins = refuse;
    },
    close: async () => {
      await Promise.allSettled([...filings]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Files `raw` in `user`'s `folder` after `delayMs`, as the server-side Sent copy of a provider that makes one. */
async function fileCopyLater(dovecot: Dovecot, user: string, folder: string, raw: Buffer, delayMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const client = await connectImap(dovecot, user);
  try {
    await client.append(folder, raw, ['\\Seen']);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
