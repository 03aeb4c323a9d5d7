import { HttpStatus } from '@nestjs/common';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { GENDERS, type Gender } from '@carebook/shared';
import { birthDateProblem } from '../../common/birth-date';
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
/** Enough of the file's start to recognise what it is (DICOM's signature sits at byte 128). */
const HEAD_BYTES = 4096;
/** A first line longer than this names no columns: the file is not a patient list. */
const HEADER_MAX_BYTES = 64 * 1024;

/** The bytes of an uploaded file, read again from the start on each call (a file on disk, or a buffer in tests). */
export type ByteSource = () => AsyncIterable<Buffer> | Iterable<Buffer>;

/** The file multer wrote to disk, in 64 KiB reads. */
export const fileSource =
  (path: string): ByteSource =>
  () =>
    createReadStream(path, { highWaterMark: 64 * 1024 });

/** Bytes already in memory (unit tests, small inputs), in 64 KiB pieces as a file would come. */
export const bufferSource =
  (content: Buffer): ByteSource =>
  function* () {
    for (let i = 0; i < content.length; i += 64 * 1024) yield content.subarray(i, i + 64 * 1024);
  };

/**
 * Checks what can be checked before answering 202: that the upload is text (UTF-8, or UTF-16 as spreadsheet
 * programs save "Unicode text", turned into UTF-8 as it is read), not empty, and that its header line names a
 * name and an email column. Returns the text to read and its layout, plus the number of non-blank lines after
 * the header (the progress bar's total until the import has counted the real rows). The file is read once, as
 * a stream: only its start and its header line are held.
 */
export async function inspectPatientFile(upload: ByteSource): Promise<{ content: ByteSource; layout: FileLayout; estimatedRows: number }> {
  const start = await headOf(upload, 2);
  const utf16 = start[0] === 0xff && start[1] === 0xfe ? 'utf-16le' : start[0] === 0xfe && start[1] === 0xff ? 'utf-16be' : null;
  const content = utf16 ? utf16ToUtf8(upload, utf16) : upload;
  const scan = new FileScan();
  try {
    for await (const chunk of content()) scan.add(chunk);
  } catch (error) {
    if (error instanceof PatientFileProblem) throw error;
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, 'could not be read');
  }
  scan.end();
  const head = scan.head;
  if (scan.bytes === 0) throw new PatientFileProblem(HttpStatus.BAD_REQUEST, 'is empty');
  const known = sniffContentType(head);
  if (known) throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `is ${known.type}, not a CSV or tab-separated text file`);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'is a workbook or archive: save the sheet as CSV (UTF-8) and upload that');
  }
  if (scan.hasNul || !scan.utf8) {
    throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'must be UTF-8 text: a CSV or tab-separated file (save it as "CSV UTF-8")');
  }
  if (scan.headerTooLong) {
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, 'has a first line longer than 64 KB: its first line must name the columns');
  }
  const headerLine = scan.headerLine();
  if (headerLine.trim() === '') {
    throw new PatientFileProblem(HttpStatus.BAD_REQUEST, scan.blank ? 'is empty' : 'has no header line: its first line must name the columns');
  }
  const delimiter = detectDelimiter(headerLine);
  const layout = headerLayout(headerLine, delimiter);
  return { content, layout, estimatedRows: scan.rowsAfterHeader() };
}

/** The first `bytes` bytes of the source (fewer when it is shorter). */
async function headOf(source: ByteSource, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source()) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= bytes) break;
  }
  return Buffer.concat(parts, length).subarray(0, bytes);
}

/**
 * What one pass over the (UTF-8) text finds: its first bytes, its header line, whether it is valid UTF-8 without
 * NUL bytes, whether it is blank, and how many non-blank lines follow the header.
 */
class FileScan {
  bytes = 0;
  hasNul = false;
  utf8 = true;
  /** Nothing but a BOM and whitespace. */
  blank = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly headParts: Buffer[] = [];
  private headLength = 0;
  private readonly headerParts: Buffer[] = [];
  private headerLength = 0;
  private headerDone = false;
  headerTooLong = false;
  private lines = 0;
  private lineBlank = true;

  get head(): Buffer {
    return Buffer.concat(this.headParts, this.headLength);
  }

