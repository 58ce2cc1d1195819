import type { MailboxStatusReport } from './status.js';

/** Objects as they cross the contract. Ids are random (UUID), never row numbers. */

export type Role = 'admin' | 'recruiter' | 'hiring-manager';
export const roles = ['admin', 'recruiter', 'hiring-manager'] as const satisfies readonly Role[];

export type Language = 'de' | 'en';
export type LanguagePreference = Language | 'system';

export interface Workspace {
  id: string;
  name: string;
  /** The company's own mail domains, lower case, ASCII (punycode) form. */
  domains: string[];
  createdAt: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  aliases: string[];
  role: Role;
  /** The person this installation belongs to. */
  isOwner: boolean;
}

export interface Session {
  user: User;
  workspace: Workspace;
}

export interface AppInfo {
  version: string;
  /** True until first run has created the workspace and its owner. */
  setupNeeded: boolean;
}

export interface Preferences {
  language: LanguagePreference;
}

export type JobStatus = 'open' | 'archived';

export interface JobSummary {
  id: string;
  title: string;
  status: JobStatus;
  candidateCount: number;
  createdAt: string;
}

export type Stage = 'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected';
export const stages = ['applied', 'screening', 'interview', 'offer', 'hired', 'rejected'] as const satisfies readonly Stage[];

export interface CandidateSummary {
  id: string;
  name: string;
  primaryEmail: string;
  /** R7: false when every job the candidate applied to is archived. */
  synced: boolean;
  /** R5: an address in one of the workspace's own domains. */
  internal: boolean;
  createdAt: string;
}

export type MailboxProvider = 'imap' | 'gmail' | 'microsoft';
export type MailboxKind = 'personal' | 'shared';

export interface MailboxSummary extends MailboxStatusReport {
  id: string;
  address: string;
  displayName: string;
  provider: MailboxProvider;
  kind: MailboxKind;
  ownerUserId: string | null;
}

export type LinkReason = 'address' | 'reply-chain' | 'forward' | 'manual' | 'sample';

export interface ThreadSummary {
  id: string;
  subject: string;
  snippet: string;
  lastMessageAt: string;
  messageCount: number;
  unread: boolean;
  hasAttachments: boolean;
  candidates: { id: string; name: string; reason: LinkReason }[];
  mailboxId: string;
}

/** Binary data moves by id, never inline (headless: token-guarded `GET /blob/<id>`). */
export interface BlobRef {
  blobId: string;
  fileName: string;
  mimeType: string;
  size: number;
}
