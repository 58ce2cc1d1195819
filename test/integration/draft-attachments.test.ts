import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary, OutboxItemView } from '../../shared/model.js';
import type { OutboxStateName } from '../../shared/status.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { prepareDataFolder } from '../../electron/core/data-folder.js';
import { Engine } from '../../electron/core/engine.js';
import { silentLogger } from '../../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { value } from '../support/engine.js';
import { startDovecot, startSmtpServer, type Dovecot, type SmtpServer } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { findTraces } from '../support/trace-scan.js';

// Files the user attached to a draft, through the contract: kept in the data folder with
// the draft, so a restart of the engine on the same folder brings the draft back with them;
// sending (real Dovecot and smtp-server) carries them; removing one, discarding the draft
// or sending it deletes the file.

const user = { name: 'paula@hirebox.test', password: 'paula-password' };
let dovecot: Dovecot;
let server: SmtpServer;
const engines: Engine[] = [];
const temps: { remove(): void }[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users: [user] });
  server = await startSmtpServer(dovecot);
}, 60_000);

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close().catch(() => undefined);
  temps.splice(0).forEach((temp) => temp.remove());
});

afterAll(async () => {
  await server?.close();
  await dovecot?.stop();
});

function open(dataFolder: string): Engine {
  const engine = Engine.open({
    dataFolder,
    logger: silentLogger,
    version: '0.0.0-test',
    secrets: KeyFileSecretBox.open(dataFolder),
    outbox: { timing: { retryDelaysMs: [300, 600], sentCopyWaitMs: 8_000, sentCopyPollMs: 150, imapRetryMs: 300 } },
  });
  engines.push(engine);
  return engine;
}

async function restart(engine: Engine, dataFolder: string): Promise<Engine> {
  await engine.close();
  engines.splice(engines.indexOf(engine), 1);
  return open(dataFolder);
}

/** A data folder with a workspace, a candidate and a connected mailbox. */
async function world(): Promise<{ dataFolder: string; engine: Engine; candidateId: string; mailbox: MailboxSummary; ownerId: string }> {
  const temp = makeTempFolder('hirebox-draft-files-');
  temps.push(temp);
  const dataFolder = prepareDataFolder(temp.folder);
  const engine = open(dataFolder);
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
  value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const candidate = value(await engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@hirebox.test'], applications: [{ jobId: job.id }] }));
  const mailbox = value(
    await engine.call(installationOwner, 'mailboxes:connect', {
      address: user.name,
      displayName: 'Olivia Owner',
      userName: user.name,
      password: user.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: server.port, security: 'none' },
    }),
  );
  const ownerId = value(await engine.call(installationOwner, 'session:get', {})).user.id;
  return { dataFolder, engine, candidateId: candidate.id, mailbox, ownerId };
}

/** A file as the user would attach it, with a random marker inside. */
function fileWithMarker(): { content: Buffer; marker: string; hash: string } {
  const marker = `zqx${randomBytes(8).toString('hex')}`;
  const content = Buffer.from(`%PDF-1.4\nZeugnis ${marker}\n%%EOF\n`);
  return { content, marker, hash: createHash('sha256').update(content).digest('hex') };
}

function draftOf(candidateId: string, mailboxId: string, attachmentBlobIds: string[]) {
  return {
    place: `candidate:${candidateId}`,
    candidateId,
    mailboxId,
    to: 'Bob Bewerber <bob@hirebox.test>',
    cc: '',
    bcc: '',
    subject: 'Ihr Vertrag',
    body: 'Lieber Bob, anbei der Vertrag.',
    composer: { mode: 'new' as const },
    attachmentBlobIds,
  };
}

