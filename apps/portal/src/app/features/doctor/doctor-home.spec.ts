import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '@carebook/api-client';
import type { Account, Availability, ClinicInfo } from '../../core/api-types';
import { DoctorHome } from './doctor-home';

const CLINIC = { clinicName: 'Carebook Clinic', timezone: 'Europe/London', workingHours: [] } as unknown as ClinicInfo;
const ME = {
  id: 'd1',
  email: 'amara@example.com',
  fullName: 'Dr Amara Okafor',
  role: 'doctor',
  status: 'active',
  specialty: 'Cardiology',
} as Account;
const NO_HOURS: Availability = { slotMinutes: null, effectiveSlotMinutes: 30, autoApprove: false, weekly: [] };

describe('DoctorHome', () => {
  let fixture: ComponentFixture<DoctorHome>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-23T12:00:00Z'));
    TestBed.configureTestingModule({
      imports: [DoctorHome],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DoctorHome);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/auth/me').flush(ME);
    http.match('/api/clinic').forEach((request) => request.flush(CLINIC));
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    jest.restoreAllMocks();
  });

  it('asks a doctor without weekly hours to set them, and links to each page', async () => {
    http.expectOne('/api/doctors/me/availability').flush(NO_HOURS);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="no-hours"]')?.textContent).toContain('You have no weekly hours yet');
    const links = [...page.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(expect.arrayContaining(['/doctor/profile', '/doctor/hours', '/doctor/time-off']));
  });

  it('shows the next free time from the clinic’s today onwards', async () => {
    http
      .expectOne('/api/doctors/me/availability')
      .flush({ ...NO_HOURS, weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] });
    let requests: TestRequest[] = [];
    for (let i = 0; i < 10 && requests.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      TestBed.tick();
      requests = http.match((r) => r.url === '/api/doctors/me/slots');
    }
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.request.params.get('from')).toBe('2026-11-23');
    expect(request.request.params.get('to')).toBe('2026-12-23');
    request.flush([{ startsAt: '2026-11-24T09:00:00.000Z', endsAt: '2026-11-24T09:30:00.000Z' }]);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="no-hours"]')).toBeNull();
    expect(page.querySelector('[data-testid="next-slot"]')?.textContent).toContain('24');
    expect(page.querySelector('[data-testid="schedule-card"]')?.textContent).toContain('3 h');
  });
});
