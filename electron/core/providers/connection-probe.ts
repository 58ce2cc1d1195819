import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateException, ConnectionProblem, ConnectionSecurity, ConnectionStep, ConnectionStepName } from '../../../shared/model.js';
import { judgeCertificate, tlsInspectionOptions, type TlsPolicy } from './tls-policy.js';

/**
 * The first half of a connection test (R11): name lookup, TCP connect, TLS (direct or
 * STARTTLS, required when chosen) and the capabilities the login needs, spoken by hand
 * so that every step can be named and the certificate shown. Nothing secret is sent: the
 * login itself is left to the real client (imapflow, nodemailer) with the policy's options.
 */
export interface ProbeInput {
  protocol: 'imap' | 'smtp';
  host: string;
  port: number;
  security: ConnectionSecurity;
  exceptions?: readonly CertificateException[] | undefined;
  policy?: TlsPolicy | undefined;
  /** Per step; default 15 s. */
  timeoutMs?: number | undefined;
}

export interface ProbeResult {
  ok: boolean;
  steps: ConnectionStep[];
}

/** Thrown inside the probe: the step that failed and why. */
class StepFailure extends Error {
  constructor(
    readonly problem: ConnectionProblem,
  ) {
    super(problem.code);
  }
}

const defaultTimeoutMs = 15_000;

export async function probeConnection(input: ProbeInput): Promise<ProbeResult> {
  const order: ConnectionStepName[] = input.security === 'none' ? ['dns', 'tcp', 'capabilities'] : ['dns', 'tcp', 'tls', 'capabilities'];
  const steps: ConnectionStep[] = [];
  const timeoutMs = input.timeoutMs ?? defaultTimeoutMs;
  let current: ConnectionStepName = 'dns';
  let socket: net.Socket | undefined;
  const pass = (next: ConnectionStepName | null) => {
    steps.push({ step: current, status: 'ok' });
    if (next !== null) current = next;
  };
  try {
    const address = await lookUp(input.host);
    pass('tcp');
    socket = await connectTcp(address, input.port, timeoutMs);
    let lines: LineReader;
    if (input.security === 'tls') {
      pass('tls');
      const secure = await startTls(socket, input, timeoutMs);
      socket = secure;
      pass('capabilities');
      lines = new LineReader(secure, timeoutMs);
      await greeting(input.protocol, lines);
    } else {
      // The server's greeting is part of "it answers on this port".
      lines = new LineReader(socket, timeoutMs);
      await greeting(input.protocol, lines);
      if (input.security === 'starttls') {
        pass('tls');
        await askForStartTls(input.protocol, lines);
        lines.detach();
        const secure = await startTls(socket, input, timeoutMs);
        socket = secure;
        lines = new LineReader(secure, timeoutMs);
      }
      pass('capabilities');
    }
    await checkCapabilities(input.protocol, lines);
    pass(null);
    await lines.write(input.protocol === 'imap' ? 'Z LOGOUT' : 'QUIT').catch(() => undefined);
  } catch (error) {
    steps.push({ step: current, status: 'failed', problem: problemOf(error) });
  } finally {
    socket?.destroy();
  }
  for (const step of order) {
    if (!steps.some((done) => done.step === step)) steps.push({ step, status: 'skipped' });
  }
  return { ok: steps.every((step) => step.status === 'ok'), steps };
}

async function lookUp(host: string): Promise<string> {
  const bare = host.trim().replace(/^\[(.*)\]$/u, '$1');
  if (net.isIP(bare) !== 0) return bare;
  try {
    return (await dns.lookup(bare)).address;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'ENODATA') throw new StepFailure({ code: 'host-not-found' });
    throw new StepFailure({ code: 'lookup-failed', detail: code || String(error) });
  }
}

function connectTcp(address: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => reject(socketFailure(error)));
  });
}

