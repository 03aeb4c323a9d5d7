import { HttpStatus } from '@nestjs/common';
import {
  bufferSource,
  type ByteSource,
  detectDelimiter,
  inspectPatientFile,
  PatientFileProblem,
  readPatientRows,
  type FileRow,
} from './patient-file';

const rules = { today: '2026-12-05' };

const inspect = (text: string | Buffer) => inspectPatientFile(bufferSource(Buffer.isBuffer(text) ? text : Buffer.from(text)));

async function rowsOf(text: string | Buffer): Promise<FileRow[]> {
  const { content, layout } = await inspect(text);
  const rows: FileRow[] = [];
  for await (const row of readPatientRows(content, layout, rules)) rows.push(row);
  return rows;
}

async function problemOf(text: string | Buffer): Promise<PatientFileProblem> {
  try {
    await inspect(text);
  } catch (error) {
    if (error instanceof PatientFileProblem) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('detectDelimiter', () => {
  it.each([
    ['name\temail\tphone', '\t'],
    ['name,email,phone', ','],
    ['name;email;phone', ';'],
    ['"Name, full";email;phone', ';'],
    ['name', '\t'],
  ])('%j → %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});

describe('inspectPatientFile', () => {
  it('maps header names case-insensitively, whatever their spacing, and ignores other columns', async () => {
    const { layout, estimatedRows } = await inspect(Buffer.from('Patient ID;Full Name;E-mail;Date of birth;SEX;Mobile\n1;A;a@x.test;;;\n\n2;B;b@x.test;;;\n'));
    expect(layout).toEqual({ delimiter: ';', width: 6, columns: { fullName: 1, email: 2, dateOfBirth: 3, gender: 4, phone: 5 } });
    expect(estimatedRows).toBe(2);
  });

  it('reads UTF-16 "Unicode text" as spreadsheets save it', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\temail\r\nÅsa Öberg\tasa@x.test\r\n', 'utf16le')]);
    const { content, layout } = await inspect(utf16);
    expect(layout.delimiter).toBe('\t');
    const rows: FileRow[] = [];
    for await (const row of readPatientRows(content, layout, rules)) rows.push(row);
    expect(rows).toEqual([{ line: 2, patient: expect.objectContaining({ fullName: 'Åsa Öberg', email: 'asa@x.test' }) }]);
  });

  it.each([
    ['an empty file', '', HttpStatus.BAD_REQUEST, /empty/],
    ['only a BOM and blank lines', '\ufeff\r\n  \r\n', HttpStatus.BAD_REQUEST, /empty/],
    ['a blank first line', '\nname,email\n', HttpStatus.BAD_REQUEST, /header/],
    ['no email column', 'name,phone\nA,+1\n', HttpStatus.BAD_REQUEST, /email column/],
    ['no name column', 'email\na@x.test\n', HttpStatus.BAD_REQUEST, /name column/],
    ['neither', 'a,b\n', HttpStatus.BAD_REQUEST, /name column \("fullname"\) and an email column/],
    ['two name columns', 'name,full_name,email\n', HttpStatus.BAD_REQUEST, /two columns for fullName/],
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n', HttpStatus.UNSUPPORTED_MEDIA_TYPE, /application\/pdf/],
    ['a workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), HttpStatus.UNSUPPORTED_MEDIA_TYPE, /workbook/],
    ['NUL bytes', Buffer.from([0x6e, 0x61, 0x00, 0x6d]), HttpStatus.UNSUPPORTED_MEDIA_TYPE, /UTF-8/],
    ['Latin-1 text', Buffer.from('name,email\nJos\xe9,j@x.test\n', 'latin1'), HttpStatus.UNSUPPORTED_MEDIA_TYPE, /UTF-8/],
    ['a UTF-8 sequence cut off at the end', Buffer.concat([Buffer.from('name,email\nJos'), Buffer.from([0xc3])]), HttpStatus.UNSUPPORTED_MEDIA_TYPE, /UTF-8/],
    ['broken UTF-16', Buffer.from([0xff, 0xfe, 0x6e, 0x00, 0x00, 0xdc]), HttpStatus.UNSUPPORTED_MEDIA_TYPE, /UTF-16/],
    ['a first line over 64 KB', `${'a,'.repeat(40_000)}email\n`, HttpStatus.BAD_REQUEST, /longer than 64 KB/],
  ])('refuses %s', async (_what, text, status, message) => {
    const problem = await problemOf(text);
    expect(problem.status).toBe(status);
    expect(problem.message).toMatch(message);
  });
});

describe('readPatientRows', () => {
  it('gives each row its line in the file, with a BOM, CRLF, blank lines and quoted fields over two lines', async () => {
    const rows = await rowsOf('\ufeffname,email\r\n"Ada\r\nLovelace",ada@x.test\r\n\r\n"Grace ""Amazing"" Hopper",GRACE@X.TEST\r\n,,\r\nAlan Turing,alan@x.test');
    expect(rows).toEqual([
      { line: 2, patient: { fullName: 'Ada\r\nLovelace', email: 'ada@x.test', phone: null, dateOfBirth: null, gender: null } },
      { line: 5, patient: { fullName: 'Grace "Amazing" Hopper', email: 'grace@x.test', phone: null, dateOfBirth: null, gender: null } },
      { line: 7, patient: { fullName: 'Alan Turing', email: 'alan@x.test', phone: null, dateOfBirth: null, gender: null } },
    ]);
  });

  it('reads a tab-separated list and normalises phones to E.164', async () => {
    const rows = await rowsOf('full_name\temail\tphone\tdob\tgender\nMary Seacole\tmary@x.test\t+44 20 7946 0018\t1980-11-23\tFemale\n');
    expect(rows).toEqual([
      { line: 2, patient: { fullName: 'Mary Seacole', email: 'mary@x.test', phone: '+442079460018', dateOfBirth: '1980-11-23', gender: 'female' } },
    ]);
  });

  it('refuses each bad field of a row, and rows whose field count differs from the header', async () => {
    const rows = await rowsOf(
      [
        'name,email,phone,dateOfBirth,gender',
        'X,not-an-email,020 7946 0018,2026-02-30,robot',
        ',,,,',
        ',a@x.test,,,',
        'Too Many,b@x.test,,,,extra',
        'Too Few,c@x.test',
        'Future Child,d@x.test,+1 555,2030-01-01,',
      ].join('\n'),
    );
    expect(rows).toEqual([
      {
        line: 2,
        problems: [
          { field: 'fullName', message: 'must be between 2 and 120 characters' },
          { field: 'email', message: 'must be an email' },
          { field: 'phone', message: expect.stringMatching(/E\.164/) },
          { field: 'dateOfBirth', message: 'must be a date (YYYY-MM-DD)' },
          { field: 'gender', message: 'must be one of female, male, other, unspecified' },
        ],
      },
      { line: 4, problems: [{ field: 'fullName', message: 'is required' }] },
      { line: 5, problems: [{ field: 'row', message: 'has 6 fields where the header has 5' }] },
      { line: 6, problems: [{ field: 'row', message: 'has 2 fields where the header has 5' }] },
      {
        line: 7,
        problems: [
          { field: 'phone', message: expect.stringMatching(/E\.164/) },
          { field: 'dateOfBirth', message: 'must not be in the future' },
        ],
      },
    ]);
  });

  it('refuses a quoted field that is never closed at the line it opens', async () => {
    const rows = await rowsOf('name,email\nAda,ada@x.test\n"Bob,bob@x.test\nCy,cy@x.test\n');
    expect(rows).toEqual([
      { line: 2, patient: expect.objectContaining({ email: 'ada@x.test' }) },
      { line: 3, problems: [{ field: 'row', message: expect.stringMatching(/never closed/) }] },
    ]);
  });

  it('streams a large file without losing a row', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `Person ${i},p${i}@x.test`).join('\r\n');
    const rows = await rowsOf(`name,email\r\n${body}\r\n`);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({ line: 5001, patient: expect.objectContaining({ email: 'p4999@x.test' }) });
  });

  it('counts the same lines whichever way the reads split the file (a CRLF, a quoted line break or a BOM across two reads)', async () => {
    const text = Buffer.from('\ufeffname,email\r\n"Ada\r\nLovelace",ada@x.test\r\n\r\n\r\nGrace Hopper,GRACE@X.TEST\r\nAlan Turing,alan@x.test\r\n"Bob,bob@x.test\r\n');
    const whole = await rowsOf(text);
    expect(whole.map((row) => row.line)).toEqual([2, 6, 7, 8]);
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const pieces: ByteSource = function* () {
        for (let i = 0; i < text.length; i += size) yield text.subarray(i, i + size);
      };
      const { content, layout } = await inspectPatientFile(pieces);
      const rows: FileRow[] = [];
      for await (const row of readPatientRows(content, layout, rules)) rows.push(row);
      expect(rows).toEqual(whole);
    }
  });

  it('reads a file whose lines end in CR alone', async () => {
    const rows = await rowsOf('name,email\rAda Lovelace,ada@x.test\rGrace Hopper,grace@x.test\r');
    expect(rows).toEqual([
      { line: 2, patient: expect.objectContaining({ email: 'ada@x.test' }) },
      { line: 3, patient: expect.objectContaining({ email: 'grace@x.test' }) },
    ]);
  });
});
