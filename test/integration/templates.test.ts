import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, openTestEngine, setUpWorkspace, value, type TestEngine } from '../support/engine.js';

// Mail templates through the contract (writing to candidates): managed by recruiters and
// admins, listed for every member, and a placeholder left without a value is refused by
// the engine itself, so no client can send `{firstName}` to a candidate.

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const running of engines.splice(0)) await running.dispose();
});

async function engineWithWorkspace(): Promise<TestEngine> {
  const running = openTestEngine();
  engines.push(running);
  await setUpWorkspace(running.engine);
  return running;
}

describe('templates', () => {
  it('are added, changed, listed by language and name, and deleted; a hiring manager only reads them', async () => {
    const { engine } = await engineWithWorkspace();
    const invitation = value(await engine.call(installationOwner, 'templates:save', { name: 'Einladung', language: 'de', subject: 'Einladung, {firstName}', body: 'Hallo {firstName},\n\nwir laden Sie zu {jobTitle} ein.\n\n{signature}' }));
    value(await engine.call(installationOwner, 'templates:save', { name: 'Invitation', language: 'en', body: 'Dear {firstName},' }));
    value(await engine.call(installationOwner, 'templates:save', { id: invitation.id, name: 'Einladung zum Gespräch', language: 'de', body: 'Hallo {firstName}!' }));
    const manager = await addTeamMember(engine, 'hiring-manager');
    const listed = value(await engine.call(manager.caller, 'templates:list', {}));
    expect(listed.map((template) => [template.language, template.name, template.body])).toEqual([
      ['de', 'Einladung zum Gespräch', 'Hallo {firstName}!'],
      ['en', 'Invitation', 'Dear {firstName},'],
    ]);
    const refused = await engine.call(manager.caller, 'templates:save', { name: 'Mine', language: 'en', body: 'x' });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    const unknown = await engine.call(installationOwner, 'templates:save', { id: randomUUID(), name: 'Gone', language: 'en', body: 'x' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not-found');
    const empty = await engine.call(installationOwner, 'templates:save', { name: ' ', language: 'en', body: 'x' });
    expect(empty.ok ? null : empty.error.code).toBe('invalid-input');
    expect(value(await engine.call(installationOwner, 'templates:delete', { templateId: invitation.id }))).toEqual({ deleted: true });
    expect(value(await engine.call(installationOwner, 'templates:list', {})).map((template) => template.name)).toEqual(['Invitation']);
  });

  it('the engine refuses a mail with a placeholder left standing, naming it and its field', async () => {
    const { engine } = await engineWithWorkspace();
    const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    const candidate = value(await engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@example.org'], applications: [{ jobId: job.id }] }));
    const mail = { mailboxId: randomUUID(), candidateId: candidate.id, to: ['bob@example.org'], subject: 'Einladung', body: 'Hallo Bob,\n\n{signature}' };
    const refused = await engine.call(installationOwner, 'outbox:send', mail);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect([refused.error.code, refused.error.field, refused.error.message]).toEqual(['invalid-input', 'body', '{signature} has no value in this mail; fill it in or remove it.']);
    const inSubject = await engine.call(installationOwner, 'outbox:send', { ...mail, subject: 'Hallo {firstName}', body: 'x' });
    expect(inSubject.ok ? null : inSubject.error.field).toBe('subject');
    expect(value(await engine.call(installationOwner, 'outbox:list', { limit: 10 })).items).toEqual([]);
  });
});