function startTls(socket: net.Socket, input: ProbeInput, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...tlsInspectionOptions(input.host, input.policy), socket });
    secure.setTimeout(timeoutMs, () => secure.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    secure.once('secureConnect', () => {
      const verdict = judgeCertificate(secure, { host: input.host, port: input.port, exceptions: input.exceptions });
      if (verdict.ok) {
        secure.removeAllListeners('error');
        secure.on('error', () => {});
        resolve(secure);
        return;
      }
      secure.destroy();
      const { certificate } = verdict;
      switch (verdict.problem) {
        case 'expired':
          return reject(new StepFailure({ code: 'certificate-expired', certificate }));
        case 'not-yet-valid':
          return reject(new StepFailure({ code: 'certificate-not-yet-valid', certificate }));
        case 'wrong-name':
          return reject(new StepFailure({ code: 'certificate-wrong-name', certificate }));
        case 'untrusted':
          return reject(new StepFailure({ code: 'certificate-untrusted', certificate }));
        case 'changed':
          return reject(new StepFailure({ code: 'certificate-changed', certificate, pinnedFingerprint256: verdict.pinnedFingerprint256 ?? '' }));
        default:
          return reject(new StepFailure({ code: 'tls-failed', detail: verdict.detail }));
      }
    });
    secure.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long/iu.test(error.message)) {
        reject(new StepFailure({ code: 'not-tls' }));
      } else if (code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EPIPE') {
        reject(socketFailure(error));
      } else {
        reject(new StepFailure({ code: 'tls-failed', detail: code || error.message.slice(0, 200) }));
      }
    });
  });
}

/** Reads the server's greeting; a server that answers with something else is not this protocol. */
async function greeting(protocol: 'imap' | 'smtp', lines: LineReader): Promise<void> {
  if (protocol === 'imap') {
    const line = await lines.next();
    if (!/^\* (OK|PREAUTH)\b/iu.test(line)) throw new StepFailure({ code: 'server-error', detail: line.slice(0, 200) });
  } else {
    const reply = await smtpReply(lines);
    if (reply.code !== 220) throw new StepFailure({ code: 'server-error', detail: reply.text.slice(0, 200) });
  }
}

/** STARTTLS, required: a server (or someone in between) that does not offer it is refused. */
async function askForStartTls(protocol: 'imap' | 'smtp', lines: LineReader): Promise<void> {
  if (protocol === 'imap') {
    const capabilities = await imapCapabilities(lines);
    if (!capabilities.has('STARTTLS')) throw new StepFailure({ code: 'starttls-missing' });
    await lines.write('S STARTTLS');
    const answer = await imapTagged(lines, 'S');
    if (!/^S OK\b/iu.test(answer)) throw new StepFailure({ code: 'starttls-missing' });
  } else {
    const extensions = await smtpEhlo(lines);
    if (!extensions.has('STARTTLS')) throw new StepFailure({ code: 'starttls-missing' });
    await lines.write('STARTTLS');
    const reply = await smtpReply(lines);
    if (reply.code !== 220) throw new StepFailure({ code: 'starttls-missing' });
  }
}

async function checkCapabilities(protocol: 'imap' | 'smtp', lines: LineReader): Promise<void> {
  if (protocol === 'imap') {
    const capabilities = await imapCapabilities(lines);
    if (!capabilities.has('IMAP4REV1') && !capabilities.has('IMAP4REV2')) throw new StepFailure({ code: 'capability-missing', capability: 'IMAP4rev1' });
    if (capabilities.has('LOGINDISABLED') && !capabilities.has('AUTH=PLAIN')) throw new StepFailure({ code: 'capability-missing', capability: 'LOGIN' });
  } else {
    const extensions = await smtpEhlo(lines);
    const auth = [...extensions].find((extension) => extension.startsWith('AUTH ') || extension.startsWith('AUTH='));
    const mechanisms = new Set((auth ?? '').slice(5).split(/\s+/u));
    if (!mechanisms.has('PLAIN') && !mechanisms.has('LOGIN')) throw new StepFailure({ code: 'capability-missing', capability: 'AUTH PLAIN' });
  }
}

async function imapCapabilities(lines: LineReader): Promise<Set<string>> {
  await lines.write('C CAPABILITY');
  const found = new Set<string>();
  for (;;) {
    const line = await lines.next();
    const untagged = /^\* CAPABILITY (.*)$/iu.exec(line);
    if (untagged) for (const capability of untagged[1]!.split(/\s+/u)) found.add(capability.toUpperCase());
    if (/^C /u.test(line)) {
      if (!/^C OK\b/iu.test(line)) throw new StepFailure({ code: 'server-error', detail: line.slice(0, 200) });
      return found;
    }
  }
}

