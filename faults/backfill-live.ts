import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages } from '../test/support/mail-servers/index.js';
import { engineTuningVariable } from '../electron/core/thread/engine-tuning.js';
import { checkInvariants, type FaultWorld } from './invariants.js';
import { MailDrawer, worldOf, type WorldMail } from './kill-mail.js';
import { connectInput, drawInt, EngineOnFolder, mailUser, setUpCandidates, sleep, theMailbox } from './kill-support.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';

/** How long a run waits, after the last mail, for every candidate mail to be linked: well inside the periodic check. */
const settleTimeoutMs = 15_000;
/**
 * Live mail shows within this long of its delivery, backfill or not (it takes about a
 * second): a candidate mail shown later counts as lost — the person did not see it when it
 * came. The reproduction waited 10 s.
 */
const liveDeadlineMs = 10_000;

/**
 * The engine's timings for this kind: the provider's timeouts as shipped and a periodic
 * check (which also re-reads INBOX) far beyond the settle time, so mail that shows came in
 * through the live watch (IDLE), not through a check that would hide a missed one.
 */
function liveOnlyTuning(): Record<string, string> {
  const tuning = { sync: { checkIntervalMs: 120_000, backoffBaseMs: 200, backoffCapMs: 1_000, timeoutMs: 30_000, livenessTimeoutMs: 20_000 } };
  return { [engineTuningVariable]: JSON.stringify(tuning) };
}

/**
 * `backfill-while-mail-arrives` (issue 23, defect 1): a mailbox synced and kept live (IDLE
 * on INBOX); a seeded stream of mail arrives over LMTP while candidates are added — each
 * with an import of 150–350 more (no mail of theirs), as a CSV import adds them — and a
 * backfill of the new candidates' mail (`backfill:candidates`) starts at a drawn point of
 * the stream. The server search goes ten addresses at a time with a pause between, so such
 * a backfill runs for many seconds, and mail lands before, during and after it. Each late
 * candidate has older mail only a backfill finds. Every candidate mail of a candidate who
 * existed at its delivery must be shown (linked) within `liveDeadlineMs` of it; every
 * candidate mail must be linked within the settle time, which is shorter than the periodic
 * check: only the live watch can bring the last arrivals in.
 */
export const backfillWhileMailArrives: FaultKind = {
  name: 'backfill-while-mail-arrives',
  description: 'backfills for newly added candidates started while mail arrives on a live (IDLE) mailbox',
  async run(context: FaultRunContext): Promise<FaultRunResult> {
    const { random, log, seed } = context;
    const candidateCount = drawInt(random, 4, 7);
    const lateCount = drawInt(random, 2, candidateCount - 1);
    const drawer = new MailDrawer(random, seed, candidateCount);
    const now = Date.now();
    // Older mail, in INBOX: what the first window finds for the candidates there at the
    // start, and what only a backfill finds for the ones added later (days old).
    const initial = Array.from({ length: drawInt(random, 6, 15) }, () => inboxMail(drawer, new Date(now - drawInt(random, 2, 20) * 24 * 3600 * 1000)));
    const stream = Array.from({ length: drawInt(random, 15, 35) }, () => inboxMail(drawer, new Date(now)));
    const gapsMs = stream.map(() => drawInt(random, 0, 400));
    // The stream index before which each late candidate is added and their backfill starts.
    const backfillAt = Array.from({ length: lateCount }, () => drawInt(random, 0, stream.length - 1)).sort((a, b) => a - b);
    const importSizes = backfillAt.map(() => drawInt(random, 150, 350));
    log(
      `${initial.length} older messages, a stream of ${stream.length} (${stream.filter((mail) => mail.candidate !== null).length} candidate mail); ${lateCount} of ${candidateCount} candidates added later ` +
        `with imports of ${importSizes.join(', ')}, backfills before deliveries #${backfillAt.join(', #')}`,
    );

    const dovecot = await startDovecot({ users: [{ name: mailUser, password: 'alice-password' }] });
    const smtp = await startSmtpServer(dovecot);
    const folder = new EngineOnFolder(liveOnlyTuning());
    let shown: ShownWatch | undefined;
    try {
      writeMaildirMessages(dovecot, mailUser, 'INBOX', initial.map((mail) => ({ raw: mail.raw, internalDate: mail.date, flags: 'S' })));
      const engine = await folder.start();
      const early = drawer.candidates.slice(0, candidateCount - lateCount);
      const late = drawer.candidates.slice(candidateCount - lateCount);
      await setUpCandidates(engine, early);
      const existing = new Set(early);
      const mailbox = await engine.call<{ id: string }>('mailboxes:connect', connectInput(dovecot, smtp.port));
      await engine.waitForEvent('mailbox:status', (event) => event.mailboxId === mailbox.id && event.status.state === 'up-to-date', 30_000);
      const { id: jobId } = (await engine.call<{ items: { id: string }[] }>('jobs:list', {})).items[0]!;
      // Older mail of the early candidates is beyond the first window (a day) too: one
      // backfill of the mailbox brings it in before the stream starts.
      await engine.call('backfill:mailbox', { mailboxId: mailbox.id, days: 30 });

      shown = watchShown(folder.dataFolder);
      let backfill: Promise<unknown> = Promise.resolve();
      let next = 0;
      for (const [index, mail] of stream.entries()) {
        while (next < late.length && backfillAt[next] === index) {
          // One backfill a mailbox at a time: the next candidate's waits for the last one.
          await backfill;
          const address = late[next]!;
          const candidate = await engine.call<{ id: string }>('candidates:create', { name: `Kandidat spät ${next}`, addresses: [address], applications: [{ jobId }] });
          const imported: string[] = [candidate.id];
          for (let filler = 0; filler < importSizes[next]!; filler++) {
            imported.push((await engine.call<{ id: string }>('candidates:create', { name: `Import ${next}.${filler}`, addresses: [`import${next}.${filler}.s${seed}@import.example.net`], applications: [{ jobId }] })).id);
          }
          existing.add(address);
          const started = Date.now();
          const more = imported.length - 1;
          backfill = engine.call('backfill:candidates', { candidateIds: imported, days: 30 }).then((summary) => log(`backfill for ${address} and ${more} more done in ${Date.now() - started} ms: ${JSON.stringify(summary)}`));
          next++;
        }
        await deliverByLmtp(dovecot, { from: mail.envelopeFrom, to: [mailUser], raw: mail.raw });
        if (mail.candidate !== null && existing.has(mail.candidate)) shown.expect(mail.messageId);
        await sleep(gapsMs[index]!);
      }
      await backfill;
      // Every live mail's deadline passes before the check (the last one's at the latest).
      await sleep(Math.max(0, shown.lastDeadline() - Date.now()));
      const notShown = shown.stop();

      const world: FaultWorld = worldOf([...initial, ...stream]);
      const deadline = Date.now() + settleTimeoutMs;
      let waited = checkInvariants(folder.dataFolder, world);
      while (waited.lost > 0 && Date.now() < deadline) {
        await sleep(250);
        waited = checkInvariants(folder.dataFolder, world);
      }
      const after = await theMailbox(engine);
      log(waited.lost === 0 ? `every candidate mail linked; status ${after?.status.state}` : `after ${settleTimeoutMs} ms still ${waited.lost} not linked; status ${JSON.stringify(after?.status)}`);
      await folder.stop();
      const result = checkInvariants(folder.dataFolder, world);
      return { ...result, lost: result.lost + notShown.length, details: [...result.details, ...notShown] };
    } finally {
      shown?.stop();
      await folder.dispose();
      await smtp.close();
      await dovecot.stop();
    }
  },
};

