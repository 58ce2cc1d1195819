import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { installationOwner } from '../electron/core/api/caller.js';
import type { ThreadDetail, ThreadSummary } from '../shared/model.js';
import { value } from '../test/support/engine.js';
import { deliverByLmtp, writeMaildirMessages, type MaildirMessage } from '../test/support/mail-servers/index.js';
import { pause } from './harness.js';
import { storeRun } from './store-faults.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';
import { drawInt, owner } from './world.js';

// Issue 23, "one thread of 10^5 messages": besides the drawn world, one candidate's reply
// chain (In-Reply-To and References to the mails before) of 10^5 mails, written into the
// Maildir directly (LMTP would take far longer), is scanned; then 1–3 more mails of the chain
// arrive live. Every mail of the chain must be stored once, the thread's count be right,
// `threads:get` answer a page (the newest 100) whose earlier pages reach the oldest, and
// deleting the candidate remove the whole thread. The drawn world's mail is checked as in
// every kind. HIREBOX_FAULT_THREAD_SIZE sets another length (10^5 by default).

const defaultLength = 100_000;
const hour = 60 * 60 * 1000;

function threadLength(): number {
  const given = process.env['HIREBOX_FAULT_THREAD_SIZE'];
  if (given === undefined || given === '') return defaultLength;
  const length = Number(given);
  if (!Number.isSafeInteger(length) || length < 2) throw new Error(`HIREBOX_FAULT_THREAD_SIZE takes a whole number of at least 2, not ${JSON.stringify(given)}`);
  return length;
}

const candidate = (seed: number) => ({ name: 'Lena Langfaden', address: `lena.${seed}@example.org` });
const chainId = (seed: number, index: number) => `chain${index}.s${seed}@faults.example`;

/** Mail `index` of the chain: Lena and the recruiter take turns, each answering the one before. */
function chainMail(seed: number, index: number, date: Date): string {
  const lena = candidate(seed);
  const fromLena = index % 2 === 0;
  // References: the root and the last few, as mail clients cut long chains.
  const references = index === 0 ? [] : [...new Set([0, ...Array.from({ length: Math.min(index, 8) }, (_, back) => index - Math.min(index, 8) + back)])].map((at) => `<${chainId(seed, at)}>`);
  return [
    fromLena ? `From: ${lena.name} <${lena.address}>` : `From: Alice <${owner.address}>`,
    fromLena ? `To: Alice <${owner.address}>` : `To: ${lena.name} <${lena.address}>`,
    `Subject: ${index === 0 ? '' : 'Re: '}Bewerbung als Entwicklerin`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${chainId(seed, index)}>`,
    ...(index === 0 ? [] : [`In-Reply-To: <${chainId(seed, index - 1)}>`, `References: ${references.join(' ')}`]),
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Nachricht ${index} der Unterhaltung.`,
    '',
  ].join('\r\n');
}

