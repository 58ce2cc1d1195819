import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../database.js';
import { migrations } from './index.js';
import { makeTempFolder, type TempFolder } from '../test-support.js';

// Migration 4 (certificate exceptions): a database written by migration 3 keeps its
// mailboxes; exceptions go with their mailbox and hold one certificate per server.

let temp: TempFolder;
beforeEach(() => {
  temp = makeTempFolder();
});
afterEach(() => temp.remove());

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');

describe('migration 4 (certificate exceptions)', () => {
  it('upgrades a database written by migration 3; one exception per server, gone with its mailbox', () => {
    const db = new Sqlite(path.join(temp.folder, 'hirebox.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 0, migrations.slice(0, 3));
    db.exec(`INSERT INTO mailboxes (id, address, display_name, provider, kind, created_at) VALUES ('m', 'jobs@acme.com', 'Jobs', 'imap', 'shared', 'now')`);
    migrate(db, 3, migrations);
    expect(db.prepare('SELECT address FROM mailboxes').pluck().all()).toEqual(['jobs@acme.com']);
    const insert = db.prepare('INSERT INTO certificate_exceptions (mailbox_id, host, port, fingerprint_sha256, certificate_pem, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('m', 'mail.acme.com', 993, fingerprint, pem, 'now');
    expect(() => insert.run('m', 'mail.acme.com', 993, fingerprint, pem, 'now')).toThrow(/UNIQUE/);
    expect(() => insert.run('m', 'Mail.Acme.com', 465, fingerprint, pem, 'now')).toThrow(/CHECK/);
    expect(() => insert.run('m', 'mail.acme.com', 465, 'AB', pem, 'now')).toThrow(/CHECK/);
    db.exec(`DELETE FROM mailboxes WHERE id = 'm'`);
    expect(db.prepare('SELECT count(*) FROM certificate_exceptions').pluck().get()).toBe(0);
    db.close();
  });
});