async function until(engine: Engine, itemId: string, states: OutboxStateName[], timeoutMs = 15_000): Promise<OutboxItemView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = value(await engine.call(installationOwner, 'outbox:list', { limit: 100 }));
    const current = page.items.find((item) => item.id === itemId)!;
    if (states.includes(current.state.state)) return current;
    if (Date.now() > deadline) throw new Error(`item stayed ${JSON.stringify(current.state)}, expected ${states.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('files attached to a draft', () => {
  it('come back with the draft after a restart, go out when it is sent, and are gone from disk afterwards', async () => {
    const { dataFolder, engine: first, candidateId, mailbox, ownerId } = await world();
    const contract = fileWithMarker();
    const upload = first.blobs.offer(ownerId, contract.content, { fileName: 'Vertrag.pdf', mimeType: 'application/pdf' });
    const saved = value(await first.call(installationOwner, 'drafts:save', draftOf(candidateId, mailbox.id, [upload.blobId])));
    expect(saved.attachments).toEqual([{ blobId: upload.blobId, fileName: 'Vertrag.pdf', mimeType: 'application/pdf', size: contract.content.length }]);
    // Typing on saves the same list again: still one file.
    value(await first.call(installationOwner, 'drafts:save', { ...draftOf(candidateId, mailbox.id, [upload.blobId]), body: 'Lieber Bob, anbei der Vertrag. Grüße' }));
    expect(findTraces(dataFolder, contract.marker).map((hit) => hit.file)).toEqual([`attachments/${contract.hash}`]);

    const second = await restart(first, dataFolder);
    expect(second.blobs.fetch(ownerId, upload.blobId), 'the upload itself did not survive the restart').toBeNull();
    const [reopened] = value(await second.call(installationOwner, 'drafts:list', {}));
    expect(reopened?.attachments).toEqual([{ blobId: upload.blobId, fileName: 'Vertrag.pdf', mimeType: 'application/pdf', size: contract.content.length }]);
    expect(reopened?.body).toBe('Lieber Bob, anbei der Vertrag. Grüße');

    const queued = value(
      await second.call(installationOwner, 'outbox:send', {
        mailboxId: mailbox.id,
        candidateId,
        to: ['Bob Bewerber <bob@hirebox.test>'],
        subject: reopened!.subject,
        body: reopened!.body,
        attachmentBlobIds: reopened!.attachmentBlobIds,
        draftPlace: reopened!.place,
      }),
    );
    // Sent: the draft and its file are gone at once (the mail carries the bytes).
    expect(value(await second.call(installationOwner, 'drafts:list', {}))).toEqual([]);
    expect(fs.existsSync(path.join(dataFolder, 'attachments', contract.hash))).toBe(false);

    await until(second, queued.id, ['filed', 'accepted']);
    const transaction = server.dataTransactions.find((sent) => sent.raw.includes(queued.messageId));
    expect(transaction, 'one DATA at the server').toBeDefined();
    const wire = await simpleParser(transaction!.raw);
    expect(wire.attachments.map((part) => [part.filename, part.contentType, part.content.equals(contract.content)])).toEqual([['Vertrag.pdf', 'application/pdf', true]]);

    // Undo puts the mail back into the composer, which saves it again under the same ids.
    const undone = value(await second.call(installationOwner, 'drafts:save', draftOf(candidateId, mailbox.id, reopened!.attachmentBlobIds)));
    expect(undone.attachments.map((attachment) => attachment.fileName)).toEqual(['Vertrag.pdf']);
    expect(fs.readFileSync(path.join(dataFolder, 'attachments', contract.hash)).equals(contract.content)).toBe(true);
  });

  it('removes a file dropped from the draft, and every file when the draft is discarded', async () => {
    const { dataFolder, engine, candidateId, mailbox, ownerId } = await world();
    const [cv, letter] = [fileWithMarker(), fileWithMarker()];
    const cvUpload = engine.blobs.offer(ownerId, cv.content, { fileName: 'Lebenslauf.pdf', mimeType: 'application/pdf' });
    const letterUpload = engine.blobs.offer(ownerId, letter.content, { fileName: 'Anschreiben.pdf', mimeType: 'application/pdf' });
    value(await engine.call(installationOwner, 'drafts:save', draftOf(candidateId, mailbox.id, [cvUpload.blobId, letterUpload.blobId])));
    expect(findTraces(dataFolder, cv.marker)).toHaveLength(1);
    expect(findTraces(dataFolder, letter.marker)).toHaveLength(1);

    const kept = value(await engine.call(installationOwner, 'drafts:save', draftOf(candidateId, mailbox.id, [letterUpload.blobId])));
    expect(kept.attachments.map((attachment) => attachment.fileName)).toEqual(['Anschreiben.pdf']);
    expect(findTraces(dataFolder, cv.marker), 'the dropped file is gone').toEqual([]);
    expect(findTraces(dataFolder, letter.marker)).toHaveLength(1);

    expect(value(await engine.call(installationOwner, 'drafts:delete', { place: `candidate:${candidateId}` }))).toEqual({ deleted: true });
    expect(findTraces(dataFolder, letter.marker), 'discarding the draft deletes its files').toEqual([]);
    expect(engine.store.purges.unfinishedIds()).toEqual([]);
  });

  it('refuses an upload that expired before the draft kept it, and saves nothing of that draft', async () => {
    const { engine, candidateId, mailbox } = await world();
    const refused = await engine.call(installationOwner, 'drafts:save', draftOf(candidateId, mailbox.id, ['6f1c2a4e-8b1d-4c3a-9e2f-0a1b2c3d4e5f']));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'not-found', field: 'attachmentBlobIds.0' });
    expect(value(await engine.call(installationOwner, 'drafts:list', {}))).toEqual([]);
  });
});
