import { type HttpException, HttpStatus } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { fieldException } from '../exceptions';
import { sniffContentType, type UploadedBlob } from './content-type';

const TYPE_WORDS = 'PDF, JPEG, PNG, WebP, GIF or DICOM';

/** Other extensions in common use for a type: a JPEG named photo.jpeg keeps its name. */
const EXTENSION_ALIASES: Record<string, string[]> = { jpg: ['jpeg', 'jpe'], dcm: ['dicom'] };

/**
 * A display name that is safe anywhere: no folders, no control or shell-special characters, bounded
 * length, and the extension of what the file really is (a PDF named report.exe becomes report.exe.pdf).
 */
export function safeFileName(original: string, extension: string): string {
  const base = (original.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\p{C}<>:"|?*]/gu, '')
    .trim()
    .replace(/^\.+/, '');
  const suffix = [extension, ...(EXTENSION_ALIASES[extension] ?? [])].find((ext) => base.toLowerCase().endsWith(`.${ext}`));
  const stem = suffix ? base.slice(0, -(suffix.length + 1)) : base;
  const kept = [...(stem || 'file')].slice(0, 120).join('');
  return `${kept}.${suffix ?? extension}`;
}

/**
 * An uploaded file the clinic accepts, judged by its content: its real type and a safe display name. Refuses an
 * empty file (400) and any type but the known ones (415), naming the form field `field`.
 */
export function acceptUpload(file: UploadedBlob, field: string): { type: string; extension: string; name: string } {
  if (file.size === 0) throw fieldException(HttpStatus.BAD_REQUEST, field, file.originalname ? `“${file.originalname}” is empty` : 'a file is empty');
  const type = sniffContentType(file.buffer);
  if (!type) {
    throw fieldException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      field,
      `${file.originalname ? `“${file.originalname}”` : 'a file'} is not a ${TYPE_WORDS} file`,
      `Only ${TYPE_WORDS} files can be attached`,
    );
  }
  return { ...type, name: safeFileName(file.originalname, type.extension) };
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export interface MultipartOptions {
  /** The form field holding the files. */
  field: string;
  /** Files in one request. */
  maxFiles: number;
  /** Bytes of one file. */
  maxBytes: number;
  /** Plain text fields allowed beside the files. */
  textFields?: number;
}

/**
 * Reads a multipart form into memory (multer) within the limits, turning multer's limit errors into
 * field-level 4xx answers (413 for a file too large). Resolves once `request.files` (or `request.file`) is set.
 */
export function multipartReader(options: MultipartOptions): (request: Request, response: Response) => Promise<void> {
  const { field, maxFiles, maxBytes, textFields = 0 } = options;
  const instance = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names as raw UTF-8; busboy's default (latin1) would garble "Résumé.pdf".
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes, files: maxFiles, fields: textFields, parts: maxFiles + textFields },
  });
  const handler: RequestHandler = maxFiles === 1 ? instance.single(field) : instance.array(field, maxFiles);
  const refusal = (error: unknown): HttpException => {
    if (!(error instanceof multer.MulterError)) {
      return fieldException(HttpStatus.BAD_REQUEST, field, 'must be sent as multipart/form-data', 'The upload could not be read');
    }
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return fieldException(
          HttpStatus.PAYLOAD_TOO_LARGE,
          field,
          `must ${maxFiles === 1 ? '' : 'each '}be at most ${megabytes(maxBytes)}`,
          `A file is larger than ${megabytes(maxBytes)}`,
        );
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_PART_COUNT':
        return fieldException(HttpStatus.BAD_REQUEST, field, maxFiles === 1 ? 'must be one file' : `must be at most ${maxFiles} at once`);
      default:
        return fieldException(HttpStatus.BAD_REQUEST, field, 'must be the only field of the form, holding the files');
    }
  };
  return (request, response) =>
    new Promise<void>((resolve, reject) => {
      handler(request, response, (error: unknown) => (error ? reject(refusal(error)) : resolve()));
    });
}