async function imapTagged(lines: LineReader, tag: string): Promise<string> {
  for (;;) {
    const line = await lines.next();
    if (line.startsWith(`${tag} `)) return line;
  }
}

async function smtpEhlo(lines: LineReader): Promise<Set<string>> {
  await lines.write('EHLO hirebox.localhost');
  const reply = await smtpReply(lines);
  if (reply.code !== 250) throw new StepFailure({ code: 'server-error', detail: reply.text.slice(0, 200) });
  return new Set(reply.lines.slice(1).map((line) => line.toUpperCase()));
}

async function smtpReply(lines: LineReader): Promise<{ code: number; lines: string[]; text: string }> {
  const collected: string[] = [];
  for (;;) {
    const line = await lines.next();
    const match = /^(\d{3})([ -])(.*)$/u.exec(line);
    if (match === null) throw new StepFailure({ code: 'server-error', detail: line.slice(0, 200) });
    collected.push(match[3]!.trim());
    if (match[2] === ' ') return { code: Number(match[1]), lines: collected, text: line };
  }
}

function socketFailure(error: NodeJS.ErrnoException): StepFailure {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new StepFailure({ code: 'connection-refused' });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new StepFailure({ code: 'unreachable' });
    case 'ETIMEDOUT':
      return new StepFailure({ code: 'timeout' });
    default:
      return new StepFailure({ code: 'connection-closed' });
  }
}

function problemOf(error: unknown): ConnectionProblem {
  if (error instanceof StepFailure) return error.problem;
  return { code: 'server-error', detail: String(error instanceof Error ? error.message : error).slice(0, 200) };
}

/** CRLF lines from a socket, one at a time, each within the timeout. */
class LineReader {
  readonly #socket: net.Socket;
  readonly #timeoutMs: number;
  #buffer = '';
  readonly #lines: string[] = [];
  #waiting: { resolve: (line: string) => void; reject: (error: unknown) => void } | undefined;
  #ended: StepFailure | undefined;
  readonly #onData = (chunk: Buffer) => {
    this.#buffer += chunk.toString('latin1');
    if (this.#buffer.length > 64 * 1024) this.#fail(new StepFailure({ code: 'server-error', detail: 'line too long' }));
    let end: number;
    while ((end = this.#buffer.indexOf('\n')) >= 0) {
      this.#lines.push(this.#buffer.slice(0, end).replace(/\r$/u, ''));
      this.#buffer = this.#buffer.slice(end + 1);
    }
    this.#deliver();
  };
  readonly #onEnd = () => this.#fail(new StepFailure({ code: 'connection-closed' }));
  readonly #onError = (error: NodeJS.ErrnoException) => this.#fail(socketFailure(error));

  constructor(socket: net.Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onEnd);
    socket.on('error', this.#onError);
  }

  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(new StepFailure({ code: 'timeout' })), this.#timeoutMs);
      this.#waiting = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#deliver();
    });
  }

  write(line: string): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.write(`${line}\r\n`, (error) => (error ? reject(socketFailure(error)) : resolve())));
  }

  /** Stops reading, before the socket is handed to TLS. */
  detach(): void {
    this.#socket.off('data', this.#onData);
    this.#socket.off('end', this.#onEnd);
    this.#socket.off('close', this.#onEnd);
    this.#socket.off('error', this.#onError);
    // Bytes that came before the TLS handshake are an injection (CVE-2021-33515 and kin).
    if (this.#buffer !== '' || this.#lines.length > 0) throw new StepFailure({ code: 'tls-failed', detail: 'data before the TLS handshake' });
  }

  #deliver(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    if (this.#lines.length > 0) {
      this.#waiting = undefined;
      waiting.resolve(this.#lines.shift()!);
    } else if (this.#ended !== undefined) {
      this.#waiting = undefined;
      waiting.reject(this.#ended);
    }
  }

  #fail(error: StepFailure): void {
    this.#ended ??= error;
    this.#deliver();
  }
}