async function run(context: FaultRunContext): Promise<FaultRunResult> {
  const { random, seed, log } = context;
  const length = threadLength();
  const live = drawInt(random, 1, 3);
  const expected = length + live;
  const problems: string[] = [];
  const chainDetails: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let candidateId = '';
  let dataFolder = '';
  const result = await storeRun(
    context,
    {
      size: { min: 20, max: 30 },
      settleTimeoutMs: 120_000,
      async beforeConnect(dovecot, fault) {
        dataFolder = fault.dataFolder;
        const job = value(await fault.engine.call(installationOwner, 'jobs:create', { title: 'Entwicklerin' }));
        const lena = candidate(seed);
        candidateId = value(await fault.engine.call(installationOwner, 'candidates:create', { name: lena.name, addresses: [lena.address], applications: [{ jobId: job.id }] })).id;
        // Inside the first scan's window (the last day), oldest first, one file each.
        const start = Date.now() - 20 * hour;
        const step = (19 * hour) / length;
        const started = Date.now();
        function* mails(): Generator<MaildirMessage> {
          for (let index = 0; index < length; index++) {
            const date = new Date(start + Math.floor(index * step));
            yield { internalDate: date, raw: chainMail(seed, index, date) };
          }
        }
        writeMaildirMessages(dovecot, owner.address, 'INBOX', mails());
        log(`chain of ${length} mails written into the Maildir in ${Date.now() - started} ms`);
      },
    },
    async (storeRun) => {
      const { fault } = storeRun;
      const scanStart = Date.now();
      await storeRun.scanned(60 * 60 * 1000);
      log(`scanned (${length} chain mails + the drawn world) in ${Date.now() - scanStart} ms`);
      for (let index = length; index < expected; index++) {
        const lena = candidate(seed);
        await deliverByLmtp(storeRun.dovecot, { from: index % 2 === 0 ? lena.address : owner.address, to: [owner.address], raw: chainMail(seed, index, new Date()) });
      }
      await storeRun.deliverLive(drawInt(random, 0, 2));
      const threadOf = async (): Promise<ThreadSummary | undefined> =>
        value(await fault.engine.call(installationOwner, 'inbox:list', { candidateId, limit: 10 })).items[0];
      const liveStart = Date.now();
      let thread = await threadOf();
      while ((thread?.messageCount ?? 0) < expected && Date.now() - liveStart < 60_000) {
        await pause(250);
        thread = await threadOf();
      }
      log(`${live} live chain mails: the thread counts ${thread?.messageCount} after ${Date.now() - liveStart} ms`);
      if (thread === undefined) throw new Error('the chain is in no thread of the candidate');
      const threads = value(await fault.engine.call(installationOwner, 'inbox:list', { candidateId, limit: 10 })).items;
      if (threads.length !== 1) problems.push(`the chain is in ${threads.length} threads, not one`);
      if (thread.messageCount !== expected) problems.push(`the thread counts ${thread.messageCount} messages, not ${expected}`);

      // Every mail of the chain stored once (the store read beside the running engine).
      const db = new Sqlite(path.join(dataFolder, 'hirebox.db'), { readonly: true });
      try {
        const rows = db.prepare<[string], { header: string; n: number; thread_id: string }>(`SELECT message_id_header AS header, count(*) AS n, thread_id FROM messages WHERE message_id_header LIKE ? GROUP BY message_id_header`).all(`chain%.s${seed}@faults.example`);
        const stored = new Map(rows.map((row) => [row.header, row.n]));
        for (let index = 0; index < expected; index++) {
          const n = stored.get(chainId(seed, index)) ?? 0;
          if (n === 0) lost++;
          if (n > 1) duplicated++;
          if ((n === 0 || n > 1) && chainDetails.length < 20) chainDetails.push(`chain mail ${index} stored ${n} times`);
        }
      } finally {
        db.close();
      }

      // threads:get answers a page; the earlier pages reach the oldest.
      const pageStart = Date.now();
      const first = value(await fault.engine.call(installationOwner, 'threads:get', { threadId: thread.id }));
      const firstMs = Date.now() - pageStart;
      if (first.messages.length !== Math.min(100, expected) || first.earlierCount !== expected - first.messages.length) {
        problems.push(`threads:get answered ${first.messages.length} messages with ${first.earlierCount} earlier, not the newest 100 of ${expected}`);
      }
      let page: ThreadDetail = first;
      let seen = first.messages.length;
      let pages = 1;
      const walkStart = Date.now();
      while (page.earlierCursor !== null) {
        page = value(await fault.engine.call(installationOwner, 'threads:get', { threadId: thread.id, before: page.earlierCursor, limit: 500 }));
        seen += page.messages.length;
        pages++;
        if (page.messages.length === 0) break;
      }
      const oldest = page.messages[0]?.text ?? '';
      log(`threads:get: first page ${firstMs} ms; ${pages} pages (500 each) to the oldest in ${Date.now() - walkStart} ms`);
      if (seen !== expected) problems.push(`the pages held ${seen} messages, not ${expected}`);
      if (!oldest.includes('Nachricht 0 der')) problems.push(`the oldest page does not start with the chain's first mail: ${JSON.stringify(oldest.slice(0, 60))}`);

      // Deleting the candidate removes the whole thread (R3).
      const deleteStart = Date.now();
      value(await fault.engine.call(installationOwner, 'candidates:delete', { candidateId }));
      log(`candidates:delete of the chain's candidate: ${Date.now() - deleteStart} ms`);
      const after = new Sqlite(path.join(dataFolder, 'hirebox.db'), { readonly: true });
      try {
        const left = after.prepare<[string], number>('SELECT count(*) FROM messages WHERE message_id_header LIKE ?').pluck().get(`chain%.s${seed}@faults.example`)!;
        const threadLeft = after.prepare<[string], number>('SELECT count(*) FROM threads WHERE id = ?').pluck().get(thread.id)!;
        if (left > 0 || threadLeft > 0) problems.push(`after deleting the candidate ${left} chain mails and ${threadLeft} threads are left`);
      } finally {
        after.close();
      }
      // Not counted as lost or duplicated, so they fail the run by throwing (an unfinished run with these lines).
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  );
  return { ...result, lost: result.lost + lost, duplicated: result.duplicated + duplicated, details: [...result.details, ...chainDetails] };
}

export const longThread: FaultKind = {
  name: 'long-thread',
  description: 'a candidate reply chain of 10^5 mails (HIREBOX_FAULT_THREAD_SIZE) written into the Maildir, scanned, then 1–3 more arriving live: each stored once, the thread counted right, threads:get a page of 100 whose earlier pages reach the oldest, deleting the candidate removes it all',
  run,
};
