import { HttpEventType, HttpResponse } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { type AppointmentFile } from '@carebook/api-client';
import { MatDialog } from '@angular/material/dialog';
import { AppointmentFiles } from './appointment-files';
import { apiError, apiTesting } from '../../testing/fixtures';
import { saveBlob } from './download';

jest.mock('./download', () => ({ ...jest.requireActual<object>('./download'), saveBlob: jest.fn() }));

const ID = 'a1';
const STORED: AppointmentFile = {
  id: 'f1',
  fileName: 'blood-test.pdf',
  contentType: 'application/pdf',
  size: 2048,
  uploadedBy: { id: 'p1', fullName: 'Olivia Bennett', role: 'patient' },
  uploadedAt: '2030-03-01T09:00:00.000Z',
};

function file(name: string, size: number, type: string): File {
  return new File([new Uint8Array(size)], name, { type });
}

describe('AppointmentFiles', () => {
  let fixture: ComponentFixture<AppointmentFiles>;
  let http: HttpTestingController;
  let added: AppointmentFile[][];

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function create(canUpload = true, breakGlass = false): Promise<void> {
    TestBed.configureTestingModule({
      imports: [AppointmentFiles],
      providers: [...apiTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AppointmentFiles);
    fixture.componentRef.setInput('appointmentId', ID);
    fixture.componentRef.setInput('files', [STORED]);
    fixture.componentRef.setInput('maxFileBytes', 1024 * 1024);
    fixture.componentRef.setInput('acceptedFileTypes', ['application/pdf', 'image/png']);
    fixture.componentRef.setInput('timezone', 'Europe/London');
    fixture.componentRef.setInput('canUpload', canUpload);
    fixture.componentRef.setInput('uploadNote', 'Only the patient and the doctor can add files.');
    fixture.componentRef.setInput('breakGlass', breakGlass);
    fixture.componentRef.setInput('patientName', 'Olivia Bennett');
    added = [];
    fixture.componentInstance.uploaded.subscribe((files) => added.push(files));
    await settle();
  }

  afterEach(async () => {
    TestBed.inject(MatDialog).closeAll();
    await settle();
    http.verify();
    TestBed.resetTestingModule();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
    jest.mocked(saveBlob).mockClear();
  });

  it('lists the files with their size and who added them', async () => {
    await create();
    const row = element().querySelector('[data-testid="file"]');
    expect(row?.textContent).toContain('blood-test.pdf');
    expect(row?.textContent).toContain('2 KB · Olivia Bennett');
    expect(row?.querySelector('button')?.getAttribute('aria-label')).toBe('Download blood-test.pdf');
  });

  it('checks picked files first, sends the good ones in one request and shows its progress', async () => {
    await create();
    const good = file('scan.pdf', 1000, 'application/pdf');
    fixture.componentInstance.add([good, file('big.png', 2 * 1024 * 1024, 'image/png'), file('notes.txt', 10, 'text/plain')]);
    await settle();

    const refused = element().querySelector('[data-testid="refused-files"]')?.textContent ?? '';
    expect(refused).toContain('big.png is 2 MB; files can be at most 1 MB');
    expect(refused).toContain('notes.txt is not a PDF or PNG file');

    const request = http.expectOne(`/api/appointments/${ID}/files`);
    expect(request.request.method).toBe('POST');
    expect(request.request.reportProgress).toBe(true);
    const body = request.request.body as FormData;
    expect(body.getAll('files').map((sent) => (sent as File).name)).toEqual(['scan.pdf']);

    request.event({ type: HttpEventType.UploadProgress, loaded: 400, total: 1000 });
    await settle();
    expect(element().querySelector('.upload-title')?.textContent).toContain('Uploading scan.pdf');
    expect(element().querySelector('.upload-title')?.textContent).toContain('40%');
    expect(element().querySelector('[data-testid="upload-progress"]')?.getAttribute('aria-valuenow')).toBe('40');

    request.event(new HttpResponse({ status: 201, body: [{ ...STORED, id: 'f2', fileName: 'scan.pdf' }] }));
    await settle();
    expect(added).toEqual([[{ ...STORED, id: 'f2', fileName: 'scan.pdf' }]]);
    expect(element().querySelector('[data-testid="upload-progress"]')).toBeNull();
  });

  it('sends nothing when every file is refused', async () => {
    await create();
    fixture.componentInstance.add([file('notes.txt', 10, 'text/plain')]);
    await settle();
    http.expectNone(`/api/appointments/${ID}/files`);
    expect(element().querySelector('[data-testid="refused-files"]')?.textContent).toContain('This file was not added');
  });

  it('shows the server’s refusal of an upload, naming the file it refused', async () => {
    await create();
    fixture.componentInstance.add([file('scan.pdf', 1000, 'application/pdf')]);
    http.expectOne(`/api/appointments/${ID}/files`).flush(
      ...apiError(415, 'Only PDF, JPEG, PNG, WebP, GIF or DICOM files can be attached', [
        { field: 'files', message: '“scan.pdf” is not a PDF, JPEG, PNG, WebP, GIF or DICOM file' },
      ]),
    );
    await settle();
    const refusal = element().querySelector('[data-testid="upload-error"]')?.textContent;
    expect(refusal).toContain('Only PDF, JPEG, PNG, WebP, GIF or DICOM files can be attached');
    expect(refusal).toContain('“scan.pdf” is not a PDF, JPEG, PNG, WebP, GIF or DICOM file');
    expect(added).toEqual([]);
  });

  it('takes dropped files like picked ones', async () => {
    await create();
    const drop = element().querySelector('[data-testid="file-drop"]') as HTMLElement;
    const event = new Event('drop', { bubbles: true, cancelable: true }) as DragEvent;
    Object.defineProperty(event, 'dataTransfer', { value: { files: [file('scan.pdf', 1000, 'application/pdf')], types: ['Files'] } });
    drop.dispatchEvent(event);
    await settle();
    expect(event.defaultPrevented).toBe(true);
    http.expectOne(`/api/appointments/${ID}/files`).flush([]);
  });

  it('says why files can’t be added instead of offering an upload', async () => {
    await create(false);
    expect(element().querySelector('[data-testid="file-drop"]')).toBeNull();
    expect(element().textContent).toContain('Only the patient and the doctor can add files.');
  });

  describe('downloads', () => {
    const downloadButton = () => element().querySelector<HTMLButtonElement>('[data-testid="file-download"]');
    const overlay = () => document.body;
    const fileRequest = () => http.expectOne((r) => r.url === `/api/appointments/${ID}/files/${STORED.id}`);
    /** Waits for what the dialog and the blob reader do (they finish outside the fixture's zone). */
    async function until(check: () => boolean): Promise<void> {
      for (let i = 0; i < 50 && !check(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await settle();
      }
    }
    async function stateReason(reason: string): Promise<void> {
      await until(() => !!overlay().querySelector('[data-testid="break-glass-reason"]'));
      await settle(); // the dialog's form bound
      const field = overlay().querySelector<HTMLTextAreaElement>('[data-testid="break-glass-reason"]');
      if (!field) throw new Error('no break-glass dialog');
      field.value = reason;
      field.dispatchEvent(new Event('input'));
      overlay().querySelector<HTMLButtonElement>('[data-testid="break-glass-open"]')?.click();
      await until(() => !overlay().querySelector('cb-break-glass-dialog'));
    }

    it('lets the patient or the doctor download at once, without a reason', async () => {
      await create();
      expect(element().querySelector('[data-testid="file-break-glass-hint"]')).toBeNull();
      downloadButton()?.click();
      await settle();
      expect(overlay().querySelector('cb-break-glass-dialog')).toBeNull();
      const request = fileRequest();
      expect(request.request.params.has('reason')).toBe(false);
      request.flush(new Blob(['%PDF-1.4']));
      await settle();
      expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), 'blood-test.pdf');
    });

    it('asks an admin why first (break-glass), sends the reason, and reuses it for the next download from the page', async () => {
      await create(false, true);
      expect(element().querySelector('[data-testid="file-break-glass-hint"]')?.textContent).toContain('asked why before a download');
      downloadButton()?.click();
      await settle();
      http.expectNone((r) => r.url.includes('/files/'));
      expect(overlay().querySelector('cb-break-glass-dialog')?.textContent).toContain('Opening the file blood-test.pdf from Olivia Bennett’s record');
      await stateReason('  Complaint #4411: was the test done?  ');

      const first = fileRequest();
      expect(first.request.params.get('reason')).toBe('Complaint #4411: was the test done?');
      first.flush(new Blob(['%PDF-1.4']));
      await settle();
      expect(saveBlob).toHaveBeenCalledTimes(1);
      expect(element().querySelector('[data-testid="file-break-glass-notice"]')?.textContent).toContain('“Complaint #4411: was the test done?”');

      downloadButton()?.click();
      await settle();
      expect(overlay().querySelector('cb-break-glass-dialog')).toBeNull();
      const second = fileRequest();
      expect(second.request.params.get('reason')).toBe('Complaint #4411: was the test done?');
      second.flush(new Blob(['%PDF-1.4']));
    });

    it('downloads nothing when the admin cancels the dialog', async () => {
      await create(false, true);
      downloadButton()?.click();
      await until(() => !!overlay().querySelector('[data-testid="break-glass-cancel"]'));
      overlay().querySelector<HTMLButtonElement>('[data-testid="break-glass-cancel"]')?.click();
      await until(() => !overlay().querySelector('cb-break-glass-dialog'));
      http.expectNone((r) => r.url.includes('/files/'));
      expect(saveBlob).not.toHaveBeenCalled();
    });

    it('shows the server’s refusal of a reason (read from the blob body) and asks again next time', async () => {
      await create(false, true);
      downloadButton()?.click();
      await stateReason('Reason the server refuses');
      const [body, init] = apiError(400, 'reason must be at least 10 characters', [{ field: 'reason', message: 'must be at least 10 characters' }]);
      fileRequest().flush(new Blob([JSON.stringify(body)], { type: 'application/json' }), init);
      await until(() => !!overlay().querySelector('.mat-mdc-snack-bar-label'));
      expect(overlay().querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('blood-test.pdf could not be downloaded. reason must be at least 10 characters');
      expect(saveBlob).not.toHaveBeenCalled();
      expect(element().querySelector('[data-testid="file-break-glass-hint"]')).not.toBeNull();

      downloadButton()?.click();
      await until(() => !!overlay().querySelector('cb-break-glass-dialog'));
      expect(overlay().querySelector('cb-break-glass-dialog')).not.toBeNull();
    });
  });
});
