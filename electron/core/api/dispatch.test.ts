import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../../shared/events.js';
import { acmeSetup, addTeamMember, openTestEngine, setUpWorkspace, type TestEngine } from '../../../test/support/engine.js';
import { installationOwner, userCaller } from './caller.js';

// Contract tests: the handler map called as different callers, with no shell in between.

let subject: TestEngine;
beforeEach(() => {
  subject = openTestEngine();
});
afterEach(() => subject.dispose());

describe('first run', () => {
  it('is needed until the workspace exists, then refused', async () => {
    const { engine } = subject;
    expect(await engine.call(installationOwner, 'app:info', {})).toMatchObject({ ok: true, value: { setupNeeded: true } });
    expect(await engine.call(installationOwner, 'session:get', {})).toMatchObject({ ok: false, error: { code: 'setup-required' } });

    const session = await setUpWorkspace(engine);
    expect(session.workspace).toMatchObject({ name: 'Acme GmbH', domains: ['acme.com'] });
    expect(session.user).toMatchObject({ name: 'Olivia Owner', email: 'olivia@acme.com', role: 'admin', isOwner: true });
    expect(session.user.id).toMatch(/^[0-9a-f-]{36}$/);

    const again = await engine.call(installationOwner, 'setup:create', { ...acmeSetup, workspaceName: 'Other' });
    expect(again).toMatchObject({ ok: false, error: { code: 'already-set-up' } });
    expect(await engine.call(installationOwner, 'workspace:get', {})).toMatchObject({ ok: true, value: { name: 'Acme GmbH' } });
  });

  it('normalises the owner address and the domains', async () => {
    const result = await subject.engine.call(installationOwner, 'setup:create', {
      workspaceName: 'Bücher AG',
      domains: [' Bücher.de ', 'BUCHER.de', 'xn--bcher-kva.de'],
      owner: { name: 'Berta', email: ' Berta@BÜCHER.de ' },
    });
    expect(result).toMatchObject({ ok: true, value: { workspace: { domains: ['xn--bcher-kva.de', 'bucher.de'] }, user: { email: 'berta@xn--bcher-kva.de' } } });
  });

  it('refuses a bad owner address with the field, and writes nothing', async () => {
    const { engine } = subject;
    const result = await engine.call(installationOwner, 'setup:create', { ...acmeSetup, owner: { name: 'Olivia', email: 'not an address' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'owner.email', retryable: false } });
    expect(await engine.call(installationOwner, 'app:info', {})).toMatchObject({ ok: true, value: { setupNeeded: true } });
  });

  it('refuses a bad domain with its index as the field', async () => {
    const result = await subject.engine.call(installationOwner, 'setup:create', { ...acmeSetup, domains: ['acme.com', 'acme'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'domains.1' } });
  });

  it('names every field at fault at once', async () => {
    const result = await subject.engine.call(installationOwner, 'setup:create', {
      workspaceName: ' ',
      domains: ['acme.com', 'acme'],
      owner: { name: '', email: 'olivia-at-acme' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'workspaceName' } });
    expect(!result.ok && result.error.issues?.map((issue) => issue.field)).toEqual(['workspaceName', 'domains.1', 'owner.name', 'owner.email']);
    const empty = await subject.engine.call(installationOwner, 'setup:create', { workspaceName: '', domains: [], owner: { name: '', email: '' } });
    expect(!empty.ok && empty.error.issues?.map((issue) => issue.field)).toEqual(['workspaceName', 'domains', 'owner.name', 'owner.email']);
    expect(await subject.engine.call(installationOwner, 'app:info', {})).toMatchObject({ ok: true, value: { setupNeeded: true } });
  });

  it('is not open to a team-member caller', async () => {
    const result = await subject.engine.call(userCaller(randomUUID()), 'setup:create', acmeSetup);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('bad input', () => {
  beforeEach(() => setUpWorkspace(subject.engine));

  it('names the field of a schema break', async () => {
    const result = await subject.engine.dispatch(installationOwner, 'users:list', { limit: 'many' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'limit' } });
  });

  it('names the input itself when it is not an object', async () => {
    expect(await subject.engine.dispatch(installationOwner, 'users:list', 'everyone')).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input' } });
    expect(await subject.engine.dispatch(installationOwner, 'users:list', [1, 2])).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input' } });
  });

  it('names an unknown key', async () => {
    const result = await subject.engine.dispatch(installationOwner, 'preferences:update', { language: 'de', theme: 'dark' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'theme' } });
    expect(await subject.engine.call(installationOwner, 'preferences:get', {})).toMatchObject({ ok: true, value: { language: 'system' } });
  });

  it('answers an unknown channel with unknown-channel', async () => {
    expect(await subject.engine.dispatch(installationOwner, 'candidates:explode', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await subject.engine.dispatch(installationOwner, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await subject.engine.dispatch(installationOwner, 'toString', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('never sends a stack or a cause over the wire', async () => {
    const result = await subject.engine.dispatch(installationOwner, 'users:list', { cursor: '%%%not-a-cursor%%%' });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.error).sort()).toEqual(expect.arrayContaining(['code', 'message', 'retryable']));
    expect(JSON.stringify(result)).not.toMatch(/\bat .*\.ts:\d+|stack|cause/);
  });
});

describe('rights, by caller', () => {
  beforeEach(() => setUpWorkspace(subject.engine));

  it('lets only admins add team members and change the workspace', async () => {
    const { engine } = subject;
    const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
    const manager = await addTeamMember(engine, 'hiring-manager', 'Hank Manager');

    expect(await engine.call(recruiter.caller, 'users:create', { name: 'X', email: 'x@acme.com', role: 'admin' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await engine.call(manager.caller, 'workspace:update', { name: 'Mine now' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await engine.call(installationOwner, 'workspace:update', { name: 'Acme SE' })).toMatchObject({ ok: true, value: { name: 'Acme SE' } });

    const listed = await engine.call(recruiter.caller, 'users:list', {});
    expect(listed.ok && listed.value.items.map((user) => user.name)).toEqual(['Hank Manager', 'Olivia Owner', 'Rita Recruiter']);
  });

  it('refuses a caller bound to no user', async () => {
    expect(await subject.engine.call(userCaller(randomUUID()), 'session:get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses a second team member with the same address', async () => {
    const first = await subject.engine.call(installationOwner, 'users:create', { name: 'Rita', email: 'rita@acme.com', role: 'recruiter' });
    expect(first.ok).toBe(true);
    const second = await subject.engine.call(installationOwner, 'users:create', { name: 'Rita 2', email: ' RITA@acme.com', role: 'recruiter' });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', field: 'email' } });
  });

  it('shows a hiring manager only the candidates and jobs of their teams', async () => {
    const { engine } = subject;
    const manager = await addTeamMember(engine, 'hiring-manager', 'Hank Manager');
    const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
    const now = new Date().toISOString();
    const { store } = engine;
    const ownJob = randomUUID();
    const otherJob = randomUUID();
    store.jobs.insert({ id: ownJob, title: 'Backend Engineer', status: 'open', createdAt: now });
    store.jobs.insert({ id: otherJob, title: 'Sales Lead', status: 'open', createdAt: now });
    store.jobs.addTeamMember(ownJob, manager.user.id);
    for (const [name, jobId] of [['Anna Apfel', ownJob], ['Bernd Birne', otherJob]] as const) {
      const candidateId = randomUUID();
      store.candidates.insert({ id: candidateId, name, createdAt: now, addresses: [{ address: `${name.split(' ')[0]!.toLowerCase()}@example.org`, isPrimary: true, internal: false }] });
      store.candidates.addApplication({ id: randomUUID(), candidateId, jobId, stage: 'applied', createdAt: now });
    }

    const managerSees = await engine.call(manager.caller, 'candidates:list', {});
    expect(managerSees.ok && managerSees.value.items.map((candidate) => candidate.name)).toEqual(['Anna Apfel']);
    const recruiterSees = await engine.call(recruiter.caller, 'candidates:list', {});
    expect(recruiterSees.ok && recruiterSees.value.items.map((candidate) => candidate.name)).toEqual(['Anna Apfel', 'Bernd Birne']);
    const managerJobs = await engine.call(manager.caller, 'jobs:list', {});
    expect(managerJobs.ok && managerJobs.value.items.map((job) => job.title)).toEqual(['Backend Engineer']);
  });
});

describe('pushed events, filtered per caller', () => {
  it('sends a user their own preference changes only, and workspace changes to every member', async () => {
    const { engine } = subject;
    const beforeSetup: PushedEvent[] = [];
    engine.subscribe(installationOwner, (event) => beforeSetup.push(event));
    await setUpWorkspace(engine);
    const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
    const ownerSees: PushedEvent[] = [];
    const recruiterSees: PushedEvent[] = [];
    engine.subscribe(installationOwner, (event) => ownerSees.push(event));
    engine.subscribe(recruiter.caller, (event) => recruiterSees.push(event));

    await engine.call(recruiter.caller, 'preferences:update', { language: 'de' });
    await engine.call(installationOwner, 'workspace:update', { domains: ['acme.com', 'acme.de'] });

    expect(recruiterSees.map((event) => event.name)).toEqual(['preferences:changed', 'workspace:changed']);
    expect(ownerSees.map((event) => event.name)).toEqual(['workspace:changed']);
    expect(await engine.call(installationOwner, 'preferences:get', {})).toMatchObject({ ok: true, value: { language: 'system' } });
    expect(await engine.call(recruiter.caller, 'preferences:get', {})).toMatchObject({ ok: true, value: { language: 'de' } });
  });
});
