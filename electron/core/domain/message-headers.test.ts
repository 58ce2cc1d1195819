import { describe, expect, it } from 'vitest';
import {
  addressesInText,
  ancestorChain,
  maxMessageIdsPerHeader,
  normalizeEnvelopeAddresses,
  normalizeMessageId,
  parentOf,
  parseMessageIdList,
  stripReplyPrefixes,
  subjectKey,
} from './message-headers.js';

describe('normalizeMessageId', () => {
  it('strips brackets and folding whitespace and keeps case (RFC 5322 §3.6.4)', () => {
    expect(normalizeMessageId(' <AbC.123@Mail.Example.com> ')).toBe('AbC.123@Mail.Example.com');
    expect(normalizeMessageId('<abc.123@mail.\r\n example.com>')).toBe('abc.123@mail.example.com');
    expect(normalizeMessageId('abc@example.com')).toBe('abc@example.com');
  });

  it('gives null for junk instead of throwing', () => {
    for (const junk of [undefined, null, '', '   ', '<>', '< >', 'no id here', `<${'x'.repeat(1000)}@y>`, '<a\u0000b@x>']) {
      expect(normalizeMessageId(junk)).toBeNull();
    }
  });

  it('takes the first of several bracketed ids', () => {
    expect(normalizeMessageId('<one@x> <two@x>')).toBe('one@x');
  });
});

