/**
 * Migration 13: sample data (issue 25). "Explore with sample data" loads jobs, candidates
 * and their mail, imported through the same matching and threading code as synced mail,
 * into a sample mailbox. Those rows carry `sample = 1`:
 * - `candidates.sample`: real sync never links mail to a sample candidate, and the sample
 *   import links only to sample candidates (the matcher is asked with one pool or the other);
 * - `jobs.sample`: removed with the sample data (applications first, then the job);
 * - `mailboxes.sample`: the sample mail's threads live in it; it is never synced, never
 *   listed among the connected mailboxes and is no own address (R4 reads real mailboxes).
 *
 * Never edit this text after a release: add `014-...` instead.
 */
export const version = 13;

export const sql = /* sql */ `
ALTER TABLE candidates ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));
ALTER TABLE jobs ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));
ALTER TABLE mailboxes ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));
CREATE INDEX candidates_sample ON candidates (sample) WHERE sample = 1;
CREATE INDEX jobs_sample ON jobs (sample) WHERE sample = 1;
`;
