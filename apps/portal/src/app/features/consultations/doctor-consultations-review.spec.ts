import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { ConsultationPresence } from '../../core/consultation-presence';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { CLINIC_INFO, apiTesting } from '../../testing/fixtures';
import { DoctorConsultations } from './doctor-consultations';

describe("DoctorConsultations by the doctor's application status", () => {
  let fixture: ComponentFixture<DoctorConsultations>;
  let http: HttpTestingController;

  async function open(status: 'active' | 'pending'): Promise<HTMLElement> {
    const user = { id: 'd1', email: 'amara@example.com', fullName: 'Dr Amara Okafor', role: 'doctor', status };
    TestBed.configureTestingModule({
      imports: [DoctorConsultations],
      providers: [
        provideRouter([]),
        ...apiTesting(),
        { provide: Session, useValue: { user: signal(user), role: signal('doctor') } },
        { provide: Realtime, useValue: { consultationUpdates: () => new Subject() } },
        { provide: ConsultationPresence, useValue: { noteAvailability: () => undefined, noteConsultation: () => undefined } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DoctorConsultations);
    TestBed.tick();
    http.expectOne('/api/consultations/availability').flush({ available: false });
    http.expectOne('/api/consultations/current').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/consultations/queue').flush({ waiting: [], doctors: [] });
    // The page's cards ask for the clinic once they render.
    for (let round = 0; round < 5; round++) {
      TestBed.tick();
      http.match('/api/clinic').forEach((request) => request.flush(CLINIC_INFO));
      await new Promise((resolve) => setTimeout(resolve));
    }
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('lets an approved doctor switch instant consultations on', async () => {
    const page = await open('active');
    expect(page.querySelector('[data-testid="available-toggle"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="consultations-under-review"]')).toBeNull();
  });

  it('tells a doctor under review that consultations open once approved, with no switch the API would refuse', async () => {
    const page = await open('pending');
    expect(page.querySelector('[data-testid="available-toggle"]')).toBeNull();
    expect(page.querySelector('[data-testid="consultations-under-review"]')?.textContent).toContain('Once an administrator approves it');
  });
});
