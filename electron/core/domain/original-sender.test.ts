import { describe, expect, it } from 'vitest';
import { originalSenderInText, parseWrittenSender } from './forward-markers.js';

// "Create candidate from this mail" (issue 21, R13): a colleague forwards a CV to jobs@; the
// candidate is the original sender, read from the forwarded block each client writes.

describe('the original sender of a forward', () => {
  it('reads Gmail’s English block', () => {
    const body = [
      'Could you look at this one?',
      '',
      '---------- Forwarded message ---------',
      'From: Anna Schmidt <anna.schmidt@example.org>',
      'Date: Mon, 7 Dec 2026 at 09:12',
      'Subject: Application Backend Engineer',
      'To: <rita@acme.com>',
      '',
      'Dear Rita, please find my CV attached.',
    ].join('\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Anna Schmidt', address: 'anna.schmidt@example.org' });
  });

  it('reads Gmail’s German block', () => {
    const body = ['FYI', '', '---------- Weitergeleitete Nachricht ---------', 'Von: Jörg Müller <joerg@example.de>', 'Date: Mo., 7. Dez. 2026 um 09:12 Uhr', 'Subject: Bewerbung', 'To: <rita@acme.com>'].join('\r\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Jörg Müller', address: 'joerg@example.de' });
  });

  it('reads Outlook’s “Original Message” with “Last, First [mailto:…]”', () => {
    const body = [
      '-----Original Message-----',
      'From: Schmidt, Anna [mailto:anna@example.org]',
      'Sent: Monday, December 7, 2026 9:12 AM',
      'To: Rita Recruiter <rita@acme.com>',
      'Subject: Application',
    ].join('\r\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Anna Schmidt', address: 'anna@example.org' });
  });

  it('reads Outlook’s German “Ursprüngliche Nachricht”', () => {
    const body = ['-----Ursprüngliche Nachricht-----', 'Von: Peter Weiß <peter.weiss@example.de>', 'Gesendet: Montag, 7. Dezember 2026 09:12', 'An: jobs@acme.com', 'Betreff: Bewerbung als Entwickler'].join('\r\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Peter Weiß', address: 'peter.weiss@example.de' });
  });

  it('reads Apple Mail’s “Begin forwarded message:” with bold labels', () => {
    const body = ['Sent from my iPhone', '', 'Begin forwarded message:', '', '*From:* "Kim Lee" <kim.lee@example.com>', '*Date:* 7 December 2026 at 09:12:00 CET', '*To:* rita@acme.com', '*Subject:* CV'].join('\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Kim Lee', address: 'kim.lee@example.com' });
  });

  it('reads Outlook’s header run in the HTML part (no separator, underscore rule)', () => {
    const html =
      '<div>Bitte ansehen</div><hr><div><b>Von:</b> Lena Vogel &lt;lena@example.net&gt;<br><b>Gesendet:</b> Montag, 7. Dezember 2026 09:12<br><b>An:</b> Rita &lt;rita@acme.com&gt;<br><b>Betreff:</b> Bewerbung</div>';
    expect(originalSenderInText(html)).toEqual({ name: 'Lena Vogel', address: 'lena@example.net' });
  });

  it('takes the outermost forwarded block of a forward of a forward', () => {
    const body = [
      '---------- Forwarded message ---------',
      'From: Tom Team <tom@acme.com>',
      'Date: Mon, 7 Dec 2026',
      'To: rita@acme.com',
      '',
      '---------- Forwarded message ---------',
      'From: Anna Schmidt <anna@example.org>',
      'Date: Sun, 6 Dec 2026',
      'To: tom@acme.com',
    ].join('\n');
    // The first block is a colleague: the caller refuses own addresses (R4) and the user corrects it.
    expect(originalSenderInText(body)).toEqual({ name: 'Tom Team', address: 'tom@acme.com' });
  });

  it('gives a name without an address when Outlook left the address out', () => {
    const body = ['________________________________', 'From: Anna Schmidt', 'Sent: Monday, December 7, 2026 9:12 AM', 'To: Rita Recruiter', 'Subject: CV'].join('\r\n');
    expect(originalSenderInText(body)).toEqual({ name: 'Anna Schmidt', address: null });
  });

  it('finds nothing in a mail without a forwarded block, or in a quoted reply header', () => {
    expect(originalSenderInText('Hello, my CV is attached.\n\nBest, Anna')).toBeNull();
    expect(originalSenderInText('On Mon, 7 Dec 2026, Anna <anna@example.org> wrote:\n> hi')).toBeNull();
    expect(originalSenderInText('')).toBeNull();
    expect(originalSenderInText(null)).toBeNull();
  });

  it('survives a line of 8 KB dashes and an unterminated bracket (the block inside the first 16 KB)', () => {
    const body = `${'-'.repeat(8 * 1024)}\n---------- Forwarded message ---------\nFrom: Anna <anna@example.org`;
    const started = Date.now();
    expect(originalSenderInText(body)).toEqual({ name: 'Anna', address: 'anna@example.org' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('a written sender', () => {
  it.each([
    ['Anna Schmidt <anna@example.org>', { name: 'Anna Schmidt', address: 'anna@example.org' }],
    ['"Schmidt, Anna" <anna@example.org>', { name: 'Anna Schmidt', address: 'anna@example.org' }],
    ['anna@example.org', { name: '', address: 'anna@example.org' }],
    ['"anna@example.org" <anna@example.org>', { name: '', address: 'anna@example.org' }],
    ['Anna <anna@example.org<mailto:anna@example.org>>', { name: 'Anna', address: 'anna@example.org' }],
    ['José García (Candidate) <jose@example.es>', { name: 'José García', address: 'jose@example.es' }],
  ])('%s', (value, expected) => {
    expect(parseWrittenSender(value)).toEqual(expected);
  });

  it('is nothing for an empty value', () => {
    expect(parseWrittenSender('  ')).toBeNull();
  });
});
