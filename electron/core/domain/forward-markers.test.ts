import { describe, expect, it } from 'vitest';
import { findForwardedAddresses, findForwardMarker, forwardPeekBytes, isForward, readForwardedHeaders } from './forward-markers.js';

describe('findForwardMarker', () => {
  it.each(['Fwd: CV', 'FW: CV', 'Fw: CV', 'WG: Bewerbung', 'TR : Candidature', 'RV: Candidatura', 'I: Candidatura', 'ENC: Currículo', 'PD: CV', 'VB: Ansökan', 'Doorst: Sollicitatie', 'VL: Hakemus', 'Fwd[2]: CV', '[EXTERNAL] FW: CV', '[Fwd: CV]'])(
    '%s is a forward',
    (subject) => {
      expect(findForwardMarker(subject)).toMatchObject({ ambiguous: false });
      expect(isForward(subject, false)).toBe(true);
    },
  );

  it('keeps the marker as written', () => {
    expect(findForwardMarker('WG: AW: Bewerbung')?.marker).toBe('WG');
    expect(findForwardMarker('  doorst: x')?.marker).toBe('doorst');
  });

  it('R: is an Italian reply, not a forward', () => {
    expect(findForwardMarker('R: Colloquio')).toBeNull();
    expect(isForward('R: I: Colloquio', true)).toBe(false);
  });

  it('a reply to a forward is a reply', () => {
    expect(findForwardMarker('AW: WG: Bewerbung')).toBeNull();
    expect(findForwardMarker('Re: Fwd: CV')).toBeNull();
  });

  it('VS: is ambiguous and a forward only with a forwarded block', () => {
    expect(findForwardMarker('VS: Søknad')).toEqual({ marker: 'VS', ambiguous: true });
    expect(isForward('VS: Søknad', false)).toBe(false);
    expect(isForward('VS: Søknad', true)).toBe(true);
  });

  it('plain subjects carry no marker', () => {
    for (const subject of ['CV', 'Interview: Monday', 'Fwdx: nope', '', undefined, 'Information: I: am here']) {
      expect(findForwardMarker(subject)).toBeNull();
    }
  });
});

