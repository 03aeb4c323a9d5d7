import { HttpStatus } from '@nestjs/common';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { isEmail } from 'class-validator';
import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { GENDERS, type Gender } from '@carebook/shared';
import { dateProblem } from '../../common/is-instant.decorator';
import { sniffContentType } from '../../common/uploads/content-type';

/** The columns an import reads, by the names the API uses for them; any other column is ignored. */
export const IMPORT_FIELDS = ['fullName', 'email', 'phone', 'dateOfBirth', 'gender'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names each field answers to, compared without case, spaces, dashes or underscores ("Date of birth" = "date_of_birth"). */
const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  fullName: ['fullname', 'name', 'patientname', 'patient'],
  email: ['email', 'emailaddress', 'mail'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'telephone', 'tel', 'cellphone'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'born'],
  gender: ['gender', 'sex'],
};
const FIELD_OF_HEADER = new Map(IMPORT_FIELDS.flatMap((field) => HEADER_NAMES[field].map((name) => [name, field] as const)));
const normalizeHeader = (cell: string) => cell.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The same limits as registration (IsPersonName, the email's MaxLength). */
export const NAME_LENGTH = { min: 2, max: 120 };
const EMAIL_MAX = 254;
/** Nobody alive was born before this many years ago. */
const OLDEST_AGE_YEARS = 130;

export type Delimiter = '\t' | ',' | ';';

/** What the header line says: the delimiter, where each known column is, and how many columns a row has. */
export interface FileLayout {
  delimiter: Delimiter;
  columns: Partial<Record<ImportField, number>>;
  width: number;
}

/** A patient as a valid row describes them (email lower-cased, phone in E.164). */
export interface ImportedPatient {
  fullName: string;
  email: string;
  phone: string | null;
  dateOfBirth: string | null;
  gender: Gender | null;
}

export interface RowProblem {
  field: string;
  message: string;
}

/** One data row of the file, by its line (the header is line 1): a patient, or why it was refused. */
export type FileRow = { line: number; patient: ImportedPatient } | { line: number; problems: RowProblem[] };

/** A file that cannot be imported at all: answered before the import starts, naming the form field `file`. */
export class PatientFileProblem extends Error {
  constructor(
    readonly status: HttpStatus.BAD_REQUEST | HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    message: string,
  ) {
    super(message);
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;
const CR = 0x0d;

/**
 * Checks what can be checked before answering 202: that the upload is text (UTF-8, or UTF-16 as spreadsheet
 * programs save "Unicode text", turned into UTF-8 here), not empty, and that its header line names a name and
 * an email column. Returns the text to read and its layout, plus the number of non-blank lines after the
 * header (the progress bar's total until the import has counted the real rows).
 */
export function inspectPatientFile(upload: Buffer): { content: Buffer; layout: FileLayout; estimatedRows: number } {
  const content = utf16ToUtf8(upload) ?? upload;
  if (content.length === 0) throw new PatientFileProblem(HttpStatus.BAD_REQUEST, 'is empty');
  const known = sniffContentType(content);
  if (known) throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `is ${known.type}, not a CSV or tab-separated text file`);
  if (content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) {
    throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'is a workbook or archive: save the sheet as CSV (UTF-8) and upload that');
  }
  if (content.includes(0) || !isUtf8(content)) {
    throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'must be UTF-8 text: a CSV or tab-separated file (save it as "CSV UTF-8")');
  }
  const start = content.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  const end = content.indexOf(LF, start);
  const headerLine = content.toString('utf8', start, end === -1 ? content.length : end).replace(/\r$/, '');
  if (headerLine.trim() === '') {
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, content.subarray(start).toString('utf8').trim() === '' ? 'is empty' : 'has no header line: its first line must name the columns');
  }
  const delimiter = detectDelimiter(headerLine);
  const layout = headerLayout(headerLine, delimiter);
  return { content, layout, estimatedRows: end === -1 ? 0 : countNonBlankLines(content, end + 1) };
}

