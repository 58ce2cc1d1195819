import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations } from './index.js';
import * as outbox from './005-outbox.js';
import { makeTempFolder, type TempFolder } from '../test-support.js';

// Migration 5 (outbox): a database written by the migrations before it keeps its rows, with
// the new columns at their defaults, and the new CHECKs hold.

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

describe('migration 5 (outbox)', () => {
  it('upgrades an older database, keeping its mailboxes and outbox items', () => {
    const before = new Sqlite(file);
    before.pragma('journal_mode = WAL');
    before.pragma('foreign_keys = ON');
    migrate(before, 0, migrations.filter((step) => step.version < outbox.version));
    before.exec(`INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES ('u', 'Olivia', 'olivia@acme.com', 'admin', 1, 'now');
      INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, created_at) VALUES ('m', 'olivia@acme.com', 'Olivia', 'imap', 'personal', 'u', 'now');
      INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, state, created_at, updated_at)
      VALUES ('o', 'x@acme.com', 'm', 'u', 'queued', 'now', 'now');`);
    before.close();

    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT sent_copy, disconnected_at FROM mailboxes').get()).toEqual({ sent_copy: null, disconnected_at: null });
      expect(db.prepare('SELECT subject, to_json, state FROM outbox_items').get()).toEqual({ subject: '', to_json: '[]', state: 'queued' });
      expect(() => db.prepare("UPDATE mailboxes SET sent_copy = 'sometimes'").run()).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE outbox_items SET to_json = '{}'").run()).toThrow(/CHECK/);
      db.prepare("UPDATE mailboxes SET sent_copy = 'server'").run();
    } finally {
      db.close();
    }
  });
});
