import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMailNotice } from '../../shared/events.js';
import type { Caller } from '../../electron/core/api/caller.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { fastLiveSync, recordStatuses, waitForThread } from '../support/live-sync.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Notifications of new candidate mail through the engine's pushed events, against a real
// Dovecot: who is told (visibility first, then each user's choice) and what a notice shows.

const owner = 'alice@hirebox.test';

/** Every `mail:arrived` one caller was pushed. */
function recordNotices(engine: TestEngine['engine'], caller: Caller): NewMailNotice[] {
  const notices: NewMailNotice[] = [];
  engine.subscribe(caller, (event) => {
    if (event.name === 'mail:arrived') notices.push(event.payload);
  });
  return notices;
}

describe('notifications of new candidate mail', () => {
  let dovecot: Dovecot;
  let subject: TestEngine;
  const seen = new Map<string, NewMailNotice[]>();

  beforeAll(async () => {
    dovecot = await startDovecot();
    subject = openTestEngine({ sync: { ...fastLiveSync, checkIntervalMs: 2_000 } });
    const { engine } = subject;
    value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
    const manager = await addTeamMember(engine, 'hiring-manager', 'Hanna Manager');
    const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
    const quiet = await addTeamMember(engine, 'recruiter', 'Quentin Quiet');
    const backend = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer', teamUserIds: [manager.user.id] }));
    const design = value(await engine.call(installationOwner, 'jobs:create', { title: 'Designer', teamUserIds: [recruiter.user.id] }));
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: backend.id }] }));
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Ben Birne', addresses: ['ben@example.org'], applications: [{ jobId: design.id }] }));
    value(await engine.call(recruiter.caller, 'preferences:update', { newMailNotifications: 'my-jobs' }));
    value(await engine.call(quiet.caller, 'preferences:update', { newMailNotifications: 'off' }));
    // Mail already in the mailbox when it is connected is the first window, not news.
    await deliverByLmtp(dovecot, { from: 'anna@example.org', to: [owner], raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: owner, subject: 'Before connecting', date: new Date(), body: 'old' }) });
    for (const [name, caller] of [['owner', installationOwner], ['manager', manager.caller], ['recruiter', recruiter.caller], ['quiet', quiet.caller]] as const) {
      seen.set(name, recordNotices(engine, caller));
    }
    const statuses = recordStatuses(engine);
    await connectDovecotMailbox(engine, dovecot, owner);
    await statuses.waitFor((status) => status.state === 'up-to-date');
    statuses.stop();
    await waitForThread(engine, 'Before connecting');
  }, 60_000);

  afterAll(async () => {
    await subject?.dispose();
    await dovecot?.stop();
  });

  it('tells each user as they chose, and never of a candidate they may not see', async () => {
    await deliverByLmtp(dovecot, {
      from: 'anna@example.org',
      to: [owner],
      raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: owner, subject: 'My portfolio', date: new Date(), body: 'The secret body text' }),
    });
    await deliverByLmtp(dovecot, { from: 'ben@example.org', to: [owner], raw: buildMessage({ from: 'ben@example.org', to: owner, subject: 'Design question', date: new Date(), body: 'Ben writes' }) });
    await waitForThread(subject.engine, 'My portfolio');
    await waitForThread(subject.engine, 'Design question');
    const subjects = (name: string) => (seen.get(name) ?? []).map((notice) => notice.subject).sort();
    // The owner (admin, "all") hears of both; the hiring manager only of Anna (their job);
    // the recruiter who chose "only my jobs" only of Ben (Designer's team); "off" of none.
    expect(subjects('owner')).toEqual(['Design question', 'My portfolio']);
    expect(subjects('manager')).toEqual(['My portfolio']);
    expect(subjects('recruiter')).toEqual(['Design question']);
    expect(subjects('quiet')).toEqual([]);
  });

  it('shows the sender and the subject, never the body', () => {
    const notices = seen.get('owner') ?? [];
    const anna = notices.find((notice) => notice.subject === 'My portfolio');
    const ben = notices.find((notice) => notice.subject === 'Design question');
    expect(Object.keys(anna ?? {}).sort()).toEqual(['messageId', 'receivedAt', 'sender', 'subject', 'threadId']);
    expect(anna?.sender).toBe('Anna Apfel');
    // No display name in the mail: the candidate's name.
    expect(ben?.sender).toBe('Ben Birne');
    expect(JSON.stringify(notices)).not.toContain('secret body');
  });

  it('is silent about the user\u2019s own mail filed in Sent', async () => {
    const before = (seen.get('owner') ?? []).length;
    writeMaildirMessages(dovecot, owner, 'Sent', [
      { internalDate: new Date(), raw: buildMessage({ from: owner, to: 'anna@example.org', subject: 'Sent from my phone', date: new Date(), body: 'Hi Anna' }) },
    ]);
    await waitForThread(subject.engine, 'Sent from my phone');
    expect((seen.get('owner') ?? []).slice(before)).toEqual([]);
  });
});

describe('notifications of new mail in a shared inbox (R13)', () => {
  let dovecot: Dovecot;
  let subject: TestEngine;

  afterAll(async () => {
    await subject?.dispose();
    await dovecot?.stop();
  });

  /** Resolves once `check` holds, asking every 100 ms; fails after 20 s. */
  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within 20 s: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('tells only the users on the inbox’s list', async () => {
    dovecot = await startDovecot({ users: [{ name: 'careers@hirebox.test', password: 'careers-password' }] });
    subject = openTestEngine({ sync: { ...fastLiveSync, checkIntervalMs: 2_000 } });
    const { engine } = subject;
    value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com', 'hirebox.test'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
    const listed = await addTeamMember(engine, 'recruiter', 'Lisa Listed');
    const unlisted = await addTeamMember(engine, 'recruiter', 'Otto Other');
    const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
    const toListed = recordNotices(engine, listed.caller);
    const toUnlisted = recordNotices(engine, unlisted.caller);
    const smtp = await startSmtpServer(dovecot);
    try {
      value(
        await engine.call(installationOwner, 'mailboxes:connect', {
          address: 'careers@hirebox.test',
          displayName: 'Acme Careers',
          userName: 'careers@hirebox.test',
          password: 'careers-password',
          imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
          smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
          shared: { memberIds: [listed.user.id] },
        }),
      );
    } finally {
      await smtp.close();
    }
    await eventually(async () => value(await engine.call(listed.caller, 'mailboxes:list', {})).items.some((mailbox) => mailbox.status.state === 'up-to-date'), 'the shared inbox is up to date');
    await deliverByLmtp(dovecot, {
      from: 'anna@example.org',
      to: ['careers@hirebox.test'],
      raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: 'careers@hirebox.test', subject: 'Application to careers', date: new Date(), body: 'CV attached' }),
    });
    await eventually(async () => value(await engine.call(listed.caller, 'inbox:list', {})).items.some((thread) => thread.subject === 'Application to careers'), 'the mail arrives');
    expect(toListed.map((notice) => notice.subject)).toEqual(['Application to careers']);
    expect(toUnlisted).toEqual([]);
  }, 60_000);
});
