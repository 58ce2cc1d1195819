import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from './caller.js';
import { installationOwner } from './caller.js';
import type { CandidateProfile, JobDetail, User } from '../../../shared/model.js';
import { addTeamMember, openTestEngine, setUpWorkspace, value, type TestEngine } from '../../../test/support/engine.js';

// Candidates, jobs and the team through the handler map, called as each role (issue 4:
// R3, R4, R5, R7 and who sees what).

let subject: TestEngine;
let recruiter: { user: User; caller: Caller };
let manager: { user: User; caller: Caller };

beforeEach(async () => {
  subject = openTestEngine();
  await setUpWorkspace(subject.engine);
  recruiter = await addTeamMember(subject.engine, 'recruiter', 'Rita Recruiter');
  manager = await addTeamMember(subject.engine, 'hiring-manager', 'Hank Manager');
});
afterEach(() => subject.dispose());


async function createJob(title: string, teamUserIds: string[] = []): Promise<JobDetail> {
  return value(await subject.engine.call(recruiter.caller, 'jobs:create', { title, teamUserIds }));
}

async function createCandidate(name: string, addresses: string[], jobIds: string[] = []): Promise<CandidateProfile> {
  return value(await subject.engine.call(recruiter.caller, 'candidates:create', { name, addresses, applications: jobIds.map((jobId) => ({ jobId })) }));
}

describe('R4: no own address on a candidate', () => {
  it.each([
    ['the owner in another case with a +tag', 'Olivia+Jobs@ACME.com'],
    ['a colleague', ' rita.recruiter@acme.com'],
  ])('refuses %s, at the field, with the rule', async (_case, address) => {
    const result = await subject.engine.call(recruiter.caller, 'candidates:create', { name: 'Mallory', addresses: ['mallory@example.org', address] });
    expect(result).toMatchObject({ ok: false, error: { code: 'own-address', field: 'addresses.1', rule: 'R4' } });
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:list', {})).items).toEqual([]);
  });

  it("refuses a colleague's alias on an international domain, written in Unicode", async () => {
    value(await subject.engine.call(installationOwner, 'users:add-alias', { userId: recruiter.user.id, address: 'rita@xn--bcher-kva.de' }));
    const result = await subject.engine.call(recruiter.caller, 'candidates:create', { name: 'Mallory', addresses: ['Rita+cv@BÜCHER.de'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'own-address', field: 'addresses.0' } });
    expect(!result.ok && result.error.message).toContain('alias of Rita Recruiter');
  });

  it('refuses a team member, alias or edit whose address is already on a candidate', async () => {
    const anna = await createCandidate('Anna Apfel', ['anna+jobs@example.org']);
    expect(await subject.engine.call(installationOwner, 'users:create', { name: 'Anna', email: 'Anna@example.org', role: 'recruiter' })).toMatchObject({
      ok: false,
      error: { code: 'own-address', field: 'email', rule: 'R4' },
    });
    expect(await subject.engine.call(installationOwner, 'users:add-alias', { userId: recruiter.user.id, address: 'anna+other@example.org' })).toMatchObject({
      ok: false,
      error: { code: 'own-address', field: 'address' },
    });
    expect(await subject.engine.call(recruiter.caller, 'candidates:update', { candidateId: anna.id, addresses: ['anna@example.org', 'hank.manager+x@acme.com'] })).toMatchObject({
      ok: false,
      error: { code: 'own-address', field: 'addresses.1' },
    });
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id })).addresses).toEqual([
      { address: 'anna+jobs@example.org', isPrimary: true, internal: false },
    ]);
  });

  it('refuses an address already on another candidate, pointing to merge and naming that candidate', async () => {
    const anna = await createCandidate('Anna Apfel', ['anna@example.org']);
    const result = await subject.engine.call(recruiter.caller, 'candidates:create', { name: 'Anna A.', addresses: ['ANNA@example.org'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', field: 'addresses.0', details: { candidateId: anna.id, candidateName: 'Anna Apfel' } } });
    const other = await createCandidate('Bea', ['bea@example.org']);
    const update = await subject.engine.call(recruiter.caller, 'candidates:update', { candidateId: other.id, addresses: ['bea@example.org', 'anna@example.org'] });
    expect(update).toMatchObject({ ok: false, error: { code: 'conflict', field: 'addresses.1', details: { candidateId: anna.id } } });
    expect(!result.ok && result.error.message).toContain('Merge');
  });
});

describe('R5: internal applicants', () => {
  it('accepts an address in the own domain, flags it, and follows domain changes', async () => {
    const kim = await createCandidate('Kim Intern', ['kim.intern@de.acme.com', 'kim@example.org']);
    expect(kim.internal).toBe(true);
    expect(kim.addresses.find((entry) => entry.address === 'kim.intern@de.acme.com')?.internal).toBe(true);
    value(await subject.engine.call(installationOwner, 'workspace:update', { domains: ['acme.de'] }));
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: kim.id })).internal).toBe(false);
  });
});