/** The delimiter the header line uses most: tab, comma or semicolon (a tie goes in that order). */
export function detectDelimiter(headerLine: string): Delimiter {
  const count = (d: string) => headerLine.split(d).length - 1;
  const candidates: Delimiter[] = ['\t', ',', ';'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), candidates[0]);
}

export function headerLayout(headerLine: string, delimiter: Delimiter): FileLayout {
  let records: string[][];
  try {
    records = parseSync(headerLine, { delimiter, relax_quotes: true, trim: true });
  } catch {
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, 'has a header line that cannot be read: its first line must name the columns');
  }
  const cells = records[0] ?? [];
  const columns: Partial<Record<ImportField, number>> = {};
  cells.forEach((cell, index) => {
    const field = FIELD_OF_HEADER.get(normalizeHeader(cell));
    if (!field) return;
    const earlier = columns[field];
    if (earlier !== undefined) {
      throw new PatientFileProblem(HttpStatus.BAD_REQUEST, `has two columns for ${field}: "${cells[earlier]}" and "${cell}"`);
    }
    columns[field] = index;
  });
  const missing = (['fullName', 'email'] as const).filter((field) => columns[field] === undefined);
  if (missing.length > 0) {
    const names = missing.map((field) => `${field === 'fullName' ? 'a name' : 'an email'} column ("${HEADER_NAMES[field][0]}")`).join(' and ');
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, `has no ${names} in its header line`);
  }
  return { delimiter, columns, width: cells.length };
}

function countNonBlankLines(content: Buffer, from: number): number {
  let count = 0;
  let blank = true;
  for (let i = from; i < content.length; i++) {
    const byte = content[i];
    if (byte === LF) {
      if (!blank) count++;
      blank = true;
    } else if (byte !== CR && byte !== 0x20 && byte !== 0x09) blank = false;
  }
  return blank ? count : count + 1;
}

/** UTF-16 with its byte-order mark, as UTF-8 without one; null for anything else. */
function utf16ToUtf8(upload: Buffer): Buffer | null {
  const le = upload[0] === 0xff && upload[1] === 0xfe;
  const be = upload[0] === 0xfe && upload[1] === 0xff;
  if (!le && !be) return null;
  try {
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(upload.subarray(2));
    return Buffer.from(text, 'utf8');
  } catch {
    throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'starts like UTF-16 text but is not');
  }
}

/**
 * Line numbers by byte offset. csv-parse reports the bytes read after each record (exact, the BOM included);
 * its own line count runs ahead on quoted fields that hold CRLF, so lines are counted here from the bytes.
 */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly content: Buffer) {}

  /** The line of the first byte at or after `offset` that is not a line break (blank lines are skipped). */
  lineAt(offset: number): number {
    this.moveTo(offset);
    let probe = this.offset;
    while (probe < this.content.length && (this.content[probe] === LF || this.content[probe] === CR)) probe++;
    this.moveTo(probe);
    return this.line;
  }

  moveTo(offset: number): void {
    const content = this.content;
    for (let i = this.offset; i < offset && i < content.length; i++) {
      // LF, CRLF (counted at its LF) and a lone CR each end a line.
      if (content[i] === LF || (content[i] === CR && content[i + 1] !== LF)) this.line++;
    }
    this.offset = Math.max(this.offset, offset);
  }
}

function* chunksOf(content: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < content.length; i += size) yield content.subarray(i, i + size);
}

export interface RowRules {
  /** Today in the clinic's timezone (YYYY-MM-DD): no one is born after it. */
  today: string;
}

/**
 * Streams the file's data rows (after the header) as patients or refusals, with their line numbers.
 * Lines whose fields are all blank (`;;;;` from a spreadsheet) are skipped like empty lines. A record whose
 * quoting is broken is refused; an opening quote never closed swallows the rest of the file into that record.
 */