describe('readForwardedHeaders', () => {
  it('reads a Gmail forward (English)', () => {
    const body = [
      'FYI, see below.',
      '',
      '---------- Forwarded message ---------',
      'From: Anna Example <Anna@Example.com>',
      'Date: Mon, 3 Mar 2025 at 10:00',
      'Subject: Application',
      'To: <jobs@acme.com>',
      'Cc: Bob <bob@example.org>, carla@example.net',
      '',
      'Dear team, my name is someone@elsewhere.example.',
    ].join('\r\n');
    expect(readForwardedHeaders(body)).toEqual({ blockFound: true, addresses: ['anna@example.com', 'jobs@acme.com', 'bob@example.org', 'carla@example.net'] });
  });

  it('reads Thunderbird (German) and Apple Mail blocks', () => {
    const thunderbird = ['', '-------- Weitergeleitete Nachricht --------', 'Betreff: \tBewerbung', 'Datum: \tMon, 3 Mar 2025', 'Von: \tAnna <anna@example.com>', 'An: \tjobs@acme.com', ''].join('\n');
    expect(findForwardedAddresses(thunderbird)).toEqual(['anna@example.com', 'jobs@acme.com']);
    const apple = ['Begin forwarded message:', '', 'From: Anna <anna@example.com>', 'Subject: CV', 'Date: 3 March 2025', 'To: jobs@acme.com'].join('\n');
    expect(findForwardedAddresses(apple)).toEqual(['anna@example.com', 'jobs@acme.com']);
  });

  it('reads Outlook blocks without a separator, in several languages', () => {
    const cases: [string, string[]][] = [
      ['________________________________\nFrom: Anna Example <anna@example.com>\nSent: Monday, March 3, 2025 10:00 AM\nTo: Jobs <jobs@acme.com>\nSubject: CV', ['anna@example.com', 'jobs@acme.com']],
      ['Von: Anna Beispiel <anna@beispiel.de>\nGesendet: Montag, 3. März 2025 10:00\nAn: jobs@acme.com\nBetreff: Bewerbung', ['anna@beispiel.de', 'jobs@acme.com']],
      ['De : Anne <anne@exemple.fr>\nEnvoyé : lundi 3 mars 2025 10:00\nÀ : jobs@acme.com\nObjet : Candidature', ['anne@exemple.fr', 'jobs@acme.com']],
      ['De: Ana <ana@ejemplo.es>\nEnviado: lunes, 3 de marzo de 2025\nPara: jobs@acme.com\nAsunto: Candidatura', ['ana@ejemplo.es', 'jobs@acme.com']],
      ['Da: Anna <anna@esempio.it>\nInviato: lunedì 3 marzo 2025\nA: jobs@acme.com\nOggetto: Candidatura', ['anna@esempio.it', 'jobs@acme.com']],
      ['Van: Anna <anna@voorbeeld.nl>\nVerzonden: maandag 3 maart 2025\nAan: jobs@acme.com\nOnderwerp: Sollicitatie', ['anna@voorbeeld.nl', 'jobs@acme.com']],
      ['-----Ursprüngliche Nachricht-----\nVon: anna@beispiel.de [mailto:anna@beispiel.de]\nGesendet: Montag\nAn: jobs@acme.com', ['anna@beispiel.de', 'jobs@acme.com']],
      ['*From:* Anna <anna@example.com>\n*Sent:* Monday\n*To:* jobs@acme.com\n*Subject:* CV', ['anna@example.com', 'jobs@acme.com']],
    ];
    for (const [body, addresses] of cases) expect(readForwardedHeaders(body), body).toEqual({ blockFound: true, addresses });
  });

  it('reads a forwarded block in HTML', () => {
    const html =
      '<div dir="ltr">see below<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Anna</strong> <span dir="auto">&lt;<a href="mailto:anna@example.com">anna@example.com</a>&gt;</span><br>Date: Mon, 3 Mar 2025<br>Subject: CV<br>To: &lt;<a href="mailto:jobs@acme.com">jobs@acme.com</a>&gt;<br></div><br>Hello</div></div>';
    expect(readForwardedHeaders(html)).toEqual({ blockFound: true, addresses: ['anna@example.com', 'jobs@acme.com'] });
  });

  it('joins a wrapped recipient line and ignores quoting', () => {
    const body = ['> ---------- Forwarded message ---------', '> From: Anna <anna@example.com>', '> To: jobs@acme.com; Bob <bob@example.org>;', '>  Carla <carla@example.net>', '> Subject: CV'].join('\n');
    expect(findForwardedAddresses(body)).toEqual(['anna@example.com', 'jobs@acme.com', 'bob@example.org', 'carla@example.net']);
  });

  it('takes only From, To and Cc lines, and skips addresses in quoted display names', () => {
    const body = ['---------- Forwarded message ---------', 'From: "anna@example.com" <kim@example.org>', 'Reply-To: reply@example.org', 'Bcc: hidden@example.org', 'Date: today', 'To: jobs@acme.com'].join('\n');
    expect(findForwardedAddresses(body)).toEqual(['kim@example.org', 'jobs@acme.com']);
  });

  it('finds nothing in ordinary text, even with a From: in it', () => {
    const body = 'Hi,\nFrom: my side all is fine, write to anna@example.com.\nRegards';
    expect(readForwardedHeaders(body)).toEqual({ blockFound: false, addresses: [] });
    expect(readForwardedHeaders('')).toEqual({ blockFound: false, addresses: [] });
    expect(readForwardedHeaders(undefined)).toEqual({ blockFound: false, addresses: [] });
  });

  it('reads every block in the peek (a forward of a forward)', () => {
    const body = [
      '---------- Forwarded message ---------',
      'From: Hiring Manager <hm@acme.com>',
      'To: jobs@acme.com',
      '',
      '---------- Forwarded message ---------',
      'From: Anna <anna@example.com>',
      'To: hm@acme.com',
    ].join('\n');
    expect(findForwardedAddresses(body)).toEqual(['hm@acme.com', 'jobs@acme.com', 'anna@example.com']);
  });

  it('looks at the first 16 KB only, and stays fast on hostile input', () => {
    const late = `${'x'.repeat(forwardPeekBytes)}\n---------- Forwarded message ---------\nFrom: anna@example.com\n`;
    expect(readForwardedHeaders(late).blockFound).toBe(false);
    const started = performance.now();
    readForwardedHeaders('-'.repeat(forwardPeekBytes));
    readForwardedHeaders(`From: ${'a'.repeat(forwardPeekBytes)}`);
    readForwardedHeaders('<'.repeat(forwardPeekBytes));
    readForwardedHeaders(`${'a@'.repeat(forwardPeekBytes / 2)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
