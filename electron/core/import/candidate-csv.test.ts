import { describe, expect, it } from 'vitest';
import { parseCandidateCsv } from './candidate-csv.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const utf8WithBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);

// Node has no Windows-1252 encoder; the few non-ASCII characters the fixtures use, by hand
// (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT).
const windows1252Bytes: Record<string, number> = { ä: 0xe4, ö: 0xf6, ü: 0xfc, Ä: 0xc4, Ö: 0xd6, Ü: 0xdc, ß: 0xdf, é: 0xe9, '€': 0x80 };
function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((character) => {
      const code = character.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = windows1252Bytes[character];
      if (byte === undefined) throw new Error(`no Windows-1252 byte in the test table for ${character}`);
      return byte;
    }),
  );
}

describe('parseCandidateCsv: encodings', () => {
  it('reads UTF-8 with a byte order mark, which does not stick to the first header', () => {
    const result = parseCandidateCsv(utf8WithBom('Name,Email\nJürgen Müller,juergen@example.de\n'));
    expect(result.encoding).toBe('utf-8');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, name: 'Jürgen Müller', addresses: ['juergen@example.de'], job: null, stage: null }]);
  });

  it('reads UTF-8 without a byte order mark', () => {
    const result = parseCandidateCsv(utf8('name,email,job\nZoë Ørsted,zoe@example.dk,Bäckerstraße Filiale\n'));
    expect(result.encoding).toBe('utf-8');
    expect(result.rows).toEqual([{ line: 2, name: 'Zoë Ørsted', addresses: ['zoe@example.dk'], job: 'Bäckerstraße Filiale', stage: null }]);
  });

  it('reads Windows-1252 with umlauts when the bytes are not UTF-8', () => {
    const data = windows1252('Name;E-Mail;Stelle\r\nJürgen Müller;j.mueller@example.de;Filialleitung Bäckerstraße\r\n');
    expect(data.includes(0xfc)).toBe(true);
    const result = parseCandidateCsv(data);
    expect(result.encoding).toBe('windows-1252');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, name: 'Jürgen Müller', addresses: ['j.mueller@example.de'], job: 'Filialleitung Bäckerstraße', stage: null }]);
  });

  it('refuses a UTF-16 or spreadsheet file with one clear problem instead of garbage columns', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\r\nAnna\tanna@example.de\r\n', 'utf16le')]);
    const result = parseCandidateCsv(utf16);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, code: 'invalid-input', field: 'file', message: expect.stringContaining('not a CSV text file') }]);
  });
});

describe('parseCandidateCsv: delimiters and German Excel', () => {
  it('reads a semicolon-separated German Excel export with German headers and stages', () => {
    const file = [
      'Vorname;Nachname;E-Mail-Adresse;Weitere E-Mails;Stelle;Phase;Notiz',
      'Jürgen;Müller;j.mueller@example.de;jm@privat.example;Bäcker (m/w/d);Gespräch;ruft zurück',
      'Änne;Öztürk;aenne@example.de;;Bäcker (m/w/d);Vorauswahl;',
      'Björn;Weiß;bjoern@example.de;;;;',
    ].join('\r\n');
    const result = parseCandidateCsv(windows1252(file));
    expect(result).toEqual({
      encoding: 'windows-1252',
      delimiter: ';',
      problems: [],
      rows: [
        { line: 2, name: 'Jürgen Müller', addresses: ['j.mueller@example.de', 'jm@privat.example'], job: 'Bäcker (m/w/d)', stage: 'interview' },
        { line: 3, name: 'Änne Öztürk', addresses: ['aenne@example.de'], job: 'Bäcker (m/w/d)', stage: 'screening' },
        { line: 4, name: 'Björn Weiß', addresses: ['bjoern@example.de'], job: null, stage: null },
      ],
    });
  });

  it('detects the delimiter from the header outside quotes', () => {
    const result = parseCandidateCsv(utf8('name,email,"notes; misc; more"\nAnna,anna@example.de,"a; b"\n'));
    expect(result.delimiter).toBe(',');
    expect(result.rows.map((row) => row.name)).toEqual(['Anna']);
  });

  it("honours Excel's sep= line and keeps physical line numbers", () => {
    const result = parseCandidateCsv(utf8('sep=;\nName;Email\nAnna, die Erste;anna@example.de\n'));
    expect(result.delimiter).toBe(';');
    expect(result.rows).toEqual([{ line: 3, name: 'Anna, die Erste', addresses: ['anna@example.de'], job: null, stage: null }]);
  });

  it('counts lines the same for LF, CRLF and CR line endings', () => {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const file = ['name,email', 'Anna,anna@example.de', '', '"Bernd', 'Brot",bernd@example.de', 'Clara,clara@example.de'].join(lineBreak);
      const result = parseCandidateCsv(utf8(file));
      expect(result.rows.map((row) => [row.line, row.name])).toEqual([
        [2, 'Anna'],
        [4, 'Bernd Brot'],
        [6, 'Clara'],
      ]);
    }
  });
});

