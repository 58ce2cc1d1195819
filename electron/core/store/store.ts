import { AppError } from '../errors.js';
import type { Database } from './database.js';
import { openDatabase, type OpenDatabaseOptions } from './database.js';
import { AttachmentsRepository } from './repositories/attachments-repository.js';
import { CertificateExceptionsRepository } from './repositories/certificate-exceptions-repository.js';
import { CandidatesRepository } from './repositories/candidates-repository.js';
import { DeletionRepository } from './repositories/deletion-repository.js';
import { FoldersRepository } from './repositories/folders-repository.js';
import { JobsRepository } from './repositories/jobs-repository.js';
import { LinksRepository } from './repositories/links-repository.js';
import { LocationsRepository } from './repositories/locations-repository.js';
import { MailboxesRepository } from './repositories/mailboxes-repository.js';
import { MessagesRepository } from './repositories/messages-repository.js';
// Issue 8 (sending).
import { DraftsRepository } from './repositories/drafts-repository.js';
import { TemplatesRepository } from './repositories/templates-repository.js';
import { ThreadTeamRepository } from './repositories/thread-team-repository.js';
import { OutboxRepository } from './repositories/outbox-repository.js';
import { PreferencesRepository } from './repositories/preferences-repository.js';
import { PurgeRepository } from './repositories/purge-repository.js';
import { PrivacyRepository } from './repositories/privacy-repository.js';

import { SampleDataRepository } from './repositories/sample-data-repository.js';
import { SearchRepository } from './repositories/search-repository.js';
import { ThreadNodesRepository } from './repositories/thread-nodes-repository.js';
import { ThreadsRepository } from './repositories/threads-repository.js';
import { UsersRepository } from './repositories/users-repository.js';
import { WorkspaceRepository } from './repositories/workspace-repository.js';

/** What `checkpoint()` achieved. */
export interface CheckpointResult {
  /** False when another connection kept part of the WAL in use; call again later. */
  complete: boolean;
}

/**
 * The engine's database and its repositories — the only place SQL lives. Calls are
 * synchronous (better-sqlite3); keep each one short, the engine shares a thread with the UI.
 */
export class Store {
  readonly workspace: WorkspaceRepository;
  readonly users: UsersRepository;
  readonly preferences: PreferencesRepository;
  readonly jobs: JobsRepository;
  readonly candidates: CandidatesRepository;
  readonly mailboxes: MailboxesRepository;
  readonly threads: ThreadsRepository;
  readonly messages: MessagesRepository;
  readonly links: LinksRepository;
  readonly folders: FoldersRepository;
  readonly locations: LocationsRepository;
  readonly threadNodes: ThreadNodesRepository;
  readonly attachments: AttachmentsRepository;
  readonly search: SearchRepository;
  readonly deletion: DeletionRepository;
  readonly purges: PurgeRepository;
  /** Issue 24: erasure reports, the retention rule, export reads. */
  readonly privacy: PrivacyRepository;
  // Issue 8 (sending).
  readonly outbox: OutboxRepository;
  readonly drafts: DraftsRepository;
  readonly templates: TemplatesRepository;
  /** Comments, assignment and who is replying (issue 21). */
  readonly threadTeam: ThreadTeamRepository;
  /** Issue 6: certificates trusted by hand. */
  readonly certificateExceptions: CertificateExceptionsRepository;
  /** Issue 25: the rows of the sample data. */
  readonly sampleData: SampleDataRepository;
  readonly #db: Database;

  private constructor(db: Database) {
    this.#db = db;
    this.workspace = new WorkspaceRepository(db);
    this.users = new UsersRepository(db);
    this.preferences = new PreferencesRepository(db);
    this.jobs = new JobsRepository(db);
    this.candidates = new CandidatesRepository(db);
    this.mailboxes = new MailboxesRepository(db);
    this.threads = new ThreadsRepository(db);
    this.messages = new MessagesRepository(db);
    this.links = new LinksRepository(db);
    this.folders = new FoldersRepository(db);
    this.locations = new LocationsRepository(db);
    this.threadNodes = new ThreadNodesRepository(db);
    this.attachments = new AttachmentsRepository(db);
    this.search = new SearchRepository(db);
    this.deletion = new DeletionRepository(db);
    this.purges = new PurgeRepository(db);
    this.privacy = new PrivacyRepository(db);
    this.outbox = new OutboxRepository(db);
    this.drafts = new DraftsRepository(db);
    this.templates = new TemplatesRepository(db);
    this.threadTeam = new ThreadTeamRepository(db);
    this.certificateExceptions = new CertificateExceptionsRepository(db);
    this.sampleData = new SampleDataRepository(db);
  }

  /**
   * Opens (or creates) the database at `file` and migrates it.
   * @throws AppError `database-too-new` or `storage-unavailable` (see `openDatabase`).
   */
  static open(file: string, options: OpenDatabaseOptions = {}): Store {
    return new Store(openDatabase(file, options));
  }

  /**
   * Runs `fn` in one transaction: all of its writes or none. Nested calls become
   * savepoints. `fn` must be synchronous — a transaction cannot stay open across an await.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(() => {
      const result = fn();
      if (isThenable(result)) {
        // Throwing here rolls back whatever ran before the first await.
        throw new AppError('internal', 'A store transaction was given an async function.');
      }
      return result;
    })();
  }

  /**
   * Writes the WAL back into the database file and truncates it to zero bytes, so that
   * deleted data (R3) no longer lingers in the WAL file.
   */
  checkpoint(): CheckpointResult {
    const [result] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return { complete: result?.busy === 0 };
  }

  /** Checkpoints and closes the database; later calls do nothing. */
  close(): void {
    if (!this.#db.open) return;
    try {
      this.checkpoint();
    } finally {
      this.#db.close();
    }
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
