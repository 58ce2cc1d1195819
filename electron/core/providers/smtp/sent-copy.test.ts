import { describe, expect, it } from 'vitest';
import { sentCopyPolicy } from './sent-copy.js';

describe('sentCopyPolicy (R1)', () => {
  it('waits for the server where it is known to file the copy', () => {
    expect(sentCopyPolicy(null, 'smtp.gmail.com')).toBe('server');
    expect(sentCopyPolicy(null, 'SMTP.Office365.com.')).toBe('server');
  });

  it('appends the copy itself everywhere else', () => {
    expect(sentCopyPolicy(null, 'mail.gmx.net')).toBe('append');
    expect(sentCopyPolicy(null, '127.0.0.1')).toBe('append');
  });

  it('follows the user’s own setting over the table', () => {
    expect(sentCopyPolicy('append', 'smtp.gmail.com')).toBe('append');
    expect(sentCopyPolicy('server', 'mail.example.org')).toBe('server');
  });
});
