import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, PASSWORD, uniqueEmail } from './screens';

/** Signs in through the sign-in screen. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** An access token for the API, for setting things up without the browser. */
export async function apiToken(request: APIRequestContext, email: string, password: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password } });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A doctor who applies (with PASSWORD) and whom the admin approves at once. */
export async function registerApprovedDoctor(
  request: APIRequestContext,
  doctor: { emailPrefix: string; fullName: string; specialty: string; licenseNumber: string },
): Promise<{ id: string; email: string }> {
  const { emailPrefix, ...details } = doctor;
  const email = uniqueEmail(emailPrefix);
  const registered = await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, role: 'doctor', ...details },
  });
  expect(registered.status()).toBe(201);
  const { user } = (await registered.json()) as { user: { id: string } };
  const admin = await apiToken(request, ADMIN.email, ADMIN.password);
  const approved = await request.post(`/api/admin/doctors/${user.id}/approve`, {
    headers: { Authorization: `Bearer ${admin}` },
    data: {},
  });
  expect(approved.ok()).toBeTruthy();
  return { id: user.id, email };
}