describe('R7: archived jobs', () => {
  it('stops sync when every job of the candidate is archived, and resumes it', async () => {
    const backend = await createJob('Backend Engineer');
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [backend.id]);
    expect(anna).toMatchObject({ synced: true, syncState: 'synced' });
    expect((await createCandidate('Bernd Birne', ['bernd@example.org'])).syncState).toBe('no-application');
    expect(value(await subject.engine.call(recruiter.caller, 'jobs:archive', { jobId: backend.id })).status).toBe('archived');
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id }))).toMatchObject({ synced: false, syncState: 'all-jobs-archived' });
    value(await subject.engine.call(recruiter.caller, 'jobs:unarchive', { jobId: backend.id }));
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id })).synced).toBe(true);
  });

  it('offers to archive the job once someone in it is hired', async () => {
    const backend = await createJob('Backend Engineer');
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [backend.id]);
    const applicationId = anna.applications[0]!.id;
    expect(value(await subject.engine.call(recruiter.caller, 'applications:set-stage', { applicationId, stage: 'offer' })).offerArchive).toBeNull();
    const hired = value(await subject.engine.call(recruiter.caller, 'applications:set-stage', { applicationId, stage: 'hired' }));
    expect(hired.offerArchive).toEqual({ jobId: backend.id, title: 'Backend Engineer' });
    expect(hired.profile.applications[0]!.stage).toBe('hired');
  });
});