  add(chunk: Buffer): void {
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headParts.push(Buffer.from(part));
      this.headLength += part.length;
    }
    this.bytes += chunk.length;
    if (!this.hasNul && chunk.includes(0)) this.hasNul = true;
    if (this.utf8) {
      try {
        const text = this.decoder.decode(chunk, { stream: true });
        // trim() takes the BOM (U+FEFF) as whitespace.
        if (this.blank && text.trim() !== '') this.blank = false;
      } catch {
        this.utf8 = false;
      }
    }
    // The BOM belongs to no line (the first read holds it whole).
    let body = this.bytes === chunk.length && chunk.subarray(0, 3).equals(UTF8_BOM) ? chunk.subarray(3) : chunk;
    if (!this.headerDone) {
      // The header line ends at its first line break (a CR alone ends a line too).
      const lf = body.indexOf(LF);
      const cr = body.indexOf(CR);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      const part = end === -1 ? body : body.subarray(0, end);
      this.headerLength += part.length;
      if (this.headerLength > HEADER_MAX_BYTES) this.headerTooLong = true;
      else this.headerParts.push(Buffer.from(part));
      if (end === -1) return;
      this.headerDone = true;
      body = body.subarray(end + 1);
    }
    for (let i = 0; i < body.length; i++) {
      const byte = body[i];
      if (byte === LF) {
        if (!this.lineBlank) this.lines++;
        this.lineBlank = true;
      } else if (byte !== CR && byte !== 0x20 && byte !== 0x09) this.lineBlank = false;
    }
  }

  end(): void {
    if (!this.utf8) return;
    try {
      this.decoder.decode();
    } catch {
      this.utf8 = false;
    }
  }

  headerLine(): string {
    return Buffer.concat(this.headerParts).toString('utf8');
  }

  rowsAfterHeader(): number {
    if (!this.headerDone) return 0;
    return this.lineBlank ? this.lines : this.lines + 1;
  }
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


/** UTF-16 with its byte-order mark, as UTF-8 without one, decoded as it is read. */
function utf16ToUtf8(upload: ByteSource, encoding: 'utf-16le' | 'utf-16be'): ByteSource {
  return async function* () {
    const decoder = new TextDecoder(encoding, { fatal: true });
    const decode = (bytes?: Buffer) => {
      try {
        return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      } catch {
        throw new PatientFileProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'starts like UTF-16 text but is not');
      }
    };
    let first = true;
    for await (const chunk of upload()) {
      const text = decode(first ? chunk.subarray(2) : chunk);
      first = false;
      if (text) yield Buffer.from(text, 'utf8');
    }
    const rest = decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  };
}

/**
 * Line numbers by byte offset. csv-parse reports the bytes read after each record (exact, the BOM included);
 * its own line count runs ahead on quoted fields that hold CRLF, so lines are counted here from the bytes. The
 * bytes pass through `feed` on their way to the parser and are dropped once counted: the parser is never more
 * than its buffers ahead of the rows read, so only those few pieces are held.
 */
class LineCounter {
  private readonly pieces: Buffer[] = [];
  /** Offset in the file of pieces[0][0]. */
  private base = 0;
  private offset = 0;
  private line = 1;
  private ended = false;
  /** Bytes fed so far. */
  length = 0;

  feed(piece: Buffer): void {
    this.pieces.push(piece);
    this.length += piece.length;
  }

  end(): void {
    this.ended = true;
  }

  /** The line of the first byte at or after `offset` that is not a line break (blank lines are skipped). */
  lineAt(offset: number): number {
    this.moveTo(offset);
    let probe = this.offset;
    for (let byte = this.byteAt(probe); byte === LF || byte === CR; byte = this.byteAt(++probe));
    this.moveTo(probe);
    return this.line;
  }

  private byteAt(position: number): number | undefined {
    let at = position - this.base;
    for (const piece of this.pieces) {
      if (at < piece.length) return piece[at];
      at -= piece.length;
    }
    return undefined;
  }

  private moveTo(offset: number): void {
    while (this.offset < offset && this.pieces.length > 0) {
      const piece = this.pieces[0];
      const last = Math.min(piece.length, offset - this.base);
      for (let i = this.offset - this.base; i < last; i++) {
        // LF, CRLF (counted at its LF) and a lone CR each end a line.
        if (piece[i] === LF) this.line++;
        else if (piece[i] === CR) {
          const next = i + 1 < piece.length ? piece[i + 1] : this.byteAt(this.base + i + 1);
          if (next === undefined && !this.ended) {
            // Whether this CR is half of a CRLF shows with the next piece: count it then.
            this.offset = this.base + i;
            return;
          }
          if (next !== LF) this.line++;
        }
      }
      this.offset = this.base + last;
      if (last === piece.length) {
        this.pieces.shift();
        this.base += piece.length;
      }
    }
    this.offset = Math.max(this.offset, Math.min(offset, this.length));
  }
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
export async function* readPatientRows(content: ByteSource, layout: FileLayout, rules: RowRules): AsyncGenerator<FileRow> {
  const lines = new LineCounter();
  const counted = async function* () {
    for await (const piece of content()) {
      lines.feed(piece);
      yield piece;
    }
    lines.end();
  };
  const parser = Readable.from(counted()).pipe(
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
  // Records the parser could not read, by the byte they start at; reported in file order with the others.
  const broken: { at: number; message: string }[] = [];
  parser.on('skip', (error: Error & { code?: string; bytes?: number }) => {
    broken.push({
      at: error.bytes ?? lines.length,
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

/** The number in E.164 (`+447946001800`), or null when it is not a valid international number (parsed once). */
function e164(text: string): string | null {
  if (!text.startsWith('+')) return null;
  const number = parsePhoneNumberFromString(text, { extract: false });
  return number?.isValid() ? number.number : null;
}
