import type { MessageTemplate } from '../../../../shared/templates.js';
import type { Database } from '../database.js';

interface TemplateRow {
  id: string;
  name: string;
  language: 'de' | 'en';
  subject: string;
  body: string;
  updated_at: string;
}

/** The workspace's mail templates (migration 8). */
export class TemplatesRepository {
  readonly #insert;
  readonly #update;
  readonly #all;
  readonly #delete;

  constructor(db: Database) {
    this.#insert = db.prepare<{ id: string; name: string; language: string; subject: string; body: string; userId: string; now: string }>(
      `INSERT INTO message_templates (id, name, language, subject, body, created_by_user_id, created_at, updated_at)
       VALUES (@id, @name, @language, @subject, @body, @userId, @now, @now)`,
    );
    this.#update = db.prepare<{ id: string; name: string; language: string; subject: string; body: string; now: string }>(
      'UPDATE message_templates SET name = @name, language = @language, subject = @subject, body = @body, updated_at = @now WHERE id = @id',
    );
    this.#all = db.prepare<[], TemplateRow>('SELECT id, name, language, subject, body, updated_at FROM message_templates ORDER BY language, name COLLATE NOCASE, id');
    this.#delete = db.prepare<[string]>('DELETE FROM message_templates WHERE id = ?');
  }

  insert(template: Omit<MessageTemplate, 'updatedAt'>, userId: string, now: string): void {
    this.#insert.run({ ...template, userId, now });
  }

  /** Answers false for an unknown id. */
  update(template: Omit<MessageTemplate, 'updatedAt'>, now: string): boolean {
    return this.#update.run({ ...template, now }).changes > 0;
  }

  list(): MessageTemplate[] {
    return this.#all.all().map((row) => ({ id: row.id, name: row.name, language: row.language, subject: row.subject, body: row.body, updatedAt: row.updated_at }));
  }

  /** Answers false for an unknown id. */
  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }
}