export async function* readPatientRows(content: Buffer, layout: FileLayout, rules: RowRules): AsyncGenerator<FileRow> {
  const parser = Readable.from(chunksOf(content)).pipe(
    parse({
      bom: true,
      delimiter: layout.delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  );
  const lines = new LineCounter(content);
  // Records the parser could not read, by the byte they start at; reported in file order with the others.
  const broken: { at: number; message: string }[] = [];
  parser.on('skip', (error: Error & { code?: string; bytes?: number }) => {
    broken.push({
      at: error.bytes ?? content.length,
      message: error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'opens a quoted field that is never closed (the rest of the file was read into it)' : 'cannot be read as CSV',
    });
  });
  const brokenBefore = function* (offset: number): Generator<FileRow> {
    while (broken.length > 0 && broken[0].at <= offset) {
      const { at, message } = broken.shift() as { at: number; message: string };
      yield { line: lines.lineAt(at), problems: [{ field: 'row', message }] };
    }
  };
  let cursor = 0;
  let header = true;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
    yield* brokenBefore(cursor);
    const line = lines.lineAt(cursor);
    cursor = info.bytes;
    if (header) {
      header = false;
      continue;
    }
    if (record.every((value) => value.trim() === '')) continue;
    if (record.length !== layout.width) {
      yield { line, problems: [{ field: 'row', message: `has ${record.length} ${record.length === 1 ? 'field' : 'fields'} where the header has ${layout.width}` }] };
      continue;
    }
    yield validateRow(record, layout, rules, line);
  }
  yield* brokenBefore(Number.POSITIVE_INFINITY);
}

export function validateRow(record: readonly string[], layout: FileLayout, rules: RowRules, line: number): FileRow {
  const value = (field: ImportField) => {
    const index = layout.columns[field];
    return index === undefined ? '' : (record[index] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const fullName = value('fullName');
  if (fullName === '') problems.push({ field: 'fullName', message: 'is required' });
  else if ([...fullName].length < NAME_LENGTH.min || [...fullName].length > NAME_LENGTH.max) {
    problems.push({ field: 'fullName', message: `must be between ${NAME_LENGTH.min} and ${NAME_LENGTH.max} characters` });
  }
  const email = value('email').toLowerCase();
  if (email === '') problems.push({ field: 'email', message: 'is required' });
  else if (email.length > EMAIL_MAX || !isEmail(email)) problems.push({ field: 'email', message: 'must be an email' });
  const phoneText = value('phone');
  let phone: string | null = null;
  if (phoneText !== '') {
    phone = e164(phoneText);
    if (!phone) problems.push({ field: 'phone', message: 'must be an international number starting with + (E.164, e.g. +44 20 7946 0018)' });
  }
  const dateOfBirth = value('dateOfBirth');
  const dateMessage = dateOfBirth === '' ? null : birthDateProblem(dateOfBirth, rules.today);
  if (dateMessage) problems.push({ field: 'dateOfBirth', message: dateMessage });
  const genderText = value('gender').toLowerCase();
  const gender = genderText === '' ? null : (GENDERS as readonly string[]).includes(genderText) ? (genderText as Gender) : undefined;
  if (gender === undefined) problems.push({ field: 'gender', message: `must be one of ${GENDERS.join(', ')}` });
  if (problems.length > 0) return { line, problems };
  return { line, patient: { fullName, email, phone, dateOfBirth: dateOfBirth || null, gender: gender ?? null } };
}

/** The number in E.164 (`+447946001800`), or null when it is not a valid international number. */
function e164(text: string): string | null {
  if (!text.startsWith('+') || !isValidPhoneNumber(text)) return null;
  try {
    return parsePhoneNumberWithError(text).number;
  } catch {
    return null;
  }
}

export function birthDateProblem(value: string, today: string): string | null {
  const problem = dateProblem(value, 'date');
  if (problem) return problem;
  if (value > today) return 'must not be in the future';
  const oldest = `${Number(today.slice(0, 4)) - OLDEST_AGE_YEARS}${today.slice(4)}`;
  if (value < oldest) return `must be within the last ${OLDEST_AGE_YEARS} years`;
  return null;
}
