import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, PASSWORD, uniqueEmail } from './screens';

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function apiToken(request: APIRequestContext, email: string, password: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password } });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function registerPatient(request: APIRequestContext, fullName: string): Promise<string> {
  const email = uniqueEmail('patient');
  const registered = await request.post('/api/auth/register', { data: { email, password: PASSWORD, fullName, role: 'patient' } });
  expect(registered.status()).toBe(201);
  return email;
}

/**
 * A doctor an admin approved, in a specialty of the test's choosing (one no demo doctor has, so a search by it
 * finds only them); with `weekdays`, working every weekday 09:00–17:00 and reviewing requests rather than
 * auto-approving them.
 */
export async function approvedDoctor(
  request: APIRequestContext,
  doctor: { fullName: string; specialty: string; licenseNumber: string; weekdays?: boolean },
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(doctor.specialty.toLowerCase().slice(0, 6));
  const registered = await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, fullName: doctor.fullName, role: 'doctor', specialty: doctor.specialty, licenseNumber: doctor.licenseNumber },
  });
  expect(registered.status()).toBe(201);
  const { user } = (await registered.json()) as { user: { id: string } };
  const admin = await apiToken(request, ADMIN.email, ADMIN.password);
  expect((await request.post(`/api/admin/doctors/${user.id}/approve`, { headers: { Authorization: `Bearer ${admin}` }, data: {} })).ok()).toBeTruthy();
  if (doctor.weekdays) {
    const token = await apiToken(request, email, PASSWORD);
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    const hours = await request.put('/api/doctors/me/availability', {
      headers: { Authorization: `Bearer ${token}` },
      data: { weekly, slotMinutes: null, autoApprove: false },
    });
    expect(hours.ok()).toBeTruthy();
  }
  return { id: user.id, email };
}

/** The patient books the doctor's first free slot through the API; the request waits for the doctor. */
export async function bookFirstSlot(request: APIRequestContext, doctorId: string, patientEmail: string): Promise<string> {
  const slots = (await (await request.get(`/api/doctors/${doctorId}/slots`)).json()) as { startsAt: string }[];
  expect(slots.length).toBeGreaterThan(0);
  const token = await apiToken(request, patientEmail, PASSWORD);
  const booked = await request.post('/api/appointments', {
    headers: { Authorization: `Bearer ${token}` },
    data: { doctorId, startsAt: slots[0].startsAt, reason: 'Heartburn after meals' },
  });
  expect(booked.status()).toBe(201);
  return ((await booked.json()) as { id: string }).id;
}