describe('parseCandidateCsv: columns', () => {
  it('matches header names without regard to case or surrounding spaces, and ignores unknown columns', () => {
    const result = parseCandidateCsv(utf8('  FULL NAME , E-MAIL ,Source, POSITION ,Status\nAnna Adler,anna@example.de,LinkedIn,Designer,Offer\n'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, name: 'Anna Adler', addresses: ['anna@example.de'], job: 'Designer', stage: 'offer' }]);
  });

  it('joins first and last name columns, and prefers a name column when both exist', () => {
    const result = parseCandidateCsv(utf8('first name,last name,email\nAnna,Adler,anna@example.de\n,Berg,berg@example.de\n'));
    expect(result.rows.map((row) => row.name)).toEqual(['Anna Adler', 'Berg']);
    const both = parseCandidateCsv(utf8('Vorname,Nachname,Vollständiger Name,Mail\nAnna,Adler,Dr. Anna Adler,anna@example.de\nBernd,Berg,,berg@example.de\n'));
    expect(both.rows.map((row) => row.name)).toEqual(['Dr. Anna Adler', 'Bernd Berg']);
  });

  it('splits other addresses on spaces, "|" and commas, primary first', () => {
    const file = 'name,email,other emails\nAnna,anna@example.de,"a@one.example, a@two.example|a@three.example  a@four.example"\n';
    const result = parseCandidateCsv(utf8(file));
    expect(result.rows[0]?.addresses).toEqual(['anna@example.de', 'a@one.example', 'a@two.example', 'a@three.example', 'a@four.example']);
  });

  it.each([
    ['no email column', 'name,job\nAnna,Designer\n', /no email column. Columns found: "name", "job"\. Expected .*email/],
    ['no name column', 'email,job\nanna@example.de,Designer\n', /no name column. Columns found: "email", "job"/],
    ['neither', 'Kunde;Ort\nAnna;Köln\n', /no name column and no email column/],
  ])('refuses a file with %s: one problem at line 1, no rows', (_case, file, message) => {
    const result = parseCandidateCsv(utf8(file));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, code: 'invalid-input', field: 'header', message: expect.stringMatching(message) }]);
  });

  it('refuses a header with two columns for the same thing', () => {
    const result = parseCandidateCsv(utf8('name,email,E-Mail\nAnna,anna@example.de,anna@example.com\n'));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, code: 'invalid-input', field: 'header', message: expect.stringContaining('"email" and "E-Mail" both mean') }]);
  });
});

