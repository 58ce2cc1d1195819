import type { CandidateProfile, User } from '../../../shared/model.js';

/**
 * What the composer warns about before a mail to a candidate goes (R5, R6, R7), each with
 * the action it offers. Pure: the composer passes what it knows — the recipients typed,
 * the candidate's profile, the team directory — and shows what comes back.
 */
export type ComposeWarning =
  /** R7: every job of the candidate is archived, so their answer will not be linked. Action: unarchive. */
  | { kind: 'all-jobs-archived'; candidate: string; jobs: { id: string; title: string }[] }
  /** R5: an internal applicant; the mail should stay between them and the team. Action: remove Cc and Bcc. */
  | { kind: 'internal-applicant'; candidate: string; others: string[] }
  /** A colleague from the team directory among the recipients of a mail to a candidate. Action: remove them. */
  | { kind: 'colleague'; colleagues: { name: string; address: string }[] }
  /** Addresses that are not the candidate's (nor a colleague's). Action: add to the candidate, or remove. */
  | { kind: 'not-on-candidate'; candidate: string; addresses: string[] }
  /** R6: the candidate is not among the recipients; names who will receive the mail. Action: add the candidate. */
  | { kind: 'candidate-not-recipient'; candidate: string; primaryAddress: string; recipients: string[] };

export interface ComposeWarningInput {
  /** Addresses as typed in To, Cc and Bcc (already split; `Name <address>` reduced to the address). */
  to: string[];
  cc: string[];
  bcc: string[];
  /** The candidate the mail is written to; null while their profile loads (then nothing is said about them). */
  candidate: CandidateProfile | null;
  /** The team directory (work addresses and aliases); empty when it could not be read. */
  team: readonly User[];
  /** The connected mailboxes' addresses (the user's own): never a stranger. */
  ownAddresses: readonly string[];
  /** Set when the forward warning of a reply already says the candidate is not a recipient. */
  forwardWarningShown: boolean;
}

/** Lower case, trimmed, without a `+tag` in the local part (the R4 comparison). */
export function comparableAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const local = lower.slice(0, at).replace(/\+.*$/, '');
  return `${local}${lower.slice(at)}`;
}

export function composeWarnings(input: ComposeWarningInput): ComposeWarning[] {
  const { candidate } = input;
  if (candidate === null) return [];
  const warnings: ComposeWarning[] = [];
  const all = [...input.to, ...input.cc, ...input.bcc].filter((address) => address.includes('@'));
  const candidateAddresses = new Set(candidate.addresses.map((entry) => comparableAddress(entry.address)));
  const colleagues = new Map<string, string>();
  for (const user of input.team) for (const address of [user.email, ...user.aliases]) colleagues.set(comparableAddress(address), user.name);
  const own = new Set(input.ownAddresses.map(comparableAddress));

  if (candidate.syncState === 'all-jobs-archived') {
    const jobs = new Map<string, string>();
    for (const application of candidate.applications) if (application.jobStatus === 'archived') jobs.set(application.jobId, application.jobTitle);
    warnings.push({ kind: 'all-jobs-archived', candidate: candidate.name, jobs: [...jobs].map(([id, title]) => ({ id, title })) });
  }

  if (all.length > 0 && !all.some((address) => candidateAddresses.has(comparableAddress(address))) && !input.forwardWarningShown) {
    const primary = candidate.addresses.find((entry) => entry.isPrimary) ?? candidate.addresses[0];
    if (primary) warnings.push({ kind: 'candidate-not-recipient', candidate: candidate.name, primaryAddress: primary.address, recipients: unique(all) });
  }

  const found: { name: string; address: string }[] = [];
  const strangers: string[] = [];
  for (const address of unique(all)) {
    const key = comparableAddress(address);
    if (candidateAddresses.has(key) || own.has(key)) continue;
    const colleague = colleagues.get(key);
    if (colleague !== undefined) found.push({ name: colleague, address });
    else strangers.push(address);
  }
  if (found.length > 0) warnings.push({ kind: 'colleague', colleagues: found });
  if (strangers.length > 0) warnings.push({ kind: 'not-on-candidate', candidate: candidate.name, addresses: strangers });

  const others = unique([...input.cc, ...input.bcc]).filter((address) => !candidateAddresses.has(comparableAddress(address)));
  if (candidate.internal) warnings.push({ kind: 'internal-applicant', candidate: candidate.name, others });
  return warnings;
}

/** Removes every occurrence of `address` (compared as R4 does) from an address field's text. */
export function withoutAddress(field: string, address: string): string {
  const key = comparableAddress(address);
  return field
    .split(/[,;\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && comparableAddress(/<([^<>]+)>\s*$/.exec(part)?.[1] ?? part) !== key)
    .join(', ');
}

function unique(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = comparableAddress(address);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
