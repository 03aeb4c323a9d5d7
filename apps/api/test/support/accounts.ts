import type { TestApp } from './test-app';
import { ADMIN, STRONG_PASSWORD } from './test-app';

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.test`;
}

export interface Session {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export async function signIn(t: TestApp, email: string, password = STRONG_PASSWORD): Promise<Session> {
  const res = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
  return {
    id: res.body.user.id,
    email,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export async function signInAdmin(t: TestApp): Promise<Session> {
  return signIn(t, ADMIN.email, ADMIN.password);
}

export async function registerPatient(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Session> {
  const email = (overrides['email'] as string) ?? uniqueEmail('patient');
  await t.http
    .post('/api/auth/register')
    .send({ email, password: STRONG_PASSWORD, fullName: 'Pat Patient', role: 'patient', ...overrides })
    .expect(201);
  return signIn(t, email);
}

export async function registerDoctor(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Session> {
  const email = (overrides['email'] as string) ?? uniqueEmail('doctor');
  await t.http
    .post('/api/auth/register')
    .send({
      email,
      password: STRONG_PASSWORD,
      fullName: 'Dr Dee Doctor',
      role: 'doctor',
      specialty: 'Cardiology',
      licenseNumber: 'GMC-1234567',
      ...overrides,
    })
    .expect(201);
  return signIn(t, email);
}

/** A doctor whose application an admin has approved (overrides as for registerDoctor). */
export async function approvedDoctor(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Session> {
  const doctor = await registerDoctor(t, overrides);
  const admin = await signInAdmin(t);
  await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
  return doctor;
}
