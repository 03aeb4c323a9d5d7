import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PatientSummary } from '@carebook/api-client';
import { answerEmptyAndReset, clockFrom, configureListPage, openListPage, until } from '../../testing/spec-steps';
import { MyPatients, ageOn } from './my-patients';

beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const OLIVIA: PatientSummary = {
  id: '6f1c1e1a-0000-4000-8000-000000000001',
  fullName: 'Olivia Bennett',
  email: 'olivia@example.com',
  phone: '+44 20 7946 0000',
  dateOfBirth: '1988-11-24',
  gender: 'female',
};
const NOAH: PatientSummary = { id: '6f1c1e1a-0000-4000-8000-000000000002', fullName: 'Noah Clarke', email: 'noah@example.com', phone: null, dateOfBirth: null, gender: null };

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1988-11-24', '2026-11-23')).toBe(37);
    expect(ageOn('1988-11-24', '2026-11-24')).toBe(38);
    expect(ageOn(null, '2026-11-24')).toBeNull();
  });
});

describe('MyPatients', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.routeNativeElement as HTMLElement;
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/patients');

  async function open(url: string, items?: PatientSummary[]): Promise<TestRequest> {
    let list: TestRequest;
    ({ harness, list } = await openListPage(url, lists, { items }));
    return list;
  }

  beforeEach(() => {
    clockFrom('2026-11-23T12:00:00Z');
    http = configureListPage(
      provideRouter([
        { path: 'doctor/patients', component: MyPatients },
        { path: 'doctor/patients/:id', children: [] },
      ], withComponentInputBinding()),
    );
  });

  afterEach(answerEmptyAndReset);

  it('lists the doctor’s patients with what is known of them, each opening their chart', async () => {
    const list = await open('/doctor/patients', [OLIVIA, NOAH]);
    expect(list.request.params.get('page')).toBe('1');
    expect(list.request.params.get('pageSize')).toBe('20');
    expect(list.request.params.has('q')).toBe(false);
    const rows = [...page().querySelectorAll<HTMLAnchorElement>('[data-testid="patient-row"]')];
    expect(rows.map((r) => r.querySelector('.name')?.textContent)).toEqual(['Olivia Bennett', 'Noah Clarke']);
    expect(rows[0].textContent).toContain('37 years · Female · +44 20 7946 0000');
    expect(rows[0].getAttribute('href')).toBe(`/doctor/patients/${OLIVIA.id}`);
    expect(page().textContent).toContain('2 patients');

    rows[1].click();
    await until(() => TestBed.inject(Router).url !== '/doctor/patients');
    expect(TestBed.inject(Router).url).toBe(`/doctor/patients/${NOAH.id}`);
  });

  it('searches by the words typed after a pause, keeping them in the address', async () => {
    await open('/doctor/patients', [OLIVIA]);
    const input = page().querySelector<HTMLInputElement>('[data-testid="patient-search"]');
    if (!input) throw new Error('no search field');
    input.value = ' noah ';
    input.dispatchEvent(new Event('input'));
    const router = TestBed.inject(Router);
    await until(() => router.url.includes('q='));
    expect(router.url).toBe('/doctor/patients?q=noah');
    let list: TestRequest[] = [];
    await until(() => (list = lists()).length > 0);
    expect(list[0].request.params.get('q')).toBe('noah');
  });

  it('says when nobody matches, and clears the search', async () => {
    await open('/doctor/patients?q=zed', []);
    expect(page().querySelector('[data-testid="patients-no-match"]')?.textContent).toContain('No patients match “zed”');
    page().querySelector<HTMLButtonElement>('[data-testid="patients-no-match"] button')?.click();
    const router = TestBed.inject(Router);
    await until(() => !router.url.includes('q='));
    expect(router.url).toBe('/doctor/patients');
  });

  it('explains an empty list to a doctor without patients yet', async () => {
    await open('/doctor/patients', []);
    expect(page().querySelector('[data-testid="patients-empty"]')?.textContent).toContain('Patients appear here once they book an appointment with you.');
  });

  it('asks for the page and page size in the address', async () => {
    const list = await open('/doctor/patients?page=3&pageSize=50');
    expect(list.request.params.get('page')).toBe('3');
    expect(list.request.params.get('pageSize')).toBe('50');
  });
});
