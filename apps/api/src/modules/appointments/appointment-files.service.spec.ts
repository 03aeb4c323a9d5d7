import { safeFileName } from './appointment-files.service';

describe('safeFileName', () => {
  it.each([
    ['a plain name', 'blood-test results.pdf', 'pdf', 'blood-test results.pdf'],
    ['an upper-case extension', 'SCAN.PDF', 'pdf', 'SCAN.pdf'],
    ['a JPEG named .jpeg', 'holiday photo.jpeg', 'jpg', 'holiday photo.jpeg'],
    ['a JPEG named .JPG', 'IMG_0042.JPG', 'jpg', 'IMG_0042.jpg'],
    ['a DICOM scan without extension', 'CT-chest', 'dcm', 'CT-chest.dcm'],
    ['the real type, not the claimed one', 'report.exe', 'pdf', 'report.exe.pdf'],
    ['a PNG named .pdf', 'x-ray.pdf', 'png', 'x-ray.pdf.png'],
  ])('keeps %s readable', (_, original, extension, expected) => {
    expect(safeFileName(original, extension)).toBe(expected);
  });

  it.each([
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\System32\\drivers\\etc\\hosts', 'pdf', 'hosts.pdf'],
    ['/var/lib/carebook/uploads/appointments/other.pdf', 'pdf', 'other.pdf'],
    ['C:\\Users\\alex\\Desktop\\ecg.png', 'png', 'ecg.png'],
    ['..', 'pdf', 'file.pdf'],
    ['../', 'pdf', 'file.pdf'],
    ['', 'png', 'file.png'],
    ['.htaccess', 'pdf', 'htaccess.pdf'],
  ])('drops folders and leading dots: %j → %s', (original, extension, expected) => {
    expect(safeFileName(original, extension)).toBe(expected);
  });

  it.each([
    ['control characters', 'scan\u0000\u0007\u001b[31m.pdf', 'scan[31m.pdf'],
    ['a right-to-left override that disguises the extension', 'invoice\u202Efdp.exe', 'invoicefdp.exe.pdf'],
    ['characters Windows and shells refuse', 'a<b>c:d"e|f?g*h.pdf', 'abcdefgh.pdf'],
    ['runs of white space, tabs and line breaks', '  lab \t results\r\n  March .pdf', 'lab results March .pdf'],
  ])('removes %s', (_, original, expected) => {
    expect(safeFileName(original, 'pdf')).toBe(expected);
  });

  it('composes accents so the same name is stored the same way whatever the device sent', () => {
    const decomposed = 'Re\u0301sume\u0301 me\u0301dical.pdf';
    expect(safeFileName(decomposed, 'pdf')).toBe('Résumé médical.pdf');
    expect(safeFileName(decomposed, 'pdf')).toBe(safeFileName('Résumé médical.pdf', 'pdf'));
  });

  it('bounds the length without cutting a character in half', () => {
    expect(safeFileName(`${'x'.repeat(300)}.pdf`, 'pdf')).toBe(`${'x'.repeat(120)}.pdf`);
    const emoji = safeFileName(`${'🫀'.repeat(200)}.png`, 'png');
    expect([...emoji.slice(0, -4)]).toEqual(new Array(120).fill('🫀'));
    // a lone surrogate would make this throw
    expect(() => encodeURIComponent(emoji)).not.toThrow();
  });
});