describe('parseMessageIdList', () => {
  it('reads bracketed ids in order, across folded lines, skipping comments', () => {
    const value = '<a@x.example>\r\n <b@x.example> (Anna\'s mail of Monday)\r\n\t<c@x.example>';
    expect(parseMessageIdList(value)).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('accepts ids without brackets only when there are no bracketed ones', () => {
    expect(parseMessageIdList('a@x.example b@x.example, c@x.example')).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    expect(parseMessageIdList('<a@x.example> stray@x.example')).toEqual(['a@x.example']);
    expect(parseMessageIdList('Your message of Monday')).toEqual([]);
  });

  it('keeps the last occurrence of a duplicate, so the parent stays last', () => {
    expect(parseMessageIdList('<a@x> <b@x> <a@x>')).toEqual(['b@x', 'a@x']);
  });

  it('survives junk and keeps only the last ids of a huge header', () => {
    expect(parseMessageIdList(undefined)).toEqual([]);
    expect(parseMessageIdList('<<<>>> <> <@> garbage <ok@x>')).toEqual(['ok@x']);
    const huge = Array.from({ length: 5000 }, (_, index) => `<id${index}@x>`).join(' ');
    const parsed = parseMessageIdList(huge);
    expect(parsed).toHaveLength(maxMessageIdsPerHeader);
    expect(parsed.at(-1)).toBe('id4999@x');
    expect(parsed[0]).toBe(`id${5000 - maxMessageIdsPerHeader}@x`);
  });
});

describe('parentOf and ancestorChain (PRODUCT.md Thread)', () => {
  it('takes the last of References', () => {
    expect(parentOf({ references: ['a@x', 'b@x'], inReplyTo: ['z@x'] })).toBe('b@x');
  });

  it('falls back to the first of In-Reply-To (RFC 5256 §4)', () => {
    expect(parentOf({ references: [], inReplyTo: ['z@x', 'y@x'] })).toBe('z@x');
    expect(ancestorChain({ references: [], inReplyTo: ['z@x', 'y@x'] })).toEqual(['z@x']);
  });

  it('never makes a message its own parent', () => {
    expect(parentOf({ messageId: 'self@x', references: ['a@x', 'self@x'], inReplyTo: [] })).toBe('a@x');
    expect(parentOf({ messageId: 'self@x', references: ['self@x'], inReplyTo: ['self@x', 'p@x'] })).toBe('p@x');
    expect(parentOf({ references: [], inReplyTo: [] })).toBeNull();
  });
});

describe('stripReplyPrefixes', () => {
  it.each([
    ['Re: Interview', 'Interview'],
    ['RE: RE: Interview', 'Interview'],
    ['AW: Interview', 'Interview'], // German
    ['Aw: AW: Re: Interview', 'Interview'],
    ['SV: Intervju', 'Intervju'], // Swedish, Danish, Norwegian
    ['Antw: Sollicitatie', 'Sollicitatie'], // Dutch
    ['Odp: Rozmowa', 'Rozmowa'], // Polish
    ['R: Colloquio', 'Colloquio'], // Italian
    ['Rif: Colloquio', 'Colloquio'], // Italian
    ['RES: Entrevista', 'Entrevista'], // Portuguese (Brazil)
    ['RE : Entretien', 'Entretien'], // French typography
    ['Re[2]: Interview', 'Interview'],
    ['Re(3): Re^2: Interview', 'Interview'],
    ['回复：面试', '面试'],
    ['[EXTERNAL] RE: Interview', 'Interview'],
  ])('%s → %s', (subject, stripped) => {
    expect(stripReplyPrefixes(subject)).toBe(stripped);
  });

  it('stops at a forward marker, keeps ambiguous and reference-like prefixes', () => {
    expect(stripReplyPrefixes('AW: WG: Bewerbung')).toBe('WG: Bewerbung');
    expect(stripReplyPrefixes('Re: Fwd: CV')).toBe('Fwd: CV');
    expect(stripReplyPrefixes('VS: Haastattelu')).toBe('VS: Haastattelu');
    expect(stripReplyPrefixes('Ref: 2024-17')).toBe('Ref: 2024-17');
    expect(stripReplyPrefixes('[jobs] Interview')).toBe('[jobs] Interview');
    expect(stripReplyPrefixes('Interview: Monday 10:00')).toBe('Interview: Monday 10:00');
  });

  it('keeps a subject that is nothing but a prefix', () => {
    expect(stripReplyPrefixes('Re:')).toBe('Re:');
    expect(stripReplyPrefixes('')).toBe('');
  });
});

describe('subjectKey', () => {
  it('is case-, whitespace- and prefix-insensitive', () => {
    expect(subjectKey('AW:  Ihre   Bewerbung ')).toBe(subjectKey('Ihre Bewerbung'));
    expect(subjectKey('SV: Intervju')).toBe('intervju');
    expect(subjectKey(undefined)).toBe('');
  });

  it('compares composed and decomposed Unicode alike', () => {
    expect(subjectKey('Re: Caf\u0065\u0301')).toBe(subjectKey('Café'));
  });
});

describe('normalizeEnvelopeAddresses', () => {
  it('normalises addresses and never takes a display name for one', () => {
    const field = normalizeEnvelopeAddresses([
      { name: 'Anna Example', address: 'Anna@Example.COM' },
      { name: 'anna.private@example.org', address: 'kim@acme.com' },
    ]);
    expect(field.addresses).toEqual(['anna@example.com', 'kim@acme.com']);
    expect(field.displayNameAddresses).toEqual(['anna.private@example.org']);
  });

  it('yields no address for undisclosed-recipients:; and does not crash', () => {
    expect(normalizeEnvelopeAddresses([{ name: 'undisclosed-recipients', address: '' }])).toEqual({ addresses: [], displayNameAddresses: [] });
    expect(normalizeEnvelopeAddresses([{ address: 'undisclosed-recipients:;' }]).addresses).toEqual([]);
    expect(normalizeEnvelopeAddresses([{ name: 'undisclosed-recipients', group: [] }]).addresses).toEqual([]);
    expect(normalizeEnvelopeAddresses(undefined).addresses).toEqual([]);
  });

  it('takes the members of a group', () => {
    expect(normalizeEnvelopeAddresses([{ name: 'team', group: [{ address: 'a@x.de' }, { address: 'b@y.de' }] }]).addresses).toEqual(['a@x.de', 'b@y.de']);
  });

  it('finds addresses in free text', () => {
    expect(addressesInText('write to <mailto:Anna@Example.com>, or anna@example.com.')).toEqual(['anna@example.com']);
    expect(addressesInText('no address @ all')).toEqual([]);
  });
});