describe('who sees and does what', () => {
  it("keeps a hiring manager to their own jobs' candidates, even asked by id", async () => {
    const own = await createJob('Backend Engineer', [manager.user.id]);
    const other = await createJob('Sales Lead');
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [own.id]);
    const bernd = await createCandidate('Bernd Birne', ['bernd@example.org'], [other.id]);

    expect(value(await subject.engine.call(manager.caller, 'candidates:get', { candidateId: anna.id })).canDelete).toBe(false);
    expect(await subject.engine.call(manager.caller, 'candidates:get', { candidateId: bernd.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subject.engine.call(manager.caller, 'jobs:get', { jobId: other.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subject.engine.call(manager.caller, 'applications:set-stage', { applicationId: bernd.applications[0]!.id, stage: 'rejected' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const moved = value(await subject.engine.call(manager.caller, 'applications:set-stage', { applicationId: anna.applications[0]!.id, stage: 'interview' }));
    expect(moved.profile.applications[0]!.stage).toBe('interview');
    const job = value(await subject.engine.call(manager.caller, 'jobs:get', { jobId: own.id }));
    expect(job.candidatesByStage.find((column) => column.stage === 'interview')?.candidates.map((candidate) => candidate.name)).toEqual(['Anna Apfel']);
  });

  it("shows and moves only a hiring manager's own jobs' applications of a shared candidate", async () => {
    const own = await createJob('Backend Engineer', [manager.user.id]);
    const other = await createJob('Sales Lead');
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [own.id, other.id]);
    const seen = value(await subject.engine.call(manager.caller, 'candidates:get', { candidateId: anna.id }));
    expect(seen.applications.map((application) => application.jobTitle)).toEqual(['Backend Engineer']);
    const foreign = anna.applications.find((application) => application.jobId === other.id)!;
    expect(await subject.engine.call(manager.caller, 'applications:set-stage', { applicationId: foreign.id, stage: 'rejected' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const recruiterSees = value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id }));
    expect(recruiterSees.applications.find((application) => application.jobId === other.id)?.stage).toBe('applied');
  });

  it('refuses hiring managers the changes that are for recruiters', async () => {
    const own = await createJob('Backend Engineer', [manager.user.id]);
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [own.id]);
    for (const [channel, input] of [
      ['candidates:delete', { candidateId: anna.id }],
      ['candidates:create', { name: 'X', addresses: ['x@example.org'] }],
      ['jobs:create', { title: 'Mine' }],
      ['jobs:archive', { jobId: own.id }],
      ['users:create', { name: 'Y', email: 'y@acme.com', role: 'admin' }],
    ] as const) {
      expect(await subject.engine.dispatch(manager.caller, channel, input), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id })).name).toBe('Anna Apfel');
  });

  it('offers no channel that changes the caller', async () => {
    const result = await subject.engine.dispatch(manager.caller, 'users:update', { userId: manager.user.id, role: 'admin' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value(await subject.engine.call(manager.caller, 'session:get', {})).user.role).toBe('hiring-manager');
  });

  it('keeps the owner and the last admin admins', async () => {
    const owner = value(await subject.engine.call(installationOwner, 'session:get', {})).user;
    expect(await subject.engine.call(installationOwner, 'users:update', { userId: owner.id, role: 'recruiter' })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'role' } });
    expect(value(await subject.engine.call(installationOwner, 'users:update', { userId: recruiter.user.id, role: 'admin' })).role).toBe('admin');
    expect(value(await subject.engine.call(installationOwner, 'users:update', { userId: recruiter.user.id, role: 'recruiter' })).role).toBe('recruiter');
  });
});

describe('deleting and merging', () => {
  it('deletes a candidate so that the profile is not found and the list no longer shows it', async () => {
    const anna = await createCandidate('Anna Apfel', ['anna@example.org']);
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:delete', { candidateId: anna.id }))).toEqual({ candidateId: anna.id, report: expect.objectContaining({ action: 'deleted', trigger: 'request' }) });
    expect(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: anna.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:list', {})).items).toEqual([]);
    // The address is free again.
    await createCandidate('Anna Apfel', ['anna@example.org']);
  });

  it('merges two candidates: addresses and applications move to the survivor, the other goes', async () => {
    const backend = await createJob('Backend Engineer');
    const sales = await createJob('Sales Lead');
    const anna = await createCandidate('Anna Apfel', ['anna@example.org'], [backend.id]);
    const twin = await createCandidate('Anna A.', ['anna.apfel@mail.example', 'anna@other.example'], [backend.id, sales.id]);
    const merged = value(await subject.engine.call(recruiter.caller, 'candidates:merge', { survivorId: anna.id, mergedId: twin.id }));
    expect(merged.addresses.map((entry) => [entry.address, entry.isPrimary])).toEqual([
      ['anna@example.org', true],
      ['anna.apfel@mail.example', false],
      ['anna@other.example', false],
    ]);
    expect(merged.applications.map((application) => application.jobTitle).sort()).toEqual(['Backend Engineer', 'Sales Lead']);
    expect(await subject.engine.call(recruiter.caller, 'candidates:get', { candidateId: twin.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await subject.engine.call(recruiter.caller, 'candidates:merge', { survivorId: anna.id, mergedId: anna.id })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('CSV import', () => {
  function upload(text: string | Buffer): string {
    const owner = subject.engine.userOf(installationOwner)!;
    return subject.engine.blobs.offer(owner.id, Buffer.isBuffer(text) ? text : Buffer.from(text), { fileName: 'candidates.csv', mimeType: 'text/csv' }).blobId;
  }

  it('imports good rows whole and reports each refused row with its line and column', async () => {
    await createCandidate('Existing', ['taken@example.org']);
    const csv = [
      'Name;E-Mail;Weitere E-Mails;Stelle;Phase',
      'Jürgen Müller;juergen@example.org;j.mueller@mail.example;Backend Engineer;Interview',
      'Own Address;olivia+cv@acme.com;;Backend Engineer;',
      'Broken;not-an-address;;;',
      'Twin;new@example.org;taken@example.org;Sales Lead;',
      'Clara Neu;clara@example.org;;Sales Lead;beworben',
      `${'Very Long Name '.repeat(20)};long@example.org;;;`,
    ].join('\r\n');
    const report = value(await subject.engine.call(installationOwner, 'candidates:import', { blobId: upload(csv) }));
    expect(report.imported).toBe(2);
    expect(report.jobsCreated).toBe(2);
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'own-address', field: 'email' }),
      expect.objectContaining({ line: 4, code: 'invalid-input', field: 'email' }),
      expect.objectContaining({ line: 5, code: 'conflict', field: 'other emails' }),
      expect.objectContaining({ line: 7, code: 'invalid-input', field: 'name' }),
    ]);
    const names = value(await subject.engine.call(recruiter.caller, 'candidates:list', {})).items.map((candidate) => candidate.name);
    expect(names).toEqual(['Clara Neu', 'Existing', 'Jürgen Müller']);
    // The refused row 5 left nothing behind: its other address is still free.
    await createCandidate('Someone', ['new@example.org']);
    const jobs = value(await subject.engine.call(recruiter.caller, 'jobs:list', {})).items.map((job) => [job.title, job.candidateCount]);
    expect(jobs.sort()).toEqual([['Backend Engineer', 1], ['Sales Lead', 1]]);
  });

  it('reads a Windows-1252 file with umlauts', async () => {
    // "Jörg Bäcker;joerg@example.org" in Windows-1252: ö = 0xF6, ä = 0xE4.
    const bytes = Buffer.concat([Buffer.from('name,email\r\nJ'), Buffer.from([0xf6]), Buffer.from('rg B'), Buffer.from([0xe4]), Buffer.from('cker,joerg@example.org\r\n')]);
    const report = value(await subject.engine.call(installationOwner, 'candidates:import', { blobId: upload(bytes) }));
    expect(report).toMatchObject({ imported: 1, problems: [] });
    expect(value(await subject.engine.call(recruiter.caller, 'candidates:list', { query: 'bäcker' })).items.map((candidate) => candidate.name)).toEqual(['Jörg Bäcker']);
  });

  it('imports 10,000 rows', async () => {
    const lines = ['name,email,job'];
    for (let index = 0; index < 10_000; index += 1) lines.push(`Candidate ${index},candidate${index}@example.org,Job ${index % 20}`);
    const report = value(await subject.engine.call(installationOwner, 'candidates:import', { blobId: upload(lines.join('\n')) }));
    expect(report).toMatchObject({ imported: 10_000, jobsCreated: 20, problems: [] });
    // Issue 7: one backfill offer for the whole import, not one per row.
    expect(report.backfillOffer).toMatchObject({ days: 90 });
    expect(report.backfillOffer?.candidateIds).toHaveLength(10_000);
    const page = value(await subject.engine.call(recruiter.caller, 'candidates:list', { query: 'candidate9999@' }));
    expect(page.items.map((candidate) => candidate.name)).toEqual(['Candidate 9999']);
  }, 60_000);

  it('answers an expired or foreign upload with not-found', async () => {
    expect(await subject.engine.call(installationOwner, 'candidates:import', { blobId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'not-found', field: 'blobId' } });
  });
});

describe('candidates:list sorting and filters', () => {
  it('filters by job and stage and sorts by stage, within what the caller may see', async () => {
    const teamJob = await createJob('Team job', [manager.user.id]);
    const otherJob = await createJob('Other job');
    const anna = await createCandidate('Anna', ['anna@example.org'], [teamJob.id]);
    await createCandidate('Bert', ['bert@example.org'], [teamJob.id, otherJob.id]);
    await createCandidate('Cem', ['cem@example.org'], [otherJob.id]);
    const annaApplication = anna.applications[0]!;
    value(await subject.engine.call(recruiter.caller, 'applications:set-stage', { applicationId: annaApplication.id, stage: 'offer' }));
    const names = async (caller: Caller, input: object) =>
      value(await subject.engine.call(caller, 'candidates:list', input)).items.map((candidate) => candidate.name);

    expect(await names(recruiter.caller, { jobId: otherJob.id })).toEqual(['Bert', 'Cem']);
    expect(await names(recruiter.caller, { stage: 'offer' })).toEqual(['Anna']);
    expect(await names(recruiter.caller, { sort: 'stage', direction: 'desc' })).toEqual(['Anna', 'Bert', 'Cem']);
    expect(await names(manager.caller, { jobId: otherJob.id })).toEqual([]);
    const bertForManager = value(await subject.engine.call(manager.caller, 'candidates:list', { query: 'bert' })).items[0];
    expect(bertForManager?.applications.map((application) => application.jobTitle)).toEqual(['Team job']);
  });

  it.each([
    [{ sort: 'newest' }, 'sort'],
    [{ direction: 'up' }, 'direction'],
    [{ stage: 'hiring' }, 'stage'],
    [{ jobId: 'not-an-id' }, 'jobId'],
  ])('refuses %j at its field', async (input, field) => {
    expect(await subject.engine.call(recruiter.caller, 'candidates:list', input as never)).toMatchObject({ ok: false, error: { code: 'invalid-input', field } });
  });
});

describe('the owner’s work address', () => {
  it('can change after first run, with the checks a new address gets', async () => {
    const owner = value(await subject.engine.call(installationOwner, 'session:get', {})).user;
    await createCandidate('Carl', ['carl@example.org']);
    expect(await subject.engine.call(installationOwner, 'users:update', { userId: owner.id, email: 'rita.recruiter@acme.com' })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'email' } });
    expect(await subject.engine.call(installationOwner, 'users:update', { userId: owner.id, email: 'carl@example.org' })).toMatchObject({ ok: false, error: { code: 'own-address', field: 'email' } });
    expect(await subject.engine.call(installationOwner, 'users:update', { userId: owner.id, email: 'not an address' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'email' } });
    const changed = value(await subject.engine.call(installationOwner, 'users:update', { userId: owner.id, email: ' Olivia.Owner@ACME.com ' }));
    expect(changed.email).toBe('olivia.owner@acme.com');
    expect(value(await subject.engine.call(installationOwner, 'session:get', {})).user.email).toBe('olivia.owner@acme.com');
    // R4 follows the new address.
    expect(await subject.engine.call(recruiter.caller, 'candidates:create', { name: 'Mallory', addresses: ['olivia.owner@acme.com'] })).toMatchObject({ ok: false, error: { code: 'own-address' } });
  });
});
