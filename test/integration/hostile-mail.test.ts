import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, SyncRunSummary, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Mail built to hurt a parser, each sent by a candidate and surrounded by ordinary mail of
// other candidates, synced in one batch through the contract: the sync must finish, keep
// the engine's memory bounded, store the hostile mail as well as it can be read, and lose
// none of the ordinary mail around it (issue "IMAP under faults and at scale", bad input).

const owner = 'alice@hirebox.test';
const hostileSender = 'mallory@kandidat.example';
const memoryLimitBytes = 512 * 1024 * 1024;
const megabyte = 1024 * 1024;

interface HostileMail {
  name: string;
  raw: Buffer;
}

function head(subject: string, extra: string[] = []): string {
  return [`From: Mallory <${hostileSender}>`, `To: ${owner}`, `Subject: ${subject}`, 'Date: Thu, 26 Nov 2026 10:00:00 +0000', `Message-ID: <${subject.replace(/\W+/g, '-')}@kandidat.example>`, 'MIME-Version: 1.0', ...extra].join('\r\n');
}

function nestedMultipart(depth: number): Buffer {
  let body = 'Content-Type: text/plain; charset=utf-8\r\n\r\nThe innermost part.\r\n';
  for (let level = depth; level > 0; level--) {
    const boundary = `level-${level}`;
    body = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}\r\n--${boundary}--\r\n`;
  }
  return Buffer.from(`${head('Nested 200 deep')}\r\n${body}`);
}

function bigAttachment(bytes: number): Buffer {
  const content = Buffer.alloc(bytes, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `${head('Portfolio, 20 MB', ['Content-Type: multipart/mixed; boundary="b"'])}\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nMy portfolio is attached.\r\n--b\r\nContent-Type: application/pdf; name="portfolio.pdf"\r\nContent-Disposition: attachment; filename="portfolio.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${content}\r\n--b--\r\n`,
  );
}

function manyRecipients(count: number): Buffer {
  const recipients = Array.from({ length: count }, (_, index) => `person${index}@crowd.example`).join(',\r\n ');
  return Buffer.from(`${head('5,000 recipients', ['Content-Type: text/plain', `Cc: ${recipients}`])}\r\n\r\nHello everyone.\r\n`);
}

function hugeHeader(bytes: number): Buffer {
  const folded = 'x'.repeat(bytes).replace(/.{900}/g, '$&\r\n ');
  return Buffer.from(`${head('One megabyte of header', ['Content-Type: text/plain', `X-Padding: ${folded}`])}\r\n\r\nThe body after a huge header.\r\n`);
}

function invalidUtf8(): Buffer {
  // Stray continuation bytes, a lone lead byte, truncated sequences, an overlong form — and
  // no ASCII among them, so no byte can pass for a comment or quote in an address.
  const broken = Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0xc3, 0xe2, 0x82, 0xf0, 0x9f, 0x8c, 0xc0, 0xaf]);
  return Buffer.concat([
    Buffer.from(`From: `),
    broken,
    Buffer.from(` <${hostileSender}>\r\nTo: ${owner}\r\nSubject: Invalid `),
    broken,
    Buffer.from(`\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <invalid-utf8@kandidat.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nBody `),
    broken,
    Buffer.from(`\r\n--b\r\nContent-Type: application/octet-stream; name="`),
    broken,
    Buffer.from(`.bin"\r\nContent-Disposition: attachment; filename*=utf-8''%FF%FE.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n/////w==\r\n--b--\r\n`),
  ]);
}

