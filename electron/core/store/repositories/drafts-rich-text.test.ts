import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';
import { DraftsRepository } from './drafts-repository.js';
import { makeTempFolder, type TempFolder } from '../test-support.js';
import { migrations } from '../migrations/index.js';

// Rich text in drafts: `drafts.body_html` is there since migration 1 and stayed NULL until
// rich text, so no migration is needed. A draft saved before keeps its plain text and has no
// HTML (the composer opens it as paragraphs); a draft saved after keeps both.

let temp: TempFolder;
let file: string;
beforeEach(() => {
  temp = makeTempFolder();
  file = path.join(temp.folder, 'hirebox.db');
});
afterEach(() => temp.remove());

const candidate = '00000000-0000-4000-8000-000000000001';

describe('drafts in rich text', () => {
  it('reads a plain-text draft of an older database as it was, and saves HTML beside the text from then on', () => {
    const before = new Sqlite(file);
    before.pragma('journal_mode = WAL');
    before.pragma('foreign_keys = ON');
    migrate(before, 0, migrations.filter((step) => step.version <= 8));
    before.exec(`INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES ('u', 'Olivia', 'olivia@acme.com', 'admin', 1, 'now');
      INSERT INTO candidates (id, name, created_at) VALUES ('${candidate}', 'Anna Adler', 'now');
      INSERT INTO drafts (id, author_user_id, place, candidate_id, subject, body_text, composer_json, created_at, updated_at)
      VALUES ('d', 'u', 'candidate:${candidate}', '${candidate}', 'Hallo', 'Erste Zeile\n\nZweite', '{"mode":"new"}', 'now', 'now');`);
    before.close();

    const db = openDatabase(file);
    try {
      const drafts = new DraftsRepository(db);
      const [old] = drafts.listOf('u');
      expect(old).toMatchObject({ body: 'Erste Zeile\n\nZweite', subject: 'Hallo' });
      expect(old).not.toHaveProperty('html');
      const saved = drafts.save('u', { place: `candidate:${candidate}`, candidateId: candidate, mailboxId: null, to: '', cc: '', bcc: '', subject: 'Hallo', body: '*Erste* Zeile', html: '<p><strong>Erste</strong> Zeile</p>', composer: { mode: 'new', showBcc: false } }, 'later');
      expect(saved).toMatchObject({ body: '*Erste* Zeile', html: '<p><strong>Erste</strong> Zeile</p>' });
      expect(drafts.listOf('u')).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
