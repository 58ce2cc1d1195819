import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMessage,
  connectImap,
  defaultMailboxes,
  deliverByLmtp,
  startDovecot,
  startSmtpServer,
  startTcpProxy,
  tryDeliverByLmtp,
  writeMaildirMessages,
  type Dovecot,
  type SmtpServer,
} from '../support/mail-servers/index.js';

// The harness itself, against the real servers: what later suites rely on must hold here.

const alice = 'alice@hirebox.test';
const bob = 'bob@hirebox.test';
let dovecot: Dovecot;
let withoutSpecialUse: Dovecot;
let smtp: SmtpServer;

beforeAll(async () => {
  [dovecot, withoutSpecialUse] = await Promise.all([
    startDovecot(),
    startDovecot({
      specialUse: false,
      // The standard names keep their `special_use` in the list on purpose: the variant must drop it.
      mailboxes: [...defaultMailboxes, { name: 'Gesendete Objekte' }, { name: 'INBOX.Sent Items' }],
    }),
  ]);
  smtp = await startSmtpServer(dovecot);
});

afterAll(async () => {
  await smtp?.close();
  await Promise.all([dovecot?.stop(), withoutSpecialUse?.stop()]);
});

/** Every message of a folder, oldest UID first. */
async function readFolder(server: Dovecot, user: string, folder: string) {
  const client = await connectImap(server, user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const messages = await client.fetchAll('1:*', { uid: true, internalDate: true, envelope: true, flags: true, headers: ['delivered-to', 'received'] });
      return messages.map((message) => ({
        uid: message.uid,
        internalDate: message.internalDate,
        subject: message.envelope?.subject,
        messageId: message.envelope?.messageId,
        // \Recent depends on which session saw the message first (RFC 3501 §2.3.2): left out.
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
        headers: message.headers?.toString() ?? '',
      }));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function listMailboxes(server: Dovecot) {
  const client = await connectImap(server, alice);
  try {
    return { capabilities: [...client.capabilities.keys()], mailboxes: await client.list() };
  } finally {
    await client.logout();
  }
}

describe('Dovecot', () => {
  it('flags the Sent mailbox \\Sent and announces SPECIAL-USE (RFC 6154)', async () => {
    const { capabilities, mailboxes } = await listMailboxes(dovecot);
    expect(capabilities).toContain('SPECIAL-USE');
    // imapflow guesses `specialUse` from names too; `flags` is what the server said.
    const byName = new Map(mailboxes.map((mailbox) => [mailbox.path, [...mailbox.flags]]));
    expect(byName.get('Sent')).toContain('\\Sent');
    expect(byName.get('Drafts')).toContain('\\Drafts');
    expect(byName.get('Trash')).toContain('\\Trash');
    expect(byName.get('Archive')).toContain('\\Archive');
    expect(byName.get('Junk')).toContain('\\Junk');
  });

  it('shows Maildir-written messages with their INTERNALDATE and flags, UIDs in the order written', async () => {
    const dates = [new Date('2025-03-01T09:30:00Z'), new Date('2024-12-24T18:00:00Z'), new Date('2025-06-15T07:05:09Z')];
    const messages = dates.map((date, index) => ({
      raw: buildMessage({ from: 'Carla Candidate <carla@example.test>', to: alice, subject: `Bewerbung ${index}`, date, messageId: `maildir-${index}@example.test`, body: 'Guten Tag' }),
      internalDate: date,
      flags: index === 1 ? 'RS' : '',
    }));
    expect(writeMaildirMessages(dovecot, alice, 'INBOX', messages)).toBe(3);
    writeMaildirMessages(dovecot, alice, 'Archive', [{ raw: buildMessage({ from: alice, to: 'carla@example.test', subject: 'Archived', date: dates[0]!, body: 'x' }), internalDate: dates[0]! }]);

    const inbox = await readFolder(dovecot, alice, 'INBOX');
    expect(inbox.map((message) => message.subject)).toEqual(['Bewerbung 0', 'Bewerbung 1', 'Bewerbung 2']);
    expect(inbox.map((message) => message.internalDate)).toEqual(dates);
    expect(inbox.map((message) => message.messageId)).toEqual(['<maildir-0@example.test>', '<maildir-1@example.test>', '<maildir-2@example.test>']);
    expect(inbox[1]!.flags).toEqual(['\\Answered', '\\Seen']);
    expect(inbox[0]!.flags).toEqual([]);
    expect((await readFolder(dovecot, alice, 'Archive')).map((message) => message.subject)).toEqual(['Archived']);
  });

  it('delivers by LMTP into the INBOX now, and refuses an unknown recipient', async () => {
    const raw = buildMessage({ from: 'carla@example.test', to: bob, subject: 'Arrives now', date: new Date(), messageId: 'lmtp-1@example.test', body: 'Hallo Bob' });
    await deliverByLmtp(dovecot, { from: 'carla@example.test', to: [bob], raw });

    const inbox = await readFolder(dovecot, bob, 'INBOX');
    const delivered = inbox.find((message) => message.messageId === '<lmtp-1@example.test>');
    expect(delivered?.subject).toBe('Arrives now');
    expect(delivered?.headers).toMatch(/^Delivered-To: bob@hirebox\.test/im);

    const outcome = await tryDeliverByLmtp(dovecot, { from: 'carla@example.test', to: ['nobody@hirebox.test'], raw });
    expect(outcome.accepted).toEqual([]);
    expect(outcome.refused).toEqual([{ recipient: 'nobody@hirebox.test', response: expect.stringMatching(/^550 /) }]);
    await expect(deliverByLmtp(dovecot, { from: 'carla@example.test', to: ['nobody@hirebox.test'], raw })).rejects.toThrow(/nobody@hirebox\.test/);
  });

  it('takes authenticated SMTP and hands the mail to the recipient INBOX, recording outside recipients as relayed', async () => {
    const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, auth: { user: alice, pass: 'alice-password' } });
    const raw = buildMessage({ from: alice, to: [bob, 'carla@example.test'], subject: 'Interview Dienstag', date: new Date(), messageId: 'smtp-1@hirebox.test', body: 'Passt 10 Uhr?' });
    const info = await transport.sendMail({ envelope: { from: alice, to: [bob, 'carla@example.test'] }, raw });
    transport.close();

    expect(info.accepted).toEqual([bob, 'carla@example.test']);
    expect(smtp.received.at(-1)).toMatchObject({
      user: alice,
      from: alice,
      to: [bob, 'carla@example.test'],
      recipients: [{ address: bob, outcome: 'delivered' }, { address: 'carla@example.test', outcome: 'relayed' }],
    });
    const inbox = await readFolder(dovecot, bob, 'INBOX');
    expect(inbox.find((message) => message.messageId === '<smtp-1@hirebox.test>')?.subject).toBe('Interview Dienstag');
  });

  it('refuses a wrong password over IMAP and SMTP, and SMTP without AUTH', async () => {
    await expect(connectImap(dovecot, alice, 'wrong-password')).rejects.toMatchObject({ authenticationFailed: true });

    const wrongPassword = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, auth: { user: alice, pass: 'wrong-password' } });
    await expect(wrongPassword.sendMail({ from: alice, to: bob, text: 'x' })).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    wrongPassword.close();

    const anonymous = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
    await expect(anonymous.sendMail({ from: alice, to: bob, text: 'x' })).rejects.toMatchObject({ responseCode: 530 });
    anonymous.close();
  });
});

