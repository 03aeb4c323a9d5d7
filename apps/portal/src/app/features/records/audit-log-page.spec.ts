import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditLogEntry, AuditLogPage as Page } from '@carebook/api-client';
import { apiError, apiTesting } from '../../testing/fixtures';
import { clinicLoaded, settle, until } from '../../testing/spec-steps';
import { saveBlob } from '../appointments/download';
import { AuditLogPage } from './audit-log-page';

jest.mock('../appointments/download', () => ({ ...jest.requireActual<object>('../appointments/download'), saveBlob: jest.fn() }));

beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const LOG = '/api/admin/audit-log';
const CSV = '/api/admin/audit-log/csv';
const USERS = '/api/admin/users';

function anEntry(seq: number, overrides: Partial<AuditLogEntry> = {}): AuditLogEntry {
  return {
    id: `e${seq}`,
    seq: String(seq),
    at: '2030-03-02T10:00:00Z',
    actorId: 'd1',
    actorName: 'Dr Amara Okafor',
    actorRole: 'doctor',
    action: 'record.read',
    subjectId: 'p1',
    targetType: 'patient_record',
    targetId: 'p1',
    reason: null,
    requestId: `req-${seq}`,
    ...overrides,
  };
}

describe('AuditLogPage', () => {
  let fixture: ComponentFixture<AuditLogPage>;
  let http: HttpTestingController;

  const page = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => page().querySelector<T>(`[data-testid="${id}"]`);
  /** The one open request for the log: its query as an object. */
  async function logRequest(): Promise<TestRequest> {
    let found: TestRequest[] = [];
    await until(() => (found = http.match((r) => r.url === LOG)).length > 0);
    if (found.length !== 1) throw new Error(`${found.length} requests for the log instead of one`);
    return found[0];
  }
  const params = (request: TestRequest) => Object.fromEntries(request.request.params.keys().map((key) => [key, request.request.params.get(key)]));
  /** Answers the people pickers' searches with `people`. */
  function answerPeople(people: object[] = []): void {
    for (const r of http.match((req) => req.url === USERS)) r.flush({ items: people, total: people.length });
  }
  function type(input: HTMLInputElement | null, value: string): void {
    if (!input) throw new Error('no such field');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function open(first: Page = { items: [anEntry(2), anEntry(1)], total: 2 }): Promise<void> {
    TestBed.configureTestingModule({ imports: [AuditLogPage], providers: [...apiTesting()] });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    fixture = TestBed.createComponent(AuditLogPage);
    await settle();
    answerPeople();
    const request = await logRequest();
    expect(params(request)).toEqual({ page: '1', pageSize: '20' });
    request.flush(first);
    await settle();
  }

  afterEach(() => {
    answerPeople();
    http.verify();
    TestBed.resetTestingModule();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
    jest.mocked(saveBlob).mockClear();
  });

  it('lists the newest entries with who, what, whose record, why and the request', async () => {
    await open({ items: [anEntry(7, { actorName: 'Ada Admin', actorRole: 'admin', action: 'record.break_glass_read', reason: 'Complaint #4411' })], total: 1 });
    const row = byTestId('audit-table')?.querySelector('tbody tr');
    expect(row?.textContent).toContain('Ada Admin');
    expect(row?.textContent).toContain('record.break_glass_read');
    expect(row?.textContent).toContain('Complaint #4411');
    expect(row?.textContent).toContain('req-7');
  });

  it('says when nothing matches', async () => {
    await open({ items: [], total: 0 });
    expect(byTestId('audit-table')?.textContent).toContain('No entries match.');
  });

  it('filters by action and dates (whole days) when asked, from the first page', async () => {
    await open({ items: [anEntry(2), anEntry(1)], total: 45 });
    // to page 2 first, to see that filtering starts again from page 1
    page().querySelector<HTMLButtonElement>('.mat-mdc-paginator-navigation-next')?.click();
    (await logRequest()).flush({ items: [anEntry(1)], total: 45 });
    await settle();

    type(byTestId<HTMLInputElement>('filter-action'), 'appointment_file.read');
    type(page().querySelector<HTMLInputElement>('input[name="from"]'), '2030-03-01');
    type(page().querySelector<HTMLInputElement>('input[name="to"]'), '2030-03-02');
    await settle();
    byTestId('audit-filters')?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    const filtered = await logRequest();
    expect(params(filtered)).toEqual({
      action: 'appointment_file.read',
      from: '2030-03-01T00:00:00Z',
      to: '2030-03-03T00:00:00.000Z', // the end of the 2nd: the API's `to` is exclusive
      page: '1',
      pageSize: '20',
    });
    filtered.flush({ items: [], total: 0 });
  });

  it('pages through the log', async () => {
    await open({ items: [anEntry(2), anEntry(1)], total: 45 });
    expect(page().querySelector('.mat-mdc-paginator-range-label')?.textContent).toContain('1 – 20 of 45');
    page().querySelector<HTMLButtonElement>('.mat-mdc-paginator-navigation-next')?.click();
    const second = await logRequest();
    expect(params(second)).toMatchObject({ page: '2', pageSize: '20' });
    second.flush({ items: [anEntry(1)], total: 45 });
    await settle();
    expect(page().querySelector('.mat-mdc-paginator-range-label')?.textContent).toContain('21 – 40 of 45');
  });

  it('filters by a person and a patient picked by name, and clears both', async () => {
    await open();
    const [who, whose] = [byTestId<HTMLInputElement>('filter-person'), byTestId<HTMLInputElement>('filter-patient')];
    who?.focus();
    type(who, 'okafor');
    let searches: TestRequest[] = [];
    await until(() => (searches = http.match((r) => r.url === USERS && r.params.get('q') === 'okafor')).length > 0);
    // anyone: admins act on records too, so no role is asked for
    expect(searches[0].request.params.has('role')).toBe(false);
    searches[0].flush({ items: [{ id: 'd1', fullName: 'Dr Amara Okafor', email: 'amara@example.com', role: 'doctor', status: 'active', specialty: 'Cardiology' }], total: 1 });
    await until(() => !!document.querySelector('mat-option')?.textContent?.includes('Okafor'));
    expect(document.querySelector('mat-option')?.textContent).toContain('doctor · Cardiology');
    document.querySelector<HTMLElement>('mat-option')?.click();
    const byActor = await logRequest();
    expect(params(byActor)).toEqual({ actorId: 'd1', page: '1', pageSize: '20' });
    byActor.flush({ items: [anEntry(2)], total: 1 });
    await settle();
    expect(who?.value).toBe('Dr Amara Okafor');

    whose?.focus();
    type(whose, 'bennett');
    await until(() => (searches = http.match((r) => r.url === USERS && r.params.get('q') === 'bennett')).length > 0);
    expect(searches[0].request.params.get('role')).toBe('patient');
    searches[0].flush({ items: [{ id: 'p1', fullName: 'Olivia Bennett', email: 'olivia@example.com', role: 'patient', status: 'active' }], total: 1 });
    await until(() => !!document.querySelector('mat-option')?.textContent?.includes('Bennett'));
    document.querySelector<HTMLElement>('mat-option')?.click();
    const byBoth = await logRequest();
    expect(params(byBoth)).toEqual({ actorId: 'd1', subjectId: 'p1', page: '1', pageSize: '20' });
    byBoth.flush({ items: [], total: 0 });
    await settle();

    byTestId<HTMLButtonElement>('audit-clear')?.click();
    const cleared = await logRequest();
    expect(params(cleared)).toEqual({ page: '1', pageSize: '20' });
    cleared.flush({ items: [], total: 0 });
    await settle();
    expect(who?.value).toBe('');
    expect(whose?.value).toBe('');
  });

  it('downloads the filtered log as CSV', async () => {
    await open();
    type(byTestId<HTMLInputElement>('filter-action'), 'record.break_glass_read');
    await settle();
    byTestId('audit-filters')?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    (await logRequest()).flush({ items: [], total: 0 });
    await settle();

    byTestId<HTMLButtonElement>('audit-csv')?.click();
    const csv = http.expectOne((r) => r.url === CSV);
    expect(csv.request.params.get('action')).toBe('record.break_glass_read');
    csv.flush('seq,at\r\n1,2030-03-02T10:00:00Z\r\n');
    await settle();
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), 'audit-log.csv');
  });

  it('says so when the CSV cannot be made', async () => {
    await open();
    byTestId<HTMLButtonElement>('audit-csv')?.click();
    http.expectOne((r) => r.url === CSV).flush(...apiError(429, 'Too Many Requests'));
    await until(() => !!document.querySelector('.mat-mdc-snack-bar-label'));
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('The download failed');
    expect(saveBlob).not.toHaveBeenCalled();
  });
});
