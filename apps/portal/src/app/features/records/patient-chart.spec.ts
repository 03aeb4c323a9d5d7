import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { PatientRecord } from '@carebook/api-client';
import { Session } from '../../core/session';
import { apiError, apiTesting } from '../../testing/fixtures';
import { settle, until } from '../../testing/spec-steps';
import { PatientChart } from './patient-chart';

beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const ID = '6f1c1e1a-0000-4000-8000-000000000001';
const RECORD: PatientRecord = {
  id: ID,
  fullName: 'Hazel Record',
  email: 'hazel@example.com',
  phone: null,
  dateOfBirth: '1990-05-01',
  gender: 'female',
  address: null,
  emergencyContact: null,
  medicalHistory: { conditions: null, allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }], medications: [], notes: null },
} as unknown as PatientRecord;

describe('PatientChart', () => {
  let fixture: ComponentFixture<PatientChart>;
  let http: HttpTestingController;

  const page = () => fixture.nativeElement as HTMLElement;
  const overlay = () => document.body;
  /** The open requests for the record (taken: answer them). */
  const recordRequests = () => http.match((r) => r.url === `/api/patients/${ID}`);

  async function create(role: 'doctor' | 'admin'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [PatientChart],
      providers: [provideRouter([]), ...apiTesting(), { provide: Session, useValue: { role: signal(role) } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientChart);
    fixture.componentRef.setInput('id', ID);
    await settle();
  }

  afterEach(async () => {
    TestBed.inject(MatDialog).closeAll();
    await settle();
    http.match(() => true).forEach((r) => r.flush({ items: [], total: 0 }));
    http.verify();
    TestBed.resetTestingModule();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  });

  describe('for the patient’s doctor', () => {
    it('shows the profile, the history and the visits with this doctor, without asking why', async () => {
      await create('doctor');
      expect(overlay().querySelector('cb-break-glass-dialog')).toBeNull();
      const [record] = recordRequests();
      expect(record.request.params.has('reason')).toBe(false);
      record.flush(RECORD);
      const visits = http.expectOne((r) => r.url === '/api/appointments');
      expect(visits.request.params.get('patientId')).toBe(ID);
      visits.flush({ items: [{ id: 'a1', startsAt: '2030-03-01T09:00:00Z', status: 'completed', reason: 'Knee pain' }], total: 1 });
      await settle();
      expect(page().querySelector('[data-testid="chart-profile"]')?.textContent).toContain('hazel@example.com');
      expect(page().querySelector('[data-testid="history-allergies"]')?.textContent).toContain('Penicillin');
      expect(page().querySelector('[data-testid="chart-visit"]')?.getAttribute('href')).toBe('/appointments/a1');
    });

    it('says so when the record is not theirs to read (404)', async () => {
      await create('doctor');
      recordRequests()[0].flush(...apiError(404, 'No such patient'));
      await settle();
      expect(page().textContent).toContain('This patient’s record');
    });
  });

  describe('for an admin (break-glass)', () => {
    it('asks for a reason in a dialog first, then reads the record with it and shows it was recorded', async () => {
      await create('admin');
      expect(recordRequests()).toHaveLength(0);
      const dialog = overlay().querySelector('cb-break-glass-dialog');
      expect(dialog?.textContent).toContain('audit log');
      const reason = overlay().querySelector<HTMLTextAreaElement>('[data-testid="break-glass-reason"]');
      if (!reason) throw new Error('no reason field');
      reason.value = 'Patient unconscious in A&E';
      reason.dispatchEvent(new Event('input'));
      overlay().querySelector<HTMLButtonElement>('[data-testid="break-glass-open"]')?.click();
      let requests: TestRequest[] = [];
      await until(() => (requests = recordRequests()).length > 0);

      const [record] = requests;
      expect(record.request.params.get('reason')).toBe('Patient unconscious in A&E');
      record.flush(RECORD);
      await settle();
      expect(page().querySelector('[data-testid="break-glass-notice"]')?.textContent).toContain('“Patient unconscious in A&E”');
      expect(page().querySelector('[data-testid="history-allergies"]')?.textContent).toContain('Penicillin');
      // Admins see no "visits with you".
      expect(http.match((r) => r.url === '/api/appointments')).toHaveLength(0);
    });

    it('reads nothing when the admin cancels, and offers to state a reason again', async () => {
      await create('admin');
      overlay().querySelector<HTMLButtonElement>('[data-testid="break-glass-cancel"]')?.click();
      await until(() => !!page().querySelector('[data-testid="break-glass-closed"]') && !overlay().querySelector('cb-break-glass-dialog'));
      expect(recordRequests()).toHaveLength(0);
      expect(page().querySelector('[data-testid="break-glass-closed"]')?.textContent).toContain('This record is closed to admins');

      page().querySelector<HTMLButtonElement>('[data-testid="break-glass-ask"]')?.click();
      await settle();
      expect(overlay().querySelector('cb-break-glass-dialog')).not.toBeNull();
    });
  });
});