describe('parseCandidateCsv: rows', () => {
  it('keeps embedded delimiters, doubled quotes and line breaks in quoted cells, and counts their lines', () => {
    const file = [
      'name,email,job',
      '"Müller, Jürgen",juergen@example.de,"Sales, North"',
      '"Anna ""Ann"" Adler",anna@example.de,"Senior',
      'Engineer"',
      'Bernd,bernd@example.de,"Lead ""Platform"""',
    ].join('\n');
    const result = parseCandidateCsv(utf8(file));
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, name: 'Müller, Jürgen', addresses: ['juergen@example.de'], job: 'Sales, North', stage: null },
      { line: 3, name: 'Anna "Ann" Adler', addresses: ['anna@example.de'], job: 'Senior Engineer', stage: null },
      { line: 5, name: 'Bernd', addresses: ['bernd@example.de'], job: 'Lead "Platform"', stage: null },
    ]);
  });

  it('reports a row without a name or email on its line and keeps the others', () => {
    const file = ['name,email', 'Anna,anna@example.de', ',nobody@example.de', 'Bernd,', ',', 'Clara,clara@example.de', ' , '].join('\n');
    const result = parseCandidateCsv(utf8(file));
    expect(result.rows.map((row) => [row.line, row.name])).toEqual([
      [2, 'Anna'],
      [6, 'Clara'],
    ]);
    expect(result.problems).toEqual([
      { line: 3, code: 'invalid-input', field: 'name', message: 'line 3: the name is empty.' },
      { line: 4, code: 'invalid-input', field: 'email', message: 'line 4: the email address is empty.' },
    ]);
  });

  it('skips empty lines and rows of empty cells', () => {
    const result = parseCandidateCsv(utf8('\n\nName;Email\n\n;;\n   \nAnna;anna@example.de\n;\n'));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([7]);
  });

  it('maps every English and German stage name, in any case', () => {
    const names = ['applied', 'Beworben', 'SCREENING', 'Vorauswahl', 'Interview', 'Gespräch', 'offer', 'Angebot', 'Hired', 'eingestellt', 'rejected', 'Abgelehnt'];
    const file = ['name,email,job,stage', ...names.map((stage, index) => `C${index},c${index}@example.de,Designer,${stage}`)].join('\n');
    const result = parseCandidateCsv(utf8(file));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.stage)).toEqual(['applied', 'applied', 'screening', 'screening', 'interview', 'interview', 'offer', 'offer', 'hired', 'hired', 'rejected', 'rejected']);
  });

  it('refuses a row with an unknown stage, and a stage without a job', () => {
    const result = parseCandidateCsv(utf8('name,email,job,stage\nAnna,anna@example.de,Designer,Telefoninterview\nBernd,bernd@example.de,,Offer\nClara,clara@example.de,Designer,\n'));
    expect(result.rows).toEqual([{ line: 4, name: 'Clara', addresses: ['clara@example.de'], job: 'Designer', stage: null }]);
    expect(result.problems).toEqual([
      { line: 2, code: 'invalid-input', field: 'stage', message: expect.stringContaining('the stage "Telefoninterview" is not known') },
      { line: 3, code: 'invalid-input', field: 'stage', message: 'line 3: the stage "Offer" needs a job in the job column.' },
    ]);
  });

  it('reports every fault of a refused row', () => {
    const result = parseCandidateCsv(utf8('name,email,job,stage\n,,Designer,maybe\n'));
    expect(result.rows).toEqual([]);
    expect(result.problems.map((problem) => [problem.line, problem.field])).toEqual([
      [2, 'name'],
      [2, 'email'],
      [2, 'stage'],
    ]);
  });
});

