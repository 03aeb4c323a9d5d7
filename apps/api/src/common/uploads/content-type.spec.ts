import { sniffContentType } from './content-type';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContentType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'image/png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['DICOM', bytes(new Array<number>(128).fill(0), 'DICM', [2, 0]), 'application/dicom'],
  ])('recognises %s by its first bytes', (_, content, type) => {
    expect(sniffContentType(content)?.type).toBe(type);
  });

  it.each([
    ['an HTML page named photo.png', bytes('<html><script>alert(1)</script>')],
    ['a RIFF file that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG header', bytes([0x89], 'PN')],
    ['an empty file', bytes()],
    ['"DICM" without the 128-byte preamble', bytes('DICM', [2, 0])],
  ])('refuses %s', (_, content) => {
    expect(sniffContentType(content)).toBeNull();
  });
});
