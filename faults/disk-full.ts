import Sqlite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deliverByLmtp } from '../test/support/mail-servers/index.js';
import { pause } from './harness.js';
import { storeRun } from './store-faults.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';
import { drawInt, owner } from './world.js';

// Issue 23, disk full: the data folder lives on a tmpfs of its own (a real file system
// that really fills: ENOSPC from write(2), SQLITE_FULL from SQLite), so nothing is
// simulated. The runs are root here and in CI (see /work/.library/env: CI runs as root on
// the same machine), which mounting needs; without it the kind fails and says so.
// Once the mailbox is up to date the disk is filled to the last byte (the database's WAL
// truncated first, so the next transaction must grow a file) or to a few KB short of it (so
// the database has room and the attachment files do not); candidate mail with attachments
// arrives meanwhile. The mailbox must say why it waits (`error` / `disk-full`
// with a next try, never "stopped unexpectedly"), no attachment part or file may be left
// for mail not stored, and once the filler is removed sync must catch up by itself.

const fsBytes = 24 * 1024 * 1024;

interface Mounted {
  folder: string;
  unmount(): void;
}

function mountTmpfs(): Mounted {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-diskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${fsBytes},mode=0700`, 'tmpfs', folder], { stdio: 'pipe' });
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw new Error(`disk-full needs a small file system of its own: mounting a tmpfs failed (run as root, as CI does): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
  }
  return {
    folder,
    unmount() {
      try {
        execFileSync('umount', [folder], { stdio: 'pipe' });
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Fills the file system holding `file` until write(2) says ENOSPC; returns the bytes written. */
function fill(file: string): number {
  const fd = fs.openSync(file, 'w', 0o600);
  let written = 0;
  try {
    for (const chunk of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const buffer = Buffer.alloc(chunk, 0x5a);
      for (;;) {
        try {
          written += fs.writeSync(fd, buffer);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

function attachmentMail(seed: number, index: number, from: { name: string; address: string }, random: () => number, bytes: number): { messageId: string; raw: string } {
  const content = Buffer.alloc(bytes);
  for (let offset = 0; offset + 4 <= content.length; offset += 4) content.writeUInt32LE(Math.floor(random() * 0x100000000), offset);
  const messageId = `full${index}.s${seed}@faults.example`;
  const raw = [
    `From: ${from.name} <${from.address}>`,
    `To: ${owner.address}`,
    `Subject: Unterlagen ${index}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Anbei meine Zeugnisse (${index}).`,
    '--b',
    `Content-Type: application/pdf; name="zeugnisse-${index}.pdf"`,
    `Content-Disposition: attachment; filename="zeugnisse-${index}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    content.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b--',
    '',
  ].join('\r\n');
  return { messageId, raw };
}

async function run(context: FaultRunContext): Promise<FaultRunResult> {
  const mounted = mountTmpfs();
  try {
    return await storeRun(context, { size: { min: 20, max: 40 }, settleTimeoutMs: 60_000, dataFolder: path.join(mounted.folder, 'data') }, async (run) => {
      const { random, seed, log } = context;
      const { fault } = run;
      await run.scanned();
      const where = random() < 0.5 ? 'database' : 'attachments';
      const filler = path.join(mounted.folder, 'filler');
      if (where === 'database') {
        // The WAL keeps its size after a checkpoint; truncated, the next commit must grow it.
        const db = new Sqlite(path.join(fault.dataFolder, 'hirebox.db'));
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
      const filled = fill(filler);
      const room = where === 'database' ? 0 : drawInt(random, 16, 64) * 1024;
      if (room > 0) fs.truncateSync(filler, filled - room);
      log(`disk full at the ${where}: filler ${filled} bytes, ${room} bytes left`);
      const from = run.drawn.candidates[drawInt(random, 0, run.drawn.candidates.length - 1)]!;
      const mails = drawInt(random, 2, 4);
      const sent = run.fault.statuses.statuses.length;
      for (let index = 0; index < mails; index++) {
        // Each attachment is larger than the room left, so its file cannot be written.
        const mail = attachmentMail(seed, index, from, random, drawInt(random, 128, 512) * 1024);
        run.drawn.world.candidateMail.push({ messageId: mail.messageId, candidateAddress: from.address });
        await deliverByLmtp(run.dovecot, { from: from.address, to: [owner.address], raw: mail.raw });
      }
      await run.deliverLive(drawInt(random, 0, 2));
      const at = await fault.statuses.waitFor((status) => status.state === 'error', { from: sent, timeoutMs: 30_000 });
      const shown = fault.statuses.statuses[at]!;
      log(`status while full: ${JSON.stringify(shown)}`);
      if (shown.state !== 'error' || shown.code !== 'disk-full' || shown.retryAt === undefined) {
        throw new Error(`a full disk showed an unclear status: ${JSON.stringify(shown)}`);
      }
      // Let it retry against the full disk a few times.
      await pause(drawInt(random, 1500, 3000));
      const tries = fault.statuses.statuses.slice(sent).filter((status) => status.state === 'error').length;
      const attachments = path.join(fault.dataFolder, 'attachments');
      const files = fs.existsSync(attachments) ? fs.readdirSync(attachments) : [];
      const parts = files.filter((name) => name.endsWith('.part'));
      if (parts.length > 0) throw new Error(`the full disk left ${parts.length} half written attachment parts`);
      // No row may name a file that is not there (rows committed, file refused).
      const reader = new Sqlite(path.join(fault.dataFolder, 'hirebox.db'), { readonly: true });
      const hashes = reader.prepare('SELECT DISTINCT content_hash AS hash FROM attachments WHERE content_hash IS NOT NULL').all() as { hash: string }[];
      reader.close();
      const missing = hashes.filter((row) => !files.includes(row.hash)).length;
      if (missing > 0) throw new Error(`${missing} attachment rows name a file the full disk refused`);
      log(`while full: ${tries} failed tries shown, 0 parts, every stored attachment row has its file`);
      fs.rmSync(filler);
      log('space back');
    });
  } finally {
    mounted.unmount();
  }
}

export const diskFull: FaultKind = {
  name: 'disk-full',
  description: 'the data folder on a 24 MB tmpfs filled up (to the last byte after a WAL truncate, or a few KB short) while candidate mail with attachments arrives: a clear status, nothing half written, sync goes on once space is back',
  run,
};
