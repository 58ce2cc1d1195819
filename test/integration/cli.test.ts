import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startServe, stop, type RunningCli } from '../support/cli.js';
import { makeTempFolder } from '../support/temp-folder.js';

// `hirebox serve` and `hirebox call` as a person at a terminal uses them.


const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempData(): string {
  const temp = makeTempFolder();
  cleanups.push(() => temp.remove());
  return path.join(temp.folder, 'engine');
}

async function serveOn(dataFolder: string): Promise<RunningCli> {
  const running = await startServe(dataFolder);
  cleanups.push(() => stop(running.child));
  return running;
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('hirebox serve', () => {
  it('prints exactly one line, and keeps its token and data folder private', async () => {
    const data = tempData();
    const running = await serveOn(data);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.line.split('\n')).toEqual([`Hirebox listening on http://127.0.0.1:${running.port}/#token=${running.token}`, '']);
    expect(mode(data)).toBe(0o700);
    const record = path.join(data, 'serve.json');
    expect(mode(record)).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ port: running.port, token: running.token });
  });

  it('keeps the database, its WAL and shared-memory files readable by their owner only, also those an older version left open to others', async () => {
    const data = tempData();
    const first = await serveOn(data);
    runCli(['call', 'setup:create', '--data', data, JSON.stringify({ workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia', email: 'olivia@acme.com' } })]);
    for (const name of ['hirebox.db', 'hirebox.db-wal', 'hirebox.db-shm']) expect(mode(path.join(data, name)), name).toBe(0o600);
    await stop(first.child);
    fs.chmodSync(path.join(data, 'hirebox.db'), 0o644);
    await serveOn(data);
    expect(mode(path.join(data, 'hirebox.db'))).toBe(0o600);
  });

  it('refuses a second instance on the same data folder with a clear message', async () => {
    const data = tempData();
    const first = await serveOn(data);
    const second = runCli(['serve', '--data', data, '--port', '0']);
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain('already running');
    expect(second.stderr).toContain(String(first.child.pid));
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });

  it('shuts down cleanly on SIGTERM: WAL checkpointed, record removed, data kept', async () => {
    const data = tempData();
    const running = await serveOn(data);
    const setUp = runCli(['call', 'setup:create', '--data', data, JSON.stringify({ workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia', email: 'olivia@acme.com' } })]);
    expect(setUp.status).toBe(0);
    expect(await stop(running.child, 'SIGTERM')).toBe(0);
    expect(fs.existsSync(path.join(data, 'serve.json'))).toBe(false);
    const wal = path.join(data, 'hirebox.db-wal');
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const db = new Database(path.join(data, 'hirebox.db'), { readonly: true });
    expect(db.prepare('SELECT name FROM workspace').pluck().get()).toBe('Acme');
    db.close();
  });

  it('explains a data folder it cannot write, without a stack trace', async () => {
    const temp = makeTempFolder();
    cleanups.push(() => temp.remove());
    const blocker = path.join(temp.folder, 'a-file');
    fs.writeFileSync(blocker, '');
    const result = runCli(['serve', '--data', path.join(blocker, 'engine')]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cannot write to its data folder');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a database from a newer Hirebox and leaves it untouched', async () => {
    const data = tempData();
    fs.mkdirSync(data, { recursive: true });
    const file = path.join(data, 'hirebox.db');
    const db = new Database(file);
    db.pragma('user_version = 9999');
    db.close();
    const before = fs.readFileSync(file);
    const result = runCli(['serve', '--data', data]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('newer Hirebox');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('hirebox call', () => {
  it('calls a channel of the running serve and prints the envelope', async () => {
    const data = tempData();
    await serveOn(data);
    const info = runCli(['call', 'app:info', '--data', data]);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ ok: true, value: { setupNeeded: true } });

    const setUp = runCli(['call', 'setup:create', '--data', data, JSON.stringify({ workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia', email: 'olivia@acme.com' } })]);
    expect(JSON.parse(setUp.stdout)).toMatchObject({ ok: true, value: { user: { role: 'admin', isOwner: true } } });
    const inbox = runCli(['call', 'inbox:list', '--data', data]);
    expect(JSON.parse(inbox.stdout)).toEqual({ ok: true, value: { items: [], nextCursor: null } });
  });

  it('exits non-zero with invalid-input for malformed JSON, an unknown channel or a schema break', async () => {
    const data = tempData();
    await serveOn(data);
    const malformed = runCli(['call', 'setup:create', '{"workspaceName": ', '--data', data]);
    expect(malformed.status).toBe(1);
    expect(JSON.parse(malformed.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input' } });
    const unknown = runCli(['call', 'mail:teleport', '--data', data]);
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const broken = runCli(['call', 'setup:create', JSON.stringify({ workspaceName: '', domains: ['acme.com'], owner: { name: 'O', email: 'o@acme.com' } }), '--data', data]);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'workspaceName' } });
    expect(JSON.parse(runCli(['call', 'app:info', '--data', data]).stdout)).toMatchObject({ value: { setupNeeded: true } });
  });

  it('refuses input nested too deep with a clear message, not a stack trace', async () => {
    const data = tempData();
    await serveOn(data);
    const deep = runCli(['call', 'setup:create', '--data', data, `${'['.repeat(40_000)}${']'.repeat(40_000)}`]);
    expect(deep.stderr).not.toMatch(/\n\s+at |RangeError/);
    expect(deep.status).toBe(1);
    expect(JSON.parse(deep.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input', message: 'The input is nested more than 64 levels deep; no channel takes input that deep.' } });
    // Nothing reached the serve, which still answers.
    expect(JSON.parse(runCli(['call', 'app:info', '--data', data]).stdout)).toMatchObject({ ok: true, value: { setupNeeded: true } });
  });

  it('uploads a CSV and imports it, as a script would', async () => {
    const data = tempData();
    await serveOn(data);
    runCli(['call', 'setup:create', '--data', data, JSON.stringify({ workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia', email: 'olivia@acme.com' } })]);
    const file = path.join(path.dirname(data), 'bewerber.csv');
    fs.writeFileSync(file, 'Name;E-Mail;Stelle\nJürgen Müller;juergen@example.org;Backend Engineer\nOlivia;olivia+x@acme.com;Backend Engineer\n');
    const uploaded = runCli(['upload', file, '--data', data]);
    expect(uploaded.status).toBe(0);
    const { blobId } = JSON.parse(uploaded.stdout).value;
    const report = runCli(['call', 'candidates:import', JSON.stringify({ blobId }), '--data', data]);
    expect(JSON.parse(report.stdout)).toMatchObject({ ok: true, value: { imported: 1, jobsCreated: 1, problems: [{ line: 3, code: 'own-address' }] } });
    expect(runCli(['upload', path.join(data, 'missing.csv'), '--data', data]).stderr).toContain('Cannot read');
  });

  it('says plainly when nothing serves the data folder', () => {
    const result = runCli(['call', 'app:info', '--data', tempData()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No Hirebox is serving');
  });
});