/** An HTML mail with every way to run or load something (test/e2e/inbox.spec.ts's probe vectors and the CSS tricks of issue 23). */
function hostileHtml(): Buffer {
  const at = (name: string) => `http://t.tracker.test/${name}`;
  const html = [
    '<p>Dear Alice, here is <b>my portfolio</b>.</p>',
    `<script>new Image().src='${at('script')}'</script>`,
    `<img src="data:image/png;base64,AAAA" onerror="new Image().src='${at('onerror')}'">`,
    `<a href="javascript:alert(1)">Open the portfolio</a>`,
    `<img src="${at('img')}" alt="logo"><img src="https://images.example/photo.png" alt="photo">`,
    `<img srcset="${at('srcset')} 1x" alt="">`,
    `<div style="background:u\\72l(${at('esc')})">a</div><div style="background:\\75rl(${at('esc2')})">b</div>`,
    `<div style="background-image:image-set('${at('set')}' 1x)">c</div>`,
    `<style>@import url('${at('import.css')}'); p{background:url(${at('style-url')})} q{width:expression(alert(1))}</style>`,
    `<link rel="stylesheet" href="${at('link.css')}"><meta http-equiv="refresh" content="0;url=${at('refresh')}"><base href="${at('base/')}">`,
    `<svg><image href="${at('svg-image')}"/></svg><iframe src="${at('iframe')}"></iframe><video poster="${at('poster')}"></video>`,
    `<form action="${at('form')}"><input name="q"><button>Send</button></form>`,
  ].join('\n');
  const body = Buffer.from(html, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(`${head('Portfolio (HTML)', ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'])}\r\n\r\n${body}\r\n`);
}

const hostile: HostileMail[] = [
  { name: 'multipart nesting 200 deep', raw: nestedMultipart(200) },
  { name: 'a 20 MB attachment', raw: bigAttachment(20 * megabyte) },
  { name: '5,000 recipients', raw: manyRecipients(5_000) },
  { name: 'a 1 MB header', raw: hugeHeader(megabyte) },
  { name: 'invalid UTF-8 in headers, body and file name', raw: invalidUtf8() },
  { name: 'HTML that runs and loads', raw: hostileHtml() },
];

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let run: SyncRunSummary;
let peakRss = 0;
const ordinary: { address: string; candidateId: string }[] = [];
let mallory: CandidateProfile;

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } });
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  mallory = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Mallory', addresses: [hostileSender], applications: [{ jobId: job.id }] }));
  for (let index = 0; index <= hostile.length; index++) {
    const address = `ordinary${index}@kandidat.example`;
    const candidate = value(await subject.engine.call(installationOwner, 'candidates:create', { name: `Ordinary ${index}`, addresses: [address], applications: [{ jobId: job.id }] }));
    ordinary.push({ address, candidateId: candidate.id });
  }
  // ordinary, hostile, ordinary, hostile, …, ordinary — all in the initial window.
  const internalDate = new Date(Date.now() - 3600_000);
  const letter = (index: number) =>
    buildMessage({ from: ordinary[index]!.address, to: owner, subject: `Application ${index}`, date: internalDate, body: `Ordinary mail number ${index}.` });
  const batch = hostile.flatMap((mail, index) => [letter(index), mail.raw]).concat(letter(hostile.length));
  writeMaildirMessages(dovecot, owner, 'INBOX', batch.map((raw) => ({ raw, internalDate })));

  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  try {
    mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
    run = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
  } finally {
    clearInterval(sampler);
  }
}, 120_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function threadsOf(candidateId: string): Promise<ThreadSummary[]> {
  const all = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100 })).items;
  return all.filter((thread) => thread.candidates.some((candidate) => candidate.id === candidateId));
}

describe('hostile mail in one sync batch', () => {
  it('finishes up to date with every message scanned, and memory stays under 512 MB', async () => {
    expect(run.headersScanned).toBe(hostile.length * 2 + 1);
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'up-to-date' });
    expect(peakRss).toBeLessThan(memoryLimitBytes);
  });

  it('loses none of the ordinary mail around the hostile mail', async () => {
    const missing: string[] = [];
    for (const [index, { candidateId }] of ordinary.entries()) {
      const threads = await threadsOf(candidateId);
      if (!threads.some((thread) => thread.subject === `Application ${index}`)) missing.push(`Application ${index}`);
    }
    expect(missing).toEqual([]);
  });

  it("stores each hostile mail on the sender's profile, as well as it can be read", async () => {
    const threads = await threadsOf(mallory.id);
    const subjects = threads.map((thread) => thread.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Nested 200 deep', 'Portfolio, 20 MB', '5,000 recipients', 'One megabyte of header', 'Portfolio (HTML)']));
    // The broken subject is read with replacement characters, not dropped.
    expect(subjects.some((text) => text.startsWith('Invalid'))).toBe(true);
    expect(threads).toHaveLength(hostile.length);
    expect(threads.find((thread) => thread.subject === 'Portfolio, 20 MB')?.hasAttachments).toBe(true);
  });

  it('hands out hostile HTML cleaned by the engine: nothing that runs or loads but the https image (issue 23)', async () => {
    const thread = (await threadsOf(mallory.id)).find((candidate) => candidate.subject === 'Portfolio (HTML)')!;
    const detail = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id }));
    const html = detail.messages[0]!.html!;
    expect(html).toContain('my portfolio');
    expect(html).toContain('<img src="https://images.example/photo.png" alt="photo" />');
    expect(html).not.toMatch(/<(script|iframe|svg|image|video|form|input|button|link|meta|base)\b/i);
    expect(html).not.toMatch(/\son\w+=|javascript:|srcset|poster|@import|url\s*\(|image-set|expression\s*\(|\\/i);
    expect(html).not.toContain('tracker.test');
  });
});
