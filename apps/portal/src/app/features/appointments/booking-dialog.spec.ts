import { InteractivityChecker } from '@angular/cdk/a11y';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { type Appointment } from '@carebook/api-client';
import { Session } from '../../core/session';
import { type BookingDialogData, type BookingDialogResult, type BookingDraft, ageOn, openBookingDialog, reasonLength } from './booking-dialog';
import { apiError, apiTesting, closeDialogsAndReset } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const SLOT = { startsAt: '2030-03-04T09:00:00.000Z', endsAt: '2030-03-04T09:30:00.000Z' };
const DOCTOR = { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', photoUrl: null, location: 'Central Clinic, London' };
const ME = {
  id: 'p1',
  email: 'olivia@example.com',
  fullName: 'Olivia Bennett',
  phone: '+44 7700 900123',
  role: 'patient',
  status: 'active',
  specialty: null,
  statusReason: null,
  createdAt: '2025-01-01T00:00:00Z',
};

function booked(status: Appointment['status']): Partial<Appointment> {
  return { id: 'a1', status, ...SLOT, doctor: { ...DOCTOR } };
}

describe('reasonLength', () => {
  it('counts the reason trimmed, as the API does', () => {
    expect(reasonLength(new FormControl('   '))).toEqual({ required: true });
    expect(reasonLength(new FormControl(' ab '))).toEqual({ tooShort: true });
    expect(reasonLength(new FormControl('abc'))).toBeNull();
    expect(reasonLength(new FormControl('x'.repeat(1001)))).toEqual({ maxlength: { requiredLength: 1000 } });
  });
});

describe('BookingDialog', () => {
  let http: HttpTestingController;
  let results: (BookingDialogResult | undefined)[];
  let slotTaken: jest.Mock;

  async function open(draft?: BookingDraft): Promise<void> {
    const data: BookingDialogData = { doctor: DOCTOR, slot: SLOT, timezone: 'Europe/London', draft, onSlotTaken: slotTaken };
    openBookingDialog(TestBed.inject(MatDialog), data, false).subscribe((result) => results.push(result));
    await settle();
  }

  /** The account and the last booking, which the form is prefilled from. */
  async function prefill(last: Partial<Appointment['patientDetails']> | null = { age: 38, gender: 'female' }): Promise<void> {
    http.expectOne('/api/auth/me').flush(ME);
    const previous = http.expectOne((request) => request.url === '/api/appointments');
    expect(previous.request.params.get('pageSize')).toBe('1');
    expect(previous.request.params.get('order')).toBe('desc');
    previous.flush({
      items: last ? [{ patientDetails: { fullName: 'Olivia B', email: 'old@example.com', phone: null, age: null, gender: null, ...last } }] : [],
      total: last ? 1 : 0,
    });
    await settle();
  }

  function field(testId: string): HTMLInputElement {
    const found = document.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
    if (!found) throw new Error(`No field ${testId}`);
    return found;
  }

  function type(testId: string, value: string): void {
    const input = field(testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function errorOf(testId: string): string | undefined {
    return field(testId).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();
  }

  async function submit(): Promise<void> {
    document.querySelector('cb-booking-dialog form')?.dispatchEvent(new Event('submit'));
    await settle();
  }

  /** Opens the dialog with the details prefilled and books it for "Chest pain": the booking request, to answer. */
  async function bookForChestPain(): Promise<TestRequest> {
    await open();
    await prefill();
    type('booking-reason', 'Chest pain');
    await submit();
    return http.expectOne((r) => r.url === '/api/appointments' && r.method === 'POST');
  }

  beforeEach(() => {
    results = [];
    slotTaken = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: InteractivityChecker, useValue: { isFocusable: () => true, isTabbable: () => true, isVisible: () => true, isDisabled: () => false } },
        { provide: Session, useValue: { user: signal({ id: 'p1', fullName: 'Olivia Bennett', email: 'olivia@example.com', role: 'patient', status: 'active' }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => closeDialogsAndReset(settle));

  it('shows the doctor, the day and the clinic-local time being booked', async () => {
    await open();
    await prefill();
    const summary = document.querySelector('[data-testid="booking-summary"]')?.textContent ?? '';
    expect(summary).toContain('Dr Amara Okafor');
    expect(summary).toContain('Cardiology');
    expect(summary).toContain('Central Clinic, London');
    // Words and order follow the browser's locale.
    const day = document.querySelector('[data-testid="booking-day"]')?.textContent ?? '';
    for (const part of ['Monday', 'March', '4', '2030']) expect(day).toContain(part);
    expect(document.querySelector('[data-testid="booking-time"]')?.textContent).toMatch(/09:00.*–.*09:30/);
    // The reason is what the patient types first.
    expect(document.activeElement).toBe(field('booking-reason'));
  });

  it('prefills name, email and phone from the account, and age and gender from the last booking', async () => {
    await open();
    await prefill();
    expect(field('booking-fullName').value).toBe('Olivia Bennett');
    expect(field('booking-email').value).toBe('olivia@example.com');
    expect(field('booking-phone').value).toBe('+44 7700 900123');
    expect(field('booking-age').value).toBe('38');
    expect(document.querySelector('[data-testid="booking-gender"]')?.textContent).toContain('Female');
  });

  it('takes age and gender from the account when it has a date of birth', async () => {
    await open();
    const bornAt = `${new Date().getFullYear() - 30}-01-01`;
    http.expectOne('/api/auth/me').flush({ ...ME, dateOfBirth: bornAt, gender: 'male' });
    http.expectOne((request) => request.url === '/api/appointments').flush({ items: [], total: 0 });
    await settle();
    expect(field('booking-age').value).toBe('30');
    expect(document.querySelector('[data-testid="booking-gender"]')?.textContent).toContain('Male');
  });

  it('counts age in whole years, not yet a year older before the birthday', () => {
    expect(ageOn('1988-05-14', new Date(2026, 4, 13))).toBe(37);
    expect(ageOn('1988-05-14', new Date(2026, 4, 14))).toBe(38);
    expect(ageOn(null, new Date(2026, 4, 14))).toBeNull();
  });

  it('keeps what the patient typed while the account was loading', async () => {
    await open();
    type('booking-fullName', 'Olivia Jane Bennett');
    await prefill(null);
    expect(field('booking-fullName').value).toBe('Olivia Jane Bennett');
    expect(field('booking-age').value).toBe('');
  });

  it('refuses to send an incomplete form and says what is missing on each field', async () => {
    await open();
    await prefill(null);
    type('booking-reason', 'ab');
    type('booking-age', '140');
    type('booking-phone', 'call me');
    type('booking-email', 'not-an-email');
    await submit();

    expect(errorOf('booking-reason')).toBe('Use at least 3 characters');
    expect(errorOf('booking-age')).toBe('Enter an age in whole years, 0 to 130');
    expect(errorOf('booking-gender')).toBe('Choose one (or “Prefer not to say”)');
    expect(errorOf('booking-phone')).toContain('Enter a phone number');
    expect(errorOf('booking-email')).toBe('Enter a valid email address');
    http.expectNone('/api/appointments');
  });

  it('books the slot with the reason and the details, and closes with the appointment', async () => {
    await open();
    await prefill();
    type('booking-reason', '  Chest pain when climbing stairs  ');
    await submit();

    const request = http.expectOne((r) => r.url === '/api/appointments' && r.method === 'POST');
    expect(request.request.body).toEqual({
      doctorId: 'd1',
      startsAt: SLOT.startsAt,
      reason: 'Chest pain when climbing stairs',
      patientDetails: { fullName: 'Olivia Bennett', age: 38, gender: 'female', phone: '+44 7700 900123', email: 'olivia@example.com' },
    });
    request.flush(booked('pending'));
    await settle();
    expect(results).toEqual([{ booked: booked('pending') }]);
  });

  it('puts the server’s field errors on the fields they name', async () => {
    (await bookForChestPain()).flush(
      ...apiError(400, 'Validation failed', [{ field: 'patientDetails.email', message: 'must be an email address' }]),
    );
    await settle();
    expect(errorOf('booking-email')).toBe('must be an email address');
    expect(results).toEqual([]);
  });

  it('says when the time was just taken, has the times refreshed, and goes back keeping what was typed', async () => {
    (await bookForChestPain()).flush(
      ...apiError(409, 'Someone has just booked this time; please pick another slot', [{ field: 'startsAt', message: 'was just taken' }]),
    );
    await settle();

    expect(document.querySelector('[data-testid="slot-taken"]')?.textContent).toContain('Someone has just booked this time');
    expect(slotTaken).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[data-testid="booking-submit"]')).toBeNull();
    document.querySelector<HTMLButtonElement>('[data-testid="pick-another"]')?.click();
    await settle();
    expect(results).toEqual([
      { pickAnother: { reason: 'Chest pain', fullName: 'Olivia Bennett', age: 38, gender: 'female', phone: '+44 7700 900123', email: 'olivia@example.com' } },
    ]);
  });

  it('starts from the kept draft without asking the account again', async () => {
    await open({ reason: 'Chest pain', fullName: 'Olivia Bennett', age: 38, gender: 'female', phone: '', email: 'olivia@example.com' });
    expect(field('booking-reason').value).toBe('Chest pain');
    expect(field('booking-age').value).toBe('38');
    http.expectNone('/api/auth/me');
  });
});
