import { acceptAttribute, checkFiles, claimedType, fileIcon, formatBytes, typeWords } from './file-checks';

const RULES = { maxFileBytes: 10 * 1024 * 1024, acceptedFileTypes: ['application/pdf', 'image/jpeg', 'image/png', 'application/dicom'] };

function file(name: string, size: number, type = ''): File {
  const made = new File(['x'], name, { type });
  Object.defineProperty(made, 'size', { value: size });
  return made;
}

describe('checkFiles', () => {
  it('accepts files of an accepted type within the size limit', () => {
    const scan = file('scan.pdf', 2048, 'application/pdf');
    const photo = file('rash.jpg', 500_000, 'image/jpeg');
    expect(checkFiles([scan, photo], RULES)).toEqual({ accepted: [scan, photo], refused: [] });
  });

  it('refuses empty files, files over the limit and other types, saying why', () => {
    const { accepted, refused } = checkFiles(
      [file('empty.pdf', 0, 'application/pdf'), file('huge.png', 11 * 1024 * 1024, 'image/png'), file('setup.exe', 100, 'application/x-msdownload')],
      RULES,
    );
    expect(accepted).toEqual([]);
    expect(refused).toEqual([
      { name: 'empty.pdf', problem: 'is empty' },
      { name: 'huge.png', problem: 'is 11 MB; files can be at most 10 MB' },
      { name: 'setup.exe', problem: 'is not a PDF, JPEG, PNG or DICOM file' },
    ]);
  });

  it('knows DICOM scans by their extension when the browser gives no type', () => {
    const scan = file('knee.dcm', 4096);
    expect(checkFiles([scan], RULES).accepted).toEqual([scan]);
  });

  it('sends at most the number of files one upload may hold', () => {
    const files = Array.from({ length: 12 }, (_, i) => file(`page-${i}.pdf`, 100, 'application/pdf'));
    const { accepted, refused } = checkFiles(files, RULES);
    expect(accepted).toHaveLength(10);
    expect(refused.map((r) => r.name)).toEqual(['page-10.pdf', 'page-11.pdf']);
    expect(refused[0].problem).toBe('was left out: at most 10 files at once');
  });
});

describe('claimedType', () => {
  it('prefers the browser’s type and falls back to the extension', () => {
    expect(claimedType({ name: 'a.pdf', type: 'application/pdf' })).toBe('application/pdf');
    expect(claimedType({ name: 'a.JPEG', type: '' })).toBe('image/jpeg');
    expect(claimedType({ name: 'a.dcm', type: 'application/octet-stream' })).toBe('application/dicom');
    expect(claimedType({ name: 'notes', type: '' })).toBe('');
  });
});

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
});

describe('typeWords and acceptAttribute', () => {
  it('name the types for people and for the file picker', () => {
    expect(typeWords(['application/pdf'])).toBe('PDF');
    expect(typeWords(RULES.acceptedFileTypes)).toBe('PDF, JPEG, PNG or DICOM');
    expect(acceptAttribute(['application/pdf', 'application/dicom'])).toBe('application/pdf,application/dicom,.pdf,.dcm,.dicom');
  });
});

describe('fileIcon', () => {
  it('picks a symbol by type', () => {
    expect(fileIcon('application/pdf')).toBe('picture_as_pdf');
    expect(fileIcon('image/png')).toBe('image');
    expect(fileIcon('application/dicom')).toBe('radiology');
  });
});
