import type { Workspace } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isUniqueViolation } from '../sqlite-errors.js';

interface WorkspaceRow {
  id: string;
  name: string;
  created_at: string;
}

export interface NewWorkspace {
  id: string;
  name: string;
  /** Normalised by the caller (lower case, ASCII form); kept in the order given. */
  domains: string[];
  createdAt: string;
}

export interface WorkspaceChanges {
  name?: string;
  /** Replaces every domain. */
  domains?: string[];
}

/** The one workspace of this installation and its own mail domains. */
export class WorkspaceRepository {
  readonly #db: Database;
  readonly #select;
  readonly #selectDomains;
  readonly #insert;
  readonly #insertDomain;
  readonly #rename;
  readonly #deleteDomains;

  constructor(db: Database) {
    this.#db = db;
    this.#select = db.prepare<[], WorkspaceRow>('SELECT id, name, created_at FROM workspace');
    this.#selectDomains = db
      .prepare<[string], string>('SELECT domain FROM workspace_domains WHERE workspace_id = ? ORDER BY position')
      .pluck();
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO workspace (id, name, created_at) VALUES (?, ?, ?)');
    this.#insertDomain = db.prepare<[string, string, number]>(
      'INSERT INTO workspace_domains (workspace_id, domain, position) VALUES (?, ?, ?)',
    );
    this.#rename = db.prepare<[string, string]>('UPDATE workspace SET name = ? WHERE id = ?');
    this.#deleteDomains = db.prepare<[string]>('DELETE FROM workspace_domains WHERE workspace_id = ?');
  }

  /** The workspace, or `null` before first run. */
  get(): Workspace | null {
    const row = this.#select.get();
    return row === undefined ? null : this.#toWorkspace(row);
  }

  /**
   * Creates the workspace (first run).
   * @throws AppError `already-set-up` when one exists; `conflict` (field `domains`) for a repeated domain.
   */
  create(input: NewWorkspace): Workspace {
    return this.#db.transaction(() => {
      try {
        this.#insert.run(input.id, input.name, input.createdAt);
      } catch (error) {
        if (isUniqueViolation(error, 'workspace.')) {
          throw new AppError('already-set-up', 'This installation already has a workspace.', { cause: error });
        }
        throw error;
      }
      this.#writeDomains(input.id, input.domains);
      return this.#toWorkspace({ id: input.id, name: input.name, created_at: input.createdAt });
    })();
  }

  /**
   * Renames the workspace and/or replaces its domains.
   * @throws AppError `not-found` for an unknown id; `conflict` (field `domains`) for a repeated domain.
   */
  update(id: string, changes: WorkspaceChanges): Workspace {
    return this.#db.transaction(() => {
      const row = this.#select.get();
      if (row === undefined || row.id !== id) throw new AppError('not-found', 'There is no workspace with this id.');
      if (changes.name !== undefined) this.#rename.run(changes.name, id);
      if (changes.domains !== undefined) {
        this.#deleteDomains.run(id);
        this.#writeDomains(id, changes.domains);
      }
      return this.#toWorkspace({ ...row, name: changes.name ?? row.name });
    })();
  }

  #writeDomains(workspaceId: string, domains: readonly string[]): void {
    domains.forEach((domain, position) => {
      try {
        this.#insertDomain.run(workspaceId, domain, position);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('conflict', `The domain ${domain} is listed twice.`, { field: 'domains', cause: error });
        }
        throw error;
      }
    });
  }

  #toWorkspace(row: WorkspaceRow): Workspace {
    return { id: row.id, name: row.name, domains: this.#selectDomains.all(row.id), createdAt: row.created_at };
  }
}