describe('parseCandidateCsv: hostile files', () => {
  it('returns the rows before a quote that is never closed and one problem for the rest', () => {
    const lines = ['name,email', 'Anna,anna@example.de', '"Bernd', 'Brot",bernd@example.de', '', 'Clara,clara@example.de'];
    const broken = ['"Dora,dora@example.de', 'Emil,emil@example.de', 'Frida,frida@example.de'];
    const result = parseCandidateCsv(utf8([...lines, ...broken].join('\n')));
    expect(result.rows.map((row) => [row.line, row.name])).toEqual([
      [2, 'Anna'],
      [3, 'Bernd Brot'],
      [6, 'Clara'],
    ]);
    expect(result.problems).toEqual([{ line: 7, code: 'invalid-input', message: expect.stringMatching(/^line 7: a quote opened here is never closed\./) }]);
  });

  it('returns the rows before a quote inside an unquoted cell and one problem for the rest', () => {
    const file = 'name;email\nAnna;anna@example.de\n\nBernd "Bär" Brot;bernd@example.de\nClara;clara@example.de\n';
    const result = parseCandidateCsv(utf8(file));
    expect(result.rows.map((row) => row.name)).toEqual(['Anna']);
    expect(result.problems).toEqual([{ line: 4, code: 'invalid-input', message: expect.stringMatching(/^line 4: a quote \(\"\) stands inside a cell that does not start with one/) }]);
  });

  it('reports text after a closing quote at the start line of a multi-line row', () => {
    const file = 'name,email,job\nAnna,anna@example.de,x\n"Bernd\nBrot"x,bernd@example.de,y\nClara,clara@example.de,z\n';
    const result = parseCandidateCsv(utf8(file));
    expect(result.rows.map((row) => row.name)).toEqual(['Anna']);
    expect(result.problems).toEqual([{ line: 3, code: 'invalid-input', message: expect.stringMatching(/^line 3: text follows a closing quote \(noticed on line 4\)/) }]);
  });

  it('reports a broken quote in the header at line 1 with no rows', () => {
    const result = parseCandidateCsv(utf8('"name,email\nAnna,anna@example.de\n'));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, code: 'invalid-input', message: expect.stringMatching(/^line 1: a quote opened here is never closed/) }]);
  });

  it.each([
    ['empty', ''],
    ['only blank lines', '\r\n  \r\n\t\n'],
    ['only a byte order mark', '\uFEFF'],
  ])('reports a blank file (%s) at line 1', (_case, text) => {
    const result = parseCandidateCsv(utf8(text));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 1, code: 'invalid-input', field: 'file', message: expect.stringContaining('the file is empty') }]);
  });

  it('never throws on scrambled input, and every line it names is in the file', () => {
    // A fixed linear congruential generator, so a failure reproduces.
    let seed = 42;
    const next = (limit: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % limit;
    };
    const alphabet = ['"', '"', ',', ';', '\n', '\r\n', '\r', 'a', ' ', 'ü', '@', 'x.de', 'interview'];
    for (let round = 0; round < 300; round += 1) {
      const noise = Array.from({ length: 1 + next(120) }, () => alphabet[next(alphabet.length)]).join('');
      const text = `${round % 2 === 0 ? 'name,email,stage,job' : 'Name;E-Mail;Phase;Stelle'}\n${noise}`;
      const physicalLines = text.split(/\r\n|\r|\n/).length;
      const result = parseCandidateCsv(utf8(text));
      const lines = [...result.rows.map((row) => row.line), ...result.problems.map((problem) => problem.line)];
      expect(lines.every((line) => line >= 1 && line <= physicalLines)).toBe(true);
      expect(result.rows.map((row) => row.line)).toEqual([...result.rows.map((row) => row.line)].sort((a, b) => a - b));
      expect(result.rows.every((row) => row.name !== '' && row.addresses[0] !== '')).toBe(true);
    }
  });

  it('returns all 10,000 rows of a large file with their line numbers', () => {
    const count = 10_000;
    const body = Array.from({ length: count }, (_, index) => `Kandidat ${index};k${index}@example.de;Stelle ${index % 50};Beworben`);
    const result = parseCandidateCsv(utf8(['Name;E-Mail;Stelle;Phase', ...body].join('\r\n')));
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(count);
    expect(result.rows.every((row, index) => row.line === index + 2 && row.name === `Kandidat ${index}` && row.addresses[0] === `k${index}@example.de`)).toBe(true);
    expect(result.rows.at(-1)).toEqual({ line: count + 1, name: 'Kandidat 9999', addresses: ['k9999@example.de'], job: 'Stelle 49', stage: 'applied' });
  });
});
