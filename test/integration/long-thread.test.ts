import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, ThreadDetail, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Issue 23, one thread of 10^5 messages: `threads:get` answers a page (the newest, with how
// many are older and a cursor to them), never the whole thread. A reply chain of 23 mails
// on a real Dovecot stands in for the 10^5 of the fault kind (faults/long-thread.ts).

const owner = 'alice@hirebox.test';
const total = 23;
const start = Date.now() - (total + 1) * 60 * 1000;

/** Mail `index` of the chain: the candidate and Alice take turns, each answering the one before. */
function chainMail(index: number): { internalDate: Date; raw: string } {
  const date = new Date(start + index * 60 * 1000);
  const fromCandidate = index % 2 === 0;
  const references = Array.from({ length: Math.min(index, 10) }, (_, back) => `<chain-${index - Math.min(index, 10) + back}@test>`);
  return {
    internalDate: date,
    raw: [
      fromCandidate ? 'From: Anna Apfel <anna@example.org>' : `From: Alice Owner <${owner}>`,
      fromCandidate ? `To: Alice Owner <${owner}>` : 'To: Anna Apfel <anna@example.org>',
      `Subject: ${index === 0 ? '' : 'Re: '}Application Backend`,
      `Date: ${date.toUTCString()}`,
      `Message-ID: <chain-${index}@test>`,
      ...(index === 0 ? [] : [`In-Reply-To: <chain-${index - 1}@test>`, `References: ${references.join(' ')}`]),
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Mail number ${index} of the chain.`,
      '',
    ].join('\r\n'),
  };
}

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let anna: CandidateProfile;
let thread: ThreadSummary;

const get = async (input: { before?: string; limit?: number }): Promise<ThreadDetail> =>
  value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id, ...input }));
const numbers = (detail: ThreadDetail) => detail.messages.map((message) => Number(/Mail number (\d+)/.exec(message.text ?? '')?.[1]));

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  anna = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
  writeMaildirMessages(dovecot, owner, 'INBOX', Array.from({ length: total }, (_, index) => chainMail(index)));
  mailbox = await connectDovecotMailbox(subject.engine, dovecot);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
  const threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items;
  expect(threads).toHaveLength(1);
  thread = threads[0]!;
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

describe('threads:get pages a long thread', () => {
  it('answers the newest messages with how many are older, and loading earlier pages reaches the oldest', async () => {
    expect(thread.messageCount).toBe(total);
    const newest = await get({ limit: 10 });
    expect(numbers(newest)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
    expect(newest.earlierCount).toBe(13);
    expect(newest.subject).toBe('Application Backend');
    expect(newest.candidates.map((candidate) => candidate.name)).toEqual(['Anna Apfel']);
    expect(newest.messages.every((message) => message.links.some((link) => link.candidateId === anna.id))).toBe(true);

    const middle = await get({ limit: 10, before: newest.earlierCursor! });
    expect(numbers(middle)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(middle.earlierCount).toBe(3);
    expect(middle.subject).toBe('Application Backend');
    const oldest = await get({ limit: 10, before: middle.earlierCursor! });
    expect(numbers(oldest)).toEqual([0, 1, 2]);
    expect(oldest).toMatchObject({ earlierCount: 0, earlierCursor: null });
  });

  it('answers at most 100 by default, all of a shorter thread with nothing earlier', async () => {
    const detail = await get({});
    expect(numbers(detail)).toEqual(Array.from({ length: total }, (_, index) => index));
    expect(detail).toMatchObject({ earlierCount: 0, earlierCursor: null });
    expect(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id, limit: 501 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses a cursor of another thread or of another list', async () => {
    const cursor = (await get({ limit: 5 })).earlierCursor!;
    const other = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id, limit: 5, before: cursor }));
    expect(other.messages).toHaveLength(5);
    const foreign = Buffer.from(JSON.stringify(['thread-messages', '00000000-0000-4000-8000-000000000000', 9])).toString('base64url');
    expect(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id, before: foreign })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'before' } });
    const listCursor = Buffer.from(JSON.stringify(['threads', 9])).toString('base64url');
    expect(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id, before: listCursor })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'before' } });
  });
});
