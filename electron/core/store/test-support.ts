import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobStatus, LinkReason, MailboxKind, Role, User } from '../../../shared/model.js';
import type { MailAddress, NewMessage } from './repositories/messages-repository.js';
import { Store } from './store.js';

/** Fixtures for the store's own tests; not used by the engine. */

export interface TempFolder {
  folder: string;
  remove(): void;
}

export function makeTempFolder(): TempFolder {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-store-'));
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

export interface TempStore {
  store: Store;
  file: string;
  folder: string;
  dispose(): void;
}

export function openTempStore(): TempStore {
  const temp = makeTempFolder();
  const file = path.join(temp.folder, 'hirebox.db');
  const store = Store.open(file);
  return {
    store,
    file,
    folder: temp.folder,
    dispose() {
      store.close();
      temp.remove();
    },
  };
}

export const createdAt = '2025-03-01T09:00:00.000Z';

export function seedUser(store: Store, role: Role, name = `${role} ${randomUUID().slice(0, 6)}`): User {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomUUID().slice(0, 4)}@acme.com`;
  return store.users.insert({ id: randomUUID(), name, email, role, isOwner: false, createdAt });
}

export function seedJob(store: Store, options: { title?: string; status?: JobStatus; createdAt?: string; team?: string[] } = {}): string {
  const id = randomUUID();
  store.jobs.insert({
    id,
    title: options.title ?? `Job ${id.slice(0, 4)}`,
    status: options.status ?? 'open',
    createdAt: options.createdAt ?? createdAt,
  });
  for (const userId of options.team ?? []) store.jobs.addTeamMember(id, userId);
  return id;
}

export function seedCandidate(
  store: Store,
  options: { name?: string; jobIds?: string[]; addresses?: string[]; internal?: boolean } = {},
): string {
  const id = randomUUID();
  const addresses = options.addresses ?? [`candidate.${id.slice(0, 8)}@example.org`];
  store.candidates.insert({
    id,
    name: options.name ?? `Candidate ${id.slice(0, 4)}`,
    createdAt,
    addresses: addresses.map((address, index) => ({ address, isPrimary: index === 0, internal: options.internal ?? false })),
  });
  for (const jobId of options.jobIds ?? []) {
    store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId, stage: 'applied', createdAt });
  }
  return id;
}

export function seedMailbox(
  store: Store,
  options: { kind?: MailboxKind; ownerUserId?: string | null; members?: string[]; createdAt?: string } = {},
): string {
  const id = randomUUID();
  const kind = options.kind ?? 'personal';
  store.mailboxes.insert({
    id,
    address: `${kind}.${id.slice(0, 8)}@acme.com`,
    displayName: `${kind} mailbox`,
    provider: 'imap',
    kind,
    ownerUserId: options.ownerUserId ?? null,
    createdAt: options.createdAt ?? createdAt,
  });
  for (const userId of options.members ?? []) store.mailboxes.addMember(id, userId);
  return id;
}

export interface SeedMessage {
  date: string;
  subject?: string;
  body?: string;
  from?: MailAddress[];
  links?: { candidateId: string; reason?: LinkReason }[];
  hasAttachments?: boolean;
}

/** A message for `threadId` with a fresh id, Message-ID and content hash; `overrides` win. */
export function newMessage(threadId: string, overrides: Partial<NewMessage> = {}): NewMessage {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    threadId,
    dedupeKey: `mid:<${id}@example.org>`,
    messageIdHeader: `<${id}@example.org>`,
    contentHash: id,
    inReplyTo: null,
    references: [],
    subject: 'Hello',
    from: [{ address: 'anna@example.org' }],
    to: [],
    cc: [],
    bcc: [],
    date: '2025-03-01T10:00:00Z',
    snippet: '',
    hasAttachments: false,
    generatedByHirebox: false,
    createdAt,
    ...overrides,
  };
}

/** A thread in `mailboxId` with its messages and links; returns the thread and message ids. */
export function seedThread(store: Store, mailboxId: string, messages: SeedMessage[]): { threadId: string; messageIds: string[] } {
  const threadId = randomUUID();
  store.threads.insert({ id: threadId, mailboxId, createdAt });
  const messageIds = messages.map((message) => {
    const id = randomUUID();
    const subject = message.subject ?? 'Your application';
    store.messages.insert(
      newMessage(threadId, {
        id,
        subject,
        from: message.from ?? [{ name: 'Someone', address: 'someone@example.org' }],
        to: [{ address: 'recruiter@acme.com' }],
        date: message.date,
        snippet: `snippet of ${subject}`,
        hasAttachments: message.hasAttachments ?? false,
        body: { state: 'full', text: message.body ?? 'Hello', html: null },
      }),
    );
    for (const link of message.links ?? []) {
      store.links.insert({ messageId: id, candidateId: link.candidateId, reason: link.reason ?? 'address', createdAt });
    }
    return id;
  });
  return { threadId, messageIds };
}

/** Every item of every page, following `nextCursor` until it is `null`. */
export function collectPages<T>(load: (cursor: string | undefined) => { items: T[]; nextCursor: string | null }): T[][] {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = load(cursor);
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('paging does not end');
}
