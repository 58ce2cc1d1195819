import { afterEach, describe, expect, it } from 'vitest';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, openTestEngine, setUpWorkspace, value, type TestEngine } from '../support/engine.js';
import { makeTempFolder } from '../support/temp-folder.js';

// Drafts saved in the engine as the user types (writing to candidates), through the
// contract: one per place, kept across a restart of the engine on the same data folder,
// listed for their author only, deleted when sent or discarded, refused for a candidate
// the caller may not see.

const engines: TestEngine[] = [];
const temps: { remove(): void }[] = [];
afterEach(async () => {
  for (const running of engines.splice(0)) await running.engine.close().catch(() => undefined);
  temps.splice(0).forEach((temp) => temp.remove());
});

function open(dataFolder: string): TestEngine {
  const running = openTestEngine({ dataFolder });
  engines.push(running);
  return running;
}

describe('drafts', () => {
  it('keeps the draft at its place across a restart, lists it for its author only, and deletes it', async () => {
    const temp = makeTempFolder('hirebox-drafts-');
    temps.push(temp);
    const first = open(temp.folder);
    await setUpWorkspace(first.engine);
    const job = value(await first.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    const candidate = value(await first.engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@example.org'], applications: [{ jobId: job.id }] }));
    const place = `candidate:${candidate.id}`;
    const draft = {
      place,
      candidateId: candidate.id,
      mailboxId: null,
      to: 'Bob Bewerber <bob@example.org>',
      cc: 'not yet an address',
      bcc: '',
      subject: 'Einladung',
      body: 'Lieber Bob, ',
      composer: { mode: 'new' as const },
    };
    value(await first.engine.call(installationOwner, 'drafts:save', draft));
    // Typing on replaces the draft at the same place, never a second one.
    const saved = value(await first.engine.call(installationOwner, 'drafts:save', { ...draft, body: 'Lieber Bob, wann passt es Ihnen?' }));
    expect(saved).toMatchObject({ place, candidateName: 'Bob Bewerber', body: 'Lieber Bob, wann passt es Ihnen?', cc: 'not yet an address', composer: { mode: 'new', showBcc: false } });
    await first.engine.close();
    engines.splice(0);

    const second = open(temp.folder);
    const listed = value(await second.engine.call(installationOwner, 'drafts:list', {}));
    expect(listed.map((entry) => [entry.place, entry.body, entry.to])).toEqual([[place, 'Lieber Bob, wann passt es Ihnen?', 'Bob Bewerber <bob@example.org>']]);

    // A colleague does not see it; a hiring manager outside the job may not write a draft to Bob at all.
    const colleague = await addTeamMember(second.engine, 'recruiter');
    expect(value(await second.engine.call(colleague.caller, 'drafts:list', {}))).toEqual([]);
    const manager = await addTeamMember(second.engine, 'hiring-manager');
    const refused = await second.engine.call(manager.caller, 'drafts:save', draft);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');

    expect(value(await second.engine.call(installationOwner, 'drafts:delete', { place }))).toEqual({ deleted: true });
    expect(value(await second.engine.call(installationOwner, 'drafts:list', {}))).toEqual([]);
    expect(value(await second.engine.call(installationOwner, 'drafts:delete', { place }))).toEqual({ deleted: false });
  });

  it('refuses a malformed place and composer state it could not reopen', async () => {
    const running = openTestEngine();
    engines.push(running);
    await setUpWorkspace(running.engine);
    const job = value(await running.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    const candidate = value(await running.engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@example.org'], applications: [{ jobId: job.id }] }));
    const base = { candidateId: candidate.id, mailboxId: null, to: '', cc: '', bcc: '', subject: '', body: '' };
    const badPlace = await running.engine.call(installationOwner, 'drafts:save', { ...base, place: '../etc', composer: { mode: 'new' } });
    expect(badPlace.ok).toBe(false);
    const badMode = await running.engine.call(installationOwner, 'drafts:save', { ...base, place: `candidate:${candidate.id}`, composer: { mode: 'shout' } } as never);
    expect(badMode.ok).toBe(false);
    if (!badMode.ok) expect(badMode.error.code).toBe('invalid-input');
  });
});