/** The next drawn mail that goes to INBOX (Sent is only re-read by the periodic check, which this kind keeps out of reach). */
function inboxMail(drawer: MailDrawer, date: Date): WorldMail {
  for (;;) {
    const mail = drawer.draw(date);
    if (mail.folder === 'INBOX') return mail;
  }
}

interface ShownWatch {
  /** A candidate mail delivered now, of a candidate who exists: it must show within `liveDeadlineMs`. */
  expect(messageId: string): void;
  /** When the last expected mail's deadline passes (ms since the epoch). */
  lastDeadline(): number;
  /** Stops watching; one line for each expected mail not shown in time. Idempotent. */
  stop(): string[];
}

/** Reads the engine's database every 100 ms for the expected mail linked to a candidate. */
function watchShown(dataFolder: string): ShownWatch {
  const deliveredAt = new Map<string, number>();
  const shownAt = new Map<string, number>();
  let db: Sqlite.Database | null = null;
  const look = () => {
    const waiting = [...deliveredAt.keys()].filter((id) => !shownAt.has(id));
    if (waiting.length === 0) return;
    db ??= new Sqlite(path.join(dataFolder, 'hirebox.db'), { readonly: true, fileMustExist: true });
    const linked = db.prepare<[string], { header: string }>(
      'SELECT DISTINCT m.message_id_header AS header FROM messages m JOIN links l ON l.message_id = m.id WHERE m.message_id_header IN (SELECT value FROM json_each(?))',
    );
    const now = Date.now();
    for (const row of linked.all(JSON.stringify(waiting))) shownAt.set(row.header, now);
  };
  const timer = setInterval(look, 100);
  let lines: string[] | null = null;
  return {
    expect: (messageId) => deliveredAt.set(messageId, Date.now()),
    lastDeadline: () => Math.max(0, ...deliveredAt.values()) + liveDeadlineMs + 200,
    stop() {
      if (lines !== null) return lines;
      clearInterval(timer);
      look();
      db?.close();
      lines = [...deliveredAt].flatMap(([id, at]) => {
        const shown = shownAt.get(id);
        if (shown !== undefined && shown - at <= liveDeadlineMs) return [];
        return [shown === undefined ? `live mail not shown within ${liveDeadlineMs} ms: ${id}` : `live mail shown only after ${shown - at} ms (deadline ${liveDeadlineMs} ms): ${id}`];
      });
      return lines;
    },
  };
}
