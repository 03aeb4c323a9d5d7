/**
 * Data for the portal's specs, so each spec states only what matters to it: Dr Amara Okafor, her
 * patient Olivia Bennett and their appointments, the demo clinic. Never imported by the app itself.
 */
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration, type Appointment, type AppointmentHistoryEntry } from '@carebook/api-client';
import type { NotificationItem } from '@carebook/shared';
import { authInterceptor } from '../core/auth-interceptor';
import { blobErrorsInterceptor } from '../core/blob-errors-interceptor';
import type { AuthSession, SessionUser } from '../core/api-types';
import type { ClinicInfo, ClinicSettings, Doctor, DoctorProfile, MyDoctorProfile } from '../core/api-types';

/** HttpClient answered by HttpTestingController, with the generated client on relative URLs. */
export function apiTesting(): (Provider | EnvironmentProviders)[] {
  return [provideHttpClient(withInterceptors([blobErrorsInterceptor])), provideHttpClientTesting(), provideApiConfiguration('')];
}

/** Like apiTesting(), for a dialog opened with `data`: its MatDialogRef closes through `close` (a jest.fn). */
export function dialogTesting(data: unknown, close: (result?: unknown) => void): (Provider | EnvironmentProviders)[] {
  return [...apiTesting(), { provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close } }];
}

/** Like apiTesting(), with a router and the real auth interceptor: for specs that sign in and refresh. */
export function authTesting(): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    provideHttpClient(withInterceptors([blobErrorsInterceptor, authInterceptor])),
    provideHttpClientTesting(),
    provideApiConfiguration(''),
  ];
}

/** A session as login, refresh and password change answer it; the suffix tells the tokens apart. */
export function sessionOf(user: SessionUser, suffix: string): AuthSession {
  return { accessToken: `access-${suffix}`, refreshToken: `refresh-${suffix}`, expiresIn: 900, user };
}

/**
 * For afterEach in specs that open dialogs: closes them, lets them finish closing (`settle` runs the
 * spec's timers), checks that no request was left unanswered, and resets the testing module.
 */
export async function closeDialogsAndReset(settle: () => Promise<void>): Promise<void> {
  TestBed.inject(MatDialog).closeAll();
  await settle();
  TestBed.inject(HttpTestingController).verify();
  TestBed.resetTestingModule();
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The API's error answer, as the arguments of `TestRequest.flush`: the body it sends (status, its
 * reason, the message and any field details) and the response status.
 */
export function apiError(
  status: number,
  message: string,
  details?: { field: string; message: string }[],
  headers?: Record<string, string>,
): [body: object, opts: { status: number; statusText: string; headers?: Record<string, string> }] {
  const error = REASONS[status];
  if (!error) throw new Error(`No reason phrase for ${status}`);
  return [
    { statusCode: status, error, message, ...(details ? { details } : {}) },
    { status, statusText: error, ...(headers ? { headers } : {}) },
  ];
}

/** The element with a data-testid under `root`; throws when there is none, naming it. */
export function findByTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const element = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`Nothing with data-testid ${id}`);
  return element;
}

/** The demo clinic: Monday–Friday 08:00–18:00, Saturday 09:00–13:00, closed on Sunday. */
export const CLINIC_INFO: ClinicInfo = {
  clinicName: 'Carebook Clinic',
  timezone: 'Europe/London',
  locale: 'en-GB',
  hourCycle: 'h23',
  workingHours: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
    { weekday: 6, start: '09:00', end: '13:00' },
  ],
  slotMinutes: 30,
  minNoticeMinutes: 120,
  bookingHorizonDays: 90,
  upcomingHolidays: [],
  cancellationWindowHours: 24,
};

/** The demo clinic's settings as an admin sees them. */
export function clinicSettings(overrides: Partial<ClinicSettings> = {}): ClinicSettings {
  return {
    ...CLINIC_INFO,
    pendingExpiryHours: 48,
    reminderOffsetsMinutes: [1440, 60],
    updatedAt: '2026-11-20T10:00:00.000Z',
    updatedBy: 'Clinic Administrator',
    ...overrides,
  };
}

/** Dr Amara Okafor as the doctor search lists her. */
export function aDoctor(overrides: Partial<Doctor> = {}): Doctor {
  return {
    id: 'd1',
    fullName: 'Dr Amara Okafor',
    specialty: 'Cardiology',
    experienceYears: 14,
    location: 'Central Clinic, London',
    photoUrl: null,
    bio: 'Heart rhythm disorders.',
    languages: ['English', 'Igbo'],
    consultationTypes: ['in_person', 'video'],
    nextAvailableAt: null,
    ...overrides,
  };
}

/** Her public page. */
export function aDoctorProfile(overrides: Partial<DoctorProfile> = {}): DoctorProfile {
  return { ...aDoctor(), contactPhone: null, contactEmail: null, slotMinutes: 30, ...overrides };
}

/** Her own profile, as she edits it. */
export function myDoctorProfile(overrides: Partial<MyDoctorProfile> = {}): MyDoctorProfile {
  const { nextAvailableAt: _next, ...doctor } = aDoctor({ bio: 'Consultant cardiologist.' });
  return {
    ...doctor,
    email: 'amara.okafor@carebook.test',
    status: 'active',
    licenseNumber: 'GMC-7100231',
    contactPhone: null,
    contactEmail: null,
    ...overrides,
  };
}

/** A half-hour appointment of Olivia Bennett's with Dr Okafor. */
export function anAppointment(overrides: Partial<Appointment> & Pick<Appointment, 'id' | 'status'>): Appointment {
  const startsAt = overrides.startsAt ?? '2030-03-04T09:00:00.000Z';
  return {
    doctorId: 'd1',
    patientId: 'p1',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    reason: 'Check-up',
    statusReason: null,
    patientDetails: { fullName: 'Olivia Bennett', age: 38, gender: 'female', phone: null, email: 'olivia@example.com' },
    doctor: { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', location: null, photoUrl: null, experienceYears: 14 },
    patient: { id: 'p1', fullName: 'Olivia Bennett' },
    sequence: 0,
    createdAt: '2030-03-01T09:00:00.000Z',
    updatedAt: '2030-03-01T09:00:00.000Z',
    actions: [],
    ...overrides,
  };
}

/** An unread bell entry: Olivia's appointment with Dr Okafor was confirmed. */
export function aNotification(overrides: Partial<NotificationItem> & Pick<NotificationItem, 'id'>): NotificationItem {
  return {
    type: 'appointment-confirmed',
    title: 'Appointment confirmed',
    body: 'Dr Amara Okafor, Mon 4 Mar 09:00',
    link: '/appointments/a1',
    createdAt: '2030-03-01T09:00:00.000Z',
    readAt: null,
    ...overrides,
  };
}

/** One entry of an appointment's history: by default, Olivia Bennett's booking of it (pending). */
export function aHistoryEntry(overrides: Partial<AppointmentHistoryEntry> & Pick<AppointmentHistoryEntry, 'startsAt'>): AppointmentHistoryEntry {
  return {
    id: 1,
    event: 'booked',
    fromStatus: null,
    toStatus: 'pending',
    actor: { id: 'p1', fullName: 'Olivia Bennett', role: 'patient' },
    reason: null,
    previousStartsAt: null,
    at: '2030-03-01T09:00:00.000Z',
    ...overrides,
  };
}
