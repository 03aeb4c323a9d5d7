/** A file as multer hands it over (memory storage). */
export interface UploadedBlob {
  buffer: Buffer;
  size: number;
  originalname: string;
  mimetype: string;
}

interface Signature {
  type: string;
  extension: string;
  matches: (bytes: Buffer) => boolean;
}

const startsWith = (bytes: Buffer, prefix: number[], offset = 0) =>
  bytes.length >= offset + prefix.length && prefix.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: Signature[] = [
  { type: 'image/jpeg', extension: 'jpg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/png', extension: 'png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/webp', extension: 'webp', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { type: 'image/gif', extension: 'gif', matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'application/pdf', extension: 'pdf', matches: (b) => startsWith(b, ascii('%PDF-')) },
  // DICOM (scans): a 128-byte preamble, then "DICM".
  { type: 'application/dicom', extension: 'dcm', matches: (b) => startsWith(b, ascii('DICM'), 128) },
];

/** Every type sniffContentType recognises, for documentation and the portal's file picker. */
export const KNOWN_TYPES = SIGNATURES.map((signature) => signature.type);

/**
 * What a file really is, judged by its first bytes — never by its name or the type the client claims,
 * which anyone can forge. Null when it is none of the types the clinic accepts.
 */
export function sniffContentType(bytes: Buffer): { type: string; extension: string } | null {
  const match = SIGNATURES.find((signature) => signature.matches(bytes));
  return match ? { type: match.type, extension: match.extension } : null;
}

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
