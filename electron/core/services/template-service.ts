import { randomUUID } from 'node:crypto';
import type { User } from '../../../shared/model.js';
import type { MessageTemplate, templateInput } from '../../../shared/templates.js';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

type TemplateInput = z.output<typeof templateInput>;

/** The workspace's mail templates: every member picks them, recruiters and admins manage them. */
export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): MessageTemplate[] {
    return this.store.templates.list();
  }

  /** Adds a template, or changes the one with `id`. @throws AppError `not-found` for an unknown id. */
  save(actor: User, input: TemplateInput & { id?: string | undefined }): MessageTemplate {
    const now = this.now().toISOString();
    const { id, ...fields } = input;
    const templateId = id ?? randomUUID();
    if (id === undefined) this.store.templates.insert({ id: templateId, ...fields }, actor.id, now);
    else if (!this.store.templates.update({ id, ...fields }, now)) throw new AppError('not-found', 'There is no template with this id.', { field: 'id' });
    return { id: templateId, ...fields, updatedAt: now };
  }

  delete(templateId: string): { deleted: boolean } {
    return { deleted: this.store.templates.delete(templateId) };
  }
}
