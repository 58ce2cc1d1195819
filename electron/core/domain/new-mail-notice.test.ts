import { describe, expect, it } from 'vitest';
import { isNewCandidateMail, newMailMaxAgeMs, noticeSender, noticeSubject, shouldNotify } from './new-mail-notice.js';

const now = new Date('2026-12-07T10:00:00Z');
const arrival = { live: true, isOwnSentMail: false, fromOwnAddress: false, receivedAt: new Date('2026-12-07T09:59:00Z') };

describe('which stored mail is new candidate mail', () => {
  it('is mail from outside the team that arrived while following a folder', () => {
    expect(isNewCandidateMail(arrival, now)).toBe(true);
  });

  it('leaves out the first window, re-scans and backfills, so connecting does not flood the user', () => {
    expect(isNewCandidateMail({ ...arrival, live: false }, now)).toBe(false);
  });

  it('leaves out the user\u2019s own sent mail and mail from colleagues', () => {
    expect(isNewCandidateMail({ ...arrival, isOwnSentMail: true }, now)).toBe(false);
    expect(isNewCandidateMail({ ...arrival, fromOwnAddress: true }, now)).toBe(false);
  });

  it('leaves out old mail moved back into a scanned folder, and an unreadable date', () => {
    expect(isNewCandidateMail({ ...arrival, receivedAt: new Date(now.getTime() - newMailMaxAgeMs - 1) }, now)).toBe(false);
    expect(isNewCandidateMail({ ...arrival, receivedAt: new Date(now.getTime() - newMailMaxAgeMs) }, now)).toBe(true);
    expect(isNewCandidateMail({ ...arrival, receivedAt: new Date('not a date') }, now)).toBe(false);
  });
});

describe('who is told', () => {
  it('never a user who may not see the thread, whatever they chose', () => {
    for (const setting of ['off', 'all', 'my-jobs'] as const) {
      expect(shouldNotify({ setting, mayViewThread: false, onJobTeam: true })).toBe(false);
    }
  });

  it('follows the choice: off, all, or only mail about candidates of the user\u2019s jobs', () => {
    expect(shouldNotify({ setting: 'off', mayViewThread: true, onJobTeam: true })).toBe(false);
    expect(shouldNotify({ setting: 'all', mayViewThread: true, onJobTeam: false })).toBe(true);
    expect(shouldNotify({ setting: 'my-jobs', mayViewThread: true, onJobTeam: true })).toBe(true);
    expect(shouldNotify({ setting: 'my-jobs', mayViewThread: true, onJobTeam: false })).toBe(false);
  });
});

describe('what a notice shows', () => {
  it('names the sender by display name, else the candidate, else the address', () => {
    expect(noticeSender({ name: 'Anna Apfel', address: 'anna@example.org' }, ['Someone Else'])).toBe('Anna Apfel');
    expect(noticeSender({ name: '  ', address: 'anna@example.org' }, ['Anna Apfel'])).toBe('Anna Apfel');
    expect(noticeSender({ name: '', address: 'anna@example.org' }, [])).toBe('anna@example.org');
    expect(noticeSender(null, [])).toBe('');
  });

  it('keeps the subject on one line and cuts a long one', () => {
    expect(noticeSubject('Re: my\r\n\tapplication')).toBe('Re: my application');
    const long = noticeSubject('x'.repeat(500));
    expect(long).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });
});
