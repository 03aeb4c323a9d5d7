import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import type { ImportDto, ImportSummaryDto } from '@carebook/api-client';
import type { ImportProgress } from '@carebook/shared';
import { Subject } from 'rxjs';
import { Realtime } from '../../../core/realtime';
import { apiTesting } from '../../../testing/fixtures';
import { ImportsPage, POLL_MS } from './imports-page';
import { clinicLoaded } from '../../../testing/spec-steps';

// Polling runs on the test's clock; the rest of time passes on its own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const ID = '5f0c1a5e-3b6b-4c0e-9a57-1f2b3c4d5e6f';

function report(overrides: Partial<ImportDto> = {}): ImportDto {
  return {
    id: ID,
    fileName: 'patients.csv',
    status: 'running',
    total: 1000,
    processed: 0,
    created: 0,
    skipped: 0,
    refusedCount: 0,
    refused: [],
    error: null,
    createdAt: '2026-12-05T09:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

const summary = (overrides: Partial<ImportSummaryDto> = {}): ImportSummaryDto => {
  const { refused: _refused, ...rest } = report({ status: 'done', processed: 3, total: 3, created: 3, ...overrides });
  return rest;
};

describe('ImportsPage', () => {
  let fixture: ComponentFixture<ImportsPage>;
  let http: HttpTestingController;
  let progress: Subject<ImportProgress | null>;

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();
  // Not whenStable(): with a request left open on purpose it would wait for ever.
  const settle = async () => {
    await jest.advanceTimersByTimeAsync(1);
    TestBed.tick();
    fixture.detectChanges();
  };
  const recentRequest = () => http.expectOne((r) => r.url === '/api/admin/imports' && r.method === 'GET');
  const reportRequest = () => http.expectOne(`/api/admin/imports/${ID}`);

  async function open(recent: ImportSummaryDto[] = []): Promise<void> {
    fixture = TestBed.createComponent(ImportsPage);
    fixture.detectChanges();
    await settle();
    recentRequest().flush({ items: recent, total: recent.length });
    await settle();
  }

  function pick(name: string, content: string): void {
    const input = byTestId<HTMLInputElement>('file-input') as HTMLInputElement;
    const file = new File([content], name, { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    fixture.detectChanges();
  }

  async function startImport(): Promise<void> {
    pick('patients.csv', 'name,email\nAda,ada@example.test\n');
    byTestId<HTMLButtonElement>('upload')?.click();
    await settle();
    const upload = http.expectOne('/api/admin/imports/patients');
    expect(upload.request.method).toBe('POST');
    expect(upload.request.body).toBeInstanceOf(FormData);
    expect((upload.request.body as FormData).get('file')).toBeInstanceOf(File);
    upload.flush({ id: ID }, { status: 202, statusText: 'Accepted' });
    await settle();
  }

  beforeEach(() => {
    progress = new Subject();
    TestBed.configureTestingModule({
      providers: [...apiTesting(), { provide: Realtime, useValue: { importProgress: () => progress.asObservable() } }],
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
  });

  afterEach(() => {
    fixture?.destroy();
    http.verify();
    TestBed.resetTestingModule();
  });

  it('says when nothing has been imported yet, and imports only once a file is chosen', async () => {
    await open();
    expect(text('no-imports')).toBe('No patient list has been imported yet.');
    expect(byTestId<HTMLButtonElement>('upload')?.disabled).toBe(true);
    pick('dataset.txt', 'name\temail\n');
    expect(text('file-name')).toBe('dataset.txt');
    expect(byTestId<HTMLButtonElement>('upload')?.disabled).toBe(false);
  });

  it('follows an import through import:progress events, then shows the report and its refused rows', async () => {
    await open();
    await startImport();
    recentRequest().flush({ items: [summary({ status: 'running' })], total: 1 });
    reportRequest().flush(report());
    await settle();
    expect(text('status')).toBe('Importing');
    expect(text('progress-line')).toBe('0 of 1,000 rows read');

    progress.next({ id: ID, status: 'running', total: 1000, processed: 500, created: 480, skipped: 10, refusedCount: 10 });
    progress.next({ id: 'another-import', status: 'running', total: 9, processed: 9, created: 9, skipped: 0, refusedCount: 0 });
    await settle();
    expect(text('progress-line')).toBe('500 of 1,000 rows read');
    expect(text('created')).toBe('480');

    const refused = Array.from({ length: 12 }, (_, i) => ({ row: i + 2, field: 'email', message: 'must be an email' }));
    progress.next({ id: ID, status: 'done', total: 1000, processed: 1000, created: 970, skipped: 18, refusedCount: 12 });
    await settle();
    reportRequest().flush(report({ status: 'done', processed: 1000, created: 970, skipped: 18, refusedCount: 12, refused, finishedAt: '2026-12-05T09:01:00.000Z' }));
    await settle();
    recentRequest().flush({ items: [summary({ created: 970 })], total: 1 });
    await settle();

    expect(text('status')).toBe('Done');
    expect(text('refused-count')).toBe('12');
    const rows = () => [...el().querySelectorAll('[data-testid="refusals"] tr.mat-mdc-row')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim()).join(' | '));
    expect(rows()).toHaveLength(10);
    expect(rows()[0]).toBe('2 | email | must be an email');
    (el().querySelector('button.mat-mdc-paginator-navigation-next') as HTMLButtonElement).click();
    await settle();
    expect(rows()).toEqual(['12 | email | must be an email', '13 | email | must be an email']);
  });

  it('polls the report while no event arrives, and stops once the import has ended', async () => {
    await open();
    await startImport();
    recentRequest().flush({ items: [], total: 0 });
    reportRequest().flush(report({ processed: 100 }));
    await settle();

    await jest.advanceTimersByTimeAsync(POLL_MS);
    reportRequest().flush(report({ processed: 600 }));
    await settle();
    expect(text('progress-line')).toBe('600 of 1,000 rows read');

    await jest.advanceTimersByTimeAsync(POLL_MS);
    reportRequest().flush(report({ status: 'failed', processed: 600, error: 'The server stopped during the import' }));
    await settle();
    recentRequest().flush({ items: [], total: 0 });
    await settle();
    expect(text('status')).toBe('Failed');
    expect(text('import-error')).toContain('The server stopped during the import');

    await jest.advanceTimersByTimeAsync(POLL_MS * 3);
    http.expectNone(`/api/admin/imports/${ID}`);
  });

  it('shows why the API refused the file', async () => {
    await open();
    pick('scan.pdf', '%PDF-1.7');
    byTestId<HTMLButtonElement>('upload')?.click();
    await settle();
    http.expectOne('/api/admin/imports/patients').flush(
      { statusCode: 415, error: 'Unsupported Media Type', message: 'The file is application/pdf', details: [{ field: 'file', message: 'is application/pdf, not a CSV or tab-separated text file' }] },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    await settle();
    expect(text('upload-error')).toContain('application/pdf');
    expect(byTestId('report')).toBeNull();
  });

  it('opens an earlier import from the recent list', async () => {
    await open([summary({ fileName: 'october.csv' })]);
    (el().querySelector('[data-testid="recent"] button') as HTMLButtonElement).click();
    await settle();
    reportRequest().flush(report({ status: 'done', fileName: 'october.csv', processed: 3, total: 3, created: 3 }));
    await settle();
    recentRequest().flush({ items: [summary({ fileName: 'october.csv' })], total: 1 });
    await settle();
    expect(el().querySelector('[data-testid="report"] mat-card-title')?.textContent).toBe('october.csv');
    expect(text('no-refusals')).toBe('Every row was imported or skipped.');
  });
});