describe('Dovecot without SPECIAL-USE', () => {
  it('announces no SPECIAL-USE and flags no mailbox, even those configured with one', async () => {
    const { capabilities, mailboxes } = await listMailboxes(withoutSpecialUse);
    expect(capabilities).not.toContain('SPECIAL-USE');
    expect(capabilities).toEqual(expect.arrayContaining(['IDLE', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS']));
    const specialUseFlags = ['\\Sent', '\\Drafts', '\\Trash', '\\Archive', '\\Junk', '\\All', '\\Flagged'];
    expect(mailboxes.flatMap((mailbox) => [...mailbox.flags]).filter((flag) => specialUseFlags.includes(flag))).toEqual([]);
    expect(mailboxes.map((mailbox) => mailbox.path)).toEqual(expect.arrayContaining(['INBOX', 'Sent', 'Gesendete Objekte', 'INBOX.Sent Items']));
  });

  it('fills a folder with a localised name from Maildir files', async () => {
    const date = new Date('2025-05-05T12:00:00Z');
    writeMaildirMessages(withoutSpecialUse, alice, 'Gesendete Objekte', [{ raw: buildMessage({ from: alice, to: 'carla@example.test', subject: 'Ihre Bewerbung', date, body: 'Danke' }), internalDate: date, flags: 'S' }]);
    writeMaildirMessages(withoutSpecialUse, alice, 'INBOX.Sent Items', [{ raw: buildMessage({ from: alice, to: 'dora@example.test', subject: 'Courier style', date, body: 'x' }), internalDate: date }]);

    expect(await readFolder(withoutSpecialUse, alice, 'Gesendete Objekte')).toMatchObject([{ subject: 'Ihre Bewerbung', internalDate: date, flags: ['\\Seen'] }]);
    expect(await readFolder(withoutSpecialUse, alice, 'INBOX.Sent Items')).toMatchObject([{ subject: 'Courier style' }]);
  });
});

/** A raw client: what came back, and whether the server side closed. */
function rawSession(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  const session = { received: '', closed: false, socket };
  socket.on('data', (chunk: Buffer) => (session.received += chunk.toString('latin1')));
  socket.on('close', () => (session.closed = true));
  socket.on('error', () => {});
  return session;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Fault proxy (issue 9): the fault matrix breaks links with these modes.
describe('the TCP proxy’s faults', () => {
  it('cuts the stream after N bytes from the server, once, and lets the next connection through', async () => {
    const proxy = await startTcpProxy(dovecot.imapPort);
    try {
      proxy.setFault({ kind: 'cut-after', bytes: 10 });
      const cut = rawSession(proxy.port);
      await until(() => cut.closed, 'the cut');
      expect(cut.received).toHaveLength(10);
      expect(cut.received).toBe('* OK [CAPA');
      expect(proxy.cuts).toBe(1);
      expect(proxy.fault).toEqual({ kind: 'pass' });

      const next = rawSession(proxy.port);
      await until(() => next.received.includes('\r\n'), 'a greeting');
      expect(next.received).toMatch(/^\* OK /u);
      next.socket.destroy();
    } finally {
      await proxy.close();
    }
  });

  it('cuts the stream from the client after N bytes (mid-upload, as during SMTP DATA)', async () => {
    const proxy = await startTcpProxy(dovecot.imapPort);
    try {
      proxy.setFault({ kind: 'cut-after', bytes: 12, direction: 'to-server' });
      const session = rawSession(proxy.port);
      await until(() => session.received.includes('\r\n'), 'the greeting');
      session.socket.write('a1 CAPABILITY\r\n');
      await until(() => session.closed, 'the cut');
      expect(proxy.forwarded.toServer).toBe(12);
      // The server saw half a command and never answered it.
      expect(session.received).not.toContain('a1 OK');
    } finally {
      await proxy.close();
    }
  });

  it('stalls: forwards nothing more either way and never closes, until the connections are dropped', async () => {
    const proxy = await startTcpProxy(dovecot.imapPort);
    try {
      proxy.setFault({ kind: 'stall', bytes: 0 });
      const frozen = rawSession(proxy.port);
      frozen.socket.write('a1 CAPABILITY\r\n');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(frozen.received).toBe('');
      expect(frozen.closed).toBe(false);
      // Lifted: new connections pass, the frozen one stays frozen.
      proxy.setFault({ kind: 'pass' });
      const fresh = rawSession(proxy.port);
      await until(() => fresh.received.includes('\r\n'), 'a greeting');
      expect(frozen.received).toBe('');
      proxy.dropAll();
      await until(() => frozen.closed && fresh.closed, 'the drop');
    } finally {
      await proxy.close();
    }
  });

  it('holds everything back and delivers it in order once released (a slow link, not a broken one)', async () => {
    const proxy = await startTcpProxy(dovecot.imapPort, { kind: 'hold' });
    try {
      const session = rawSession(proxy.port);
      session.socket.write('a1 CAPABILITY\r\na2 NOOP\r\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(session.received).toBe('');
      proxy.setFault({ kind: 'pass' });
      await until(() => session.received.includes('a2 OK'), 'the answers');
      expect(session.received).toMatch(/^\* OK [\s\S]*a1 OK[\s\S]*a2 OK/u);
      session.socket.destroy();
    } finally {
      await proxy.close();
    }
  });

  it('answers NO [UNAVAILABLE] to every command, or refuses the connection', async () => {
    const proxy = await startTcpProxy(dovecot.imapPort, { kind: 'imap-unavailable' });
    try {
      const session = rawSession(proxy.port);
      await until(() => session.received.includes('\r\n'), 'the greeting');
      session.socket.write('a1 LOGIN alice@hirebox.test alice-password\r\n');
      await until(() => session.received.includes('a1 '), 'the answer');
      expect(session.received).toContain('a1 NO [UNAVAILABLE]');
      session.socket.destroy();

      proxy.setFault({ kind: 'refuse' });
      const refused = rawSession(proxy.port);
      await until(() => refused.closed, 'the refusal');
      expect(refused.received).toBe('');
    } finally {
      await proxy.close();
    }
  });
});
