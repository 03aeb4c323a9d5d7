import { APPOINTMENT_LIMITS } from '@carebook/shared';

/** The limits an upload is checked against before it is sent; the API checks them again, by content. */
export interface UploadRules {
  maxFileBytes: number;
  acceptedFileTypes: readonly string[];
  maxFiles?: number;
}

export interface RefusedFile {
  name: string;
  problem: string;
}

export interface FileCheck {
  accepted: File[];
  refused: RefusedFile[];
}

/** Types browsers often leave blank or name differently, by extension (DICOM scans above all). */
const EXTENSION_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  dcm: 'application/dicom',
  dicom: 'application/dicom',
};

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'application/dicom': 'DICOM',
};

/** "1.5 MB", "340 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const megabytes = bytes / 1024 / 1024;
  return `${megabytes < 10 ? Math.round(megabytes * 10) / 10 : Math.round(megabytes)} MB`;
}

/** "PDF, JPEG, PNG or DICOM" for the accepted types. */
export function typeWords(types: readonly string[]): string {
  const names = types.map((type) => TYPE_NAMES[type] ?? type);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? '');
}

/** The file picker's `accept`: the types, and the extensions that stand for them. */
export function acceptAttribute(types: readonly string[]): string {
  const extensions = Object.entries(EXTENSION_TYPES)
    .filter(([, type]) => types.includes(type))
    .map(([extension]) => `.${extension}`);
  return [...types, ...extensions].join(',');
}

/** What a file claims to be: the browser's type, else the one its extension stands for. */
export function claimedType(file: Pick<File, 'name' | 'type'>): string {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const byExtension = EXTENSION_TYPES[extension];
  if (file.type && file.type !== 'application/octet-stream') return file.type === 'image/jpg' ? 'image/jpeg' : file.type;
  return byExtension ?? file.type;
}

/**
 * Splits picked files into those worth sending and those refused, each with a reason a person can act
 * on: empty, too large, a type the clinic does not take, or past the number one upload may hold.
 */
export function checkFiles(files: readonly File[], rules: UploadRules): FileCheck {
  const maxFiles = rules.maxFiles ?? APPOINTMENT_LIMITS.filesPerUpload;
  const accepted: File[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    if (file.size === 0) {
      refused.push({ name: file.name, problem: 'is empty' });
    } else if (file.size > rules.maxFileBytes) {
      refused.push({ name: file.name, problem: `is ${formatBytes(file.size)}; files can be at most ${formatBytes(rules.maxFileBytes)}` });
    } else if (!rules.acceptedFileTypes.includes(claimedType(file))) {
      refused.push({ name: file.name, problem: `is not a ${typeWords(rules.acceptedFileTypes)} file` });
    } else if (accepted.length >= maxFiles) {
      refused.push({ name: file.name, problem: `was left out: at most ${maxFiles} files at once` });
    } else {
      accepted.push(file);
    }
  }
  return { accepted, refused };
}

/** A Material Symbol for a stored file's type. */
export function fileIcon(contentType: string): string {
  if (contentType === 'application/pdf') return 'picture_as_pdf';
  if (contentType === 'application/dicom') return 'radiology';
  return contentType.startsWith('image/') ? 'image' : 'draft';
}
