import Sqlite from 'better-sqlite3';
import path from 'node:path';
import type { FaultRunResult } from './types.js';

/** What the run put on the server and sent, to hold the engine's store against. */
export interface FaultWorld {
  /** Mail on the server that must be linked exactly once to the candidate holding `candidateAddress`. */
  candidateMail: { messageId: string; candidateAddress: string }[];
  /** Mail on the server with no candidate in it: must not be stored. */
  otherMail: { messageId: string }[];
  /**
   * Mail the run asked the engine to send, by the Message-ID the outbox gave it, with the
   * number of DATA transactions the SMTP server accepted carrying that Message-ID.
   */
  sends?: { messageId: string; dataTransactions: number }[];
}

/**
 * Checks the invariants on a data folder the engine has closed (or no longer writes):
 * every candidate mail linked exactly once, nothing else stored, nothing sent twice.
 * Opens `hirebox.db` read-only.
 */
export function checkInvariants(dataFolder: string, world: FaultWorld): FaultRunResult {
  const db = new Sqlite(path.join(dataFolder, 'hirebox.db'), { readonly: true, fileMustExist: true });
  try {
    const rowsOf = db.prepare<[string], { id: string }>('SELECT id FROM messages WHERE message_id_header = ?');
    const linksOf = db.prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM links
         JOIN candidate_addresses ON candidate_addresses.candidate_id = links.candidate_id
        WHERE links.message_id = ? AND candidate_addresses.address = ?`,
    );
    const result: FaultRunResult = { lost: 0, duplicated: 0, unexpected: 0, doubleSends: 0, details: [] };
    // The store keeps Message-IDs without angle brackets (normalizeMessageId); the world may give either.
    const bare = (messageId: string) => messageId.trim().replace(/^<|>$/gu, '');
    for (const mail of world.candidateMail) {
      const rows = rowsOf.all(bare(mail.messageId));
      if (rows.length > 1) {
        result.duplicated += 1;
        result.details.push(`stored ${rows.length} times: ${mail.messageId}`);
      }
      const links = rows.reduce((sum, row) => sum + linksOf.get(row.id, mail.candidateAddress.toLowerCase())!.n, 0);
      if (links !== 1) {
        result.lost += 1;
        result.details.push(`${links === 0 ? 'not linked' : `linked ${links} times`}: ${mail.messageId} → ${mail.candidateAddress}`);
      }
    }
    for (const mail of world.otherMail) {
      if (rowsOf.all(bare(mail.messageId)).length > 0) {
        result.unexpected += 1;
        result.details.push(`stored without a candidate: ${mail.messageId}`);
      }
    }
    // Nothing else either: a stored message the world does not know (a mangled Message-ID,
    // mail of another run) is unexpected too.
    const known = new Set([...world.candidateMail, ...world.otherMail].map((mail) => bare(mail.messageId)));
    for (const row of db.prepare<[], { header: string | null }>('SELECT message_id_header AS header FROM messages').all()) {
      if (row.header !== null && known.has(row.header)) continue;
      result.unexpected += 1;
      result.details.push(`stored but not on the server: ${row.header ?? '(no Message-ID)'}`);
    }
    for (const send of world.sends ?? []) {
      if (send.dataTransactions > 1) {
        result.doubleSends += 1;
        result.details.push(`sent ${send.dataTransactions} times: ${send.messageId}`);
      }
    }
    return result;
  } finally {
    db.close();
  }
}
