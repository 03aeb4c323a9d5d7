import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AccessLogPage, PatientRecord, UpdatePatientRecordRequest } from '@carebook/api-client';
import { earliestBirthDate } from '@carebook/shared';
import { apiError, apiTesting, CLINIC_INFO } from '../../testing/fixtures';
import { addDays, todayIn } from '../../shared/clinic-time';
import { clinicLoaded, settle, until } from '../../testing/spec-steps';
import { saveBlob } from '../appointments/download';
import { MyRecord } from './my-record';

jest.mock('../appointments/download', () => ({ ...jest.requireActual<object>('../appointments/download'), saveBlob: jest.fn() }));

beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

type History = PatientRecord['medicalHistory'];

function aRecord(history: Partial<History> = {}): PatientRecord {
  return {
    id: 'p1',
    fullName: 'Olivia Bennett',
    email: 'olivia@example.com',
    phone: '+44 20 7946 0000',
    dateOfBirth: '1990-05-01',
    gender: 'female',
    address: null,
    emergencyContact: null,
    medicalHistory: { conditions: null, allergies: null, medications: null, notes: null, ...history },
  };
}

const NO_ONE: AccessLogPage = { items: [], total: 0 };

describe('MyRecord', () => {
  let fixture: ComponentFixture<MyRecord>;
  let http: HttpTestingController;

  const page = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => page().querySelector<T>(`[data-testid="${id}"]`);
  /** The PATCH the page sent (answered with `answer`), as its body. */
  async function saved(answer: PatientRecord): Promise<UpdatePatientRecordRequest> {
    let found: TestRequest[] = [];
    await until(() => (found = http.match((r) => r.method === 'PATCH' && r.url === '/api/patients/me')).length > 0);
    const [request] = found;
    if (found.length !== 1) throw new Error(`${found.length} saves instead of one`);
    request.flush(answer);
    await settle();
    return request.request.body as UpdatePatientRecordRequest;
  }
  function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string): void {
    if (!input) throw new Error('no such field');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function open(record: PatientRecord, log: AccessLogPage = NO_ONE): Promise<void> {
    TestBed.configureTestingModule({ imports: [MyRecord], providers: [...apiTesting()] });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    fixture = TestBed.createComponent(MyRecord);
    await settle();
    http.expectOne('/api/patients/me').flush(record);
    http.expectOne((r) => r.url === '/api/patients/me/access-log').flush(log);
    await settle();
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
    jest.mocked(saveBlob).mockClear();
  });

  describe('"not recorded" and "none known"', () => {
    it('shows a list never filled in as "Not recorded", and its "None known" button saves [] (not null)', async () => {
      await open(aRecord());
      expect(byTestId('allergies')?.textContent).toContain('Not recorded');
      byTestId<HTMLButtonElement>('allergies-none')?.click();
      expect(await saved(aRecord({ allergies: [] }))).toEqual({ medicalHistory: { allergies: [] } });
      expect(byTestId('allergies')?.textContent).toContain('None known');
      expect(byTestId('allergies')?.textContent).not.toContain('Not recorded');
    });

    it('undoes "none known" back to "not recorded" (null), not to an empty list', async () => {
      await open(aRecord({ conditions: [] }));
      const toggle = byTestId<HTMLButtonElement>('conditions-none');
      expect(toggle?.textContent).toContain('Undo “none known”');
      toggle?.click();
      expect(await saved(aRecord())).toEqual({ medicalHistory: { conditions: null } });
      expect(byTestId('conditions')?.textContent).toContain('Not recorded');
    });

    it('offers no "none known" once a list has entries', async () => {
      await open(aRecord({ medications: [{ name: 'Salbutamol', dose: '100 µg' }] }));
      expect(byTestId('medications-none')).toBeNull();
      expect(byTestId('medications')?.textContent).toContain('Salbutamol · 100 µg');
    });
  });

  describe('chips', () => {
    it('adds a condition to the ones already there, leaving out what was not given', async () => {
      await open(aRecord({ conditions: [{ name: 'Asthma', status: 'active', since: '2015' }] }));
      type(byTestId<HTMLInputElement>('condition-name'), 'Migraine');
      await settle();
      byTestId<HTMLButtonElement>('add-condition')?.click();
      const body = await saved(aRecord({ conditions: [{ name: 'Asthma', status: 'active', since: '2015' }, { name: 'Migraine', status: 'active' }] }));
      expect(body).toEqual({
        medicalHistory: { conditions: [{ name: 'Asthma', status: 'active', since: '2015' }, { name: 'Migraine', status: 'active' }] },
      });
      expect(byTestId('conditions')?.textContent).toContain('Migraine');
      // the form is ready for the next one
      expect(byTestId<HTMLInputElement>('condition-name')?.value).toBe('');
    });

    it('adds an allergy to a list confirmed empty', async () => {
      await open(aRecord({ allergies: [] }));
      type(byTestId<HTMLInputElement>('allergy-substance'), 'Penicillin');
      await settle();
      byTestId<HTMLButtonElement>('add-allergy')?.click();
      expect(await saved(aRecord({ allergies: [{ substance: 'Penicillin' }] }))).toEqual({ medicalHistory: { allergies: [{ substance: 'Penicillin' }] } });
    });

    it('removes one chip and saves the rest of that list only', async () => {
      const allergies = [
        { substance: 'Penicillin', severity: 'severe' as const },
        { substance: 'Latex', reaction: 'Rash' },
      ];
      await open(aRecord({ allergies }));
      page().querySelector<HTMLButtonElement>('[aria-label="Remove Penicillin"]')?.click();
      expect(await saved(aRecord({ allergies: [allergies[1]] }))).toEqual({ medicalHistory: { allergies: [{ substance: 'Latex', reaction: 'Rash' }] } });
      expect(byTestId('allergies')?.textContent).not.toContain('Penicillin');
    });

    it('removing the last chip leaves "none known" ([]), not "not recorded"', async () => {
      await open(aRecord({ medications: [{ name: 'Salbutamol' }] }));
      page().querySelector<HTMLButtonElement>('[aria-label="Remove Salbutamol"]')?.click();
      expect(await saved(aRecord({ medications: [] }))).toEqual({ medicalHistory: { medications: [] } });
    });

    it('keeps the record as it was and says why when a save is refused', async () => {
      await open(aRecord({ conditions: [{ name: 'Asthma', status: 'active' }] }));
      page().querySelector<HTMLButtonElement>('[aria-label="Remove Asthma"]')?.click();
      let found: TestRequest[] = [];
      await until(() => (found = http.match((r) => r.method === 'PATCH')).length > 0);
      found[0].flush(...apiError(400, 'medicalHistory.conditions must be a list', [{ field: 'medicalHistory.conditions', message: 'must be a list' }]));
      await until(() => !!document.querySelector('.mat-mdc-snack-bar-label'));
      expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('medicalHistory.conditions must be a list');
      expect(byTestId('conditions')?.textContent).toContain('Asthma');
    });
  });

  describe('profile', () => {
    it('saves the profile, sending cleared fields as null and an emergency contact only when one is given', async () => {
      await open(aRecord());
      const form = byTestId('profile-form');
      type(form?.querySelector<HTMLInputElement>('input[name="phone"]') ?? null, '');
      type(form?.querySelector<HTMLInputElement>('input[name="address"]') ?? null, '1 Spring Lane');
      type(byTestId<HTMLInputElement>('dob'), '1991-06-02');
      await settle();
      byTestId<HTMLButtonElement>('save-profile')?.click();
      expect(await saved(aRecord())).toEqual({
        fullName: 'Olivia Bennett',
        phone: null,
        dateOfBirth: '1991-06-02',
        gender: 'female',
        address: '1 Spring Lane',
        emergencyContact: null,
      });

      type(form?.querySelector<HTMLInputElement>('input[name="contactName"]') ?? null, 'Sam Bennett');
      type(form?.querySelector<HTMLInputElement>('input[name="contactPhone"]') ?? null, '+44 20 7946 0999');
      await settle();
      byTestId<HTMLButtonElement>('save-profile')?.click();
      expect((await saved(aRecord())).emergencyContact).toEqual({ name: 'Sam Bennett', phone: '+44 20 7946 0999', relationship: null });
    });
  });

  describe('date of birth', () => {
    it('offers dates up to the clinic’s today, and refuses a later one typed in without sending it', async () => {
      await open(aRecord());
      const dob = byTestId<HTMLInputElement>('dob');
      const today = todayIn(CLINIC_INFO.timezone);
      expect(dob?.max).toBe(today);
      expect(dob?.min).toBe(earliestBirthDate(today));
      type(dob, addDays(today, 1));
      await settle();
      byTestId<HTMLButtonElement>('save-profile')?.click();
      await until(() => !!document.querySelector('.mat-mdc-snack-bar-label'));
      expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('Date of birth must not be in the future');
      expect(http.match((r) => r.method === 'PATCH')).toEqual([]);
    });
  });

  describe('download and who viewed', () => {
    it('downloads the whole record as a FHIR JSON file', async () => {
      await open(aRecord());
      byTestId<HTMLButtonElement>('export-record')?.click();
      const bundle = { resourceType: 'Bundle', type: 'collection', entry: [] };
      http.expectOne('/api/patients/me/export').flush(bundle);
      await settle();
      expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), 'my-health-record.json');
      const blob = jest.mocked(saveBlob).mock.calls[0][0];
      expect(blob.type).toBe('application/fhir+json');
    });

    it('says so when the export fails', async () => {
      await open(aRecord());
      byTestId<HTMLButtonElement>('export-record')?.click();
      http.expectOne('/api/patients/me/export').flush(...apiError(429, 'Too Many Requests'));
      await until(() => !!document.querySelector('.mat-mdc-snack-bar-label'));
      expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('The export failed');
      expect(saveBlob).not.toHaveBeenCalled();
    });

    it('lists who else read or changed the record, file downloads and break-glass reasons included', async () => {
      await open(aRecord(), {
        items: [
          { at: '2030-03-02T10:00:00Z', actor: { id: 'a1', fullName: 'Ada Admin', role: 'admin' }, action: 'record.break_glass_read', reason: 'Complaint #4411' },
          { at: '2030-03-01T09:30:00Z', actor: { id: 'd1', fullName: 'Dr Amara Okafor', role: 'doctor' }, action: 'appointment_file.read', reason: null },
          { at: '2030-03-01T09:00:00Z', actor: { id: 'd1', fullName: 'Dr Amara Okafor', role: 'doctor' }, action: 'appointment_file.write', reason: null },
        ],
        total: 3,
      });
      const entries = [...(byTestId('access-log')?.querySelectorAll('li') ?? [])].map((li) =>
        [...li.querySelectorAll('span')].map((span) => span.textContent?.trim()).join(' '),
      );
      expect(entries[0]).toContain('Ada Admin (admin) Emergency (break-glass) read');
      expect(entries[0]).toContain('Reason: Complaint #4411');
      expect(entries[1]).toContain('Dr Amara Okafor (doctor) Downloaded a file of your visit');
      expect(entries[2]).toContain('Dr Amara Okafor (doctor) Added a file to your visit');
    });
  });
});
