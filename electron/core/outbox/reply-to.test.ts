import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { withReplyTo } from './reply-to.js';

// Issue 21 (R12): mail moved to the company inbox when its mailbox is unlinked answers to the address chosen.
describe('withReplyTo', () => {
  const raw = Buffer.from(['From: "Olivia" <olivia@acme.com>', 'Reply-To: old@acme.com,', ' other@acme.com', 'To: anna@example.org', 'Subject: Interview', '', 'Reply-To: in the body stays', ''].join('\r\n'));

  it('replaces any Reply-To, right after From, and leaves the body alone', async () => {
    const out = withReplyTo(raw, 'rita.private@example.net');
    const text = out.toString('latin1');
    expect(text.split('\r\n\r\n')[0]).toBe(['From: "Olivia" <olivia@acme.com>', 'Reply-To: <rita.private@example.net>', 'To: anna@example.org', 'Subject: Interview'].join('\r\n'));
    expect(text.endsWith('Reply-To: in the body stays\r\n')).toBe(true);
    const parsed = await simpleParser(out);
    expect(parsed.replyTo?.value.map((entry) => entry.address)).toEqual(['rita.private@example.net']);
  });

  it('refuses an address that could inject a header', () => {
    expect(() => withReplyTo(raw, 'a@b.c>\r\nBcc: x@y.z')).toThrow();
    expect(() => withReplyTo(raw, 'no at sign')).toThrow();
  });
});
