import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { migrations } from './index.js';
import * as sendLater from './006-send-later.js';
import { makeTempFolder, type TempFolder } from '../test-support.js';

// Migration 6 (send later): an older database keeps its outbox items, which wait for
// nothing (no `send_after`), and each user's grace period starts at 10 seconds.

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

describe('migration 6 (send later)', () => {
  it('upgrades an older database: items keep going at once, the grace period defaults to 10 s and stays within 0–60', () => {
    const before = new Sqlite(file);
    before.pragma('journal_mode = WAL');
    before.pragma('foreign_keys = ON');
    migrate(before, 0, migrations.filter((step) => step.version < sendLater.version));
    before.exec(`INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES ('u', 'Olivia', 'olivia@acme.com', 'admin', 1, 'now');
      INSERT INTO user_preferences (user_id, language) VALUES ('u', 'de');
      INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, created_at) VALUES ('m', 'olivia@acme.com', 'Olivia', 'imap', 'personal', 'u', 'now');
      INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, state, created_at, updated_at)
      VALUES ('o', 'x@acme.com', 'm', 'u', 'queued', 'now', 'now');`);
    before.close();

    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT state, send_after FROM outbox_items').get()).toEqual({ state: 'queued', send_after: null });
      expect(db.prepare('SELECT language, undo_send_seconds FROM user_preferences').get()).toEqual({ language: 'de', undo_send_seconds: 10 });
      expect(() => db.prepare('UPDATE user_preferences SET undo_send_seconds = 61').run()).toThrow(/CHECK/);
      expect(() => db.prepare('UPDATE user_preferences SET undo_send_seconds = -1').run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
