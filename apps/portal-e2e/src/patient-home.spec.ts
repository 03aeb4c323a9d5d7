import { expect, test } from '@playwright/test';
import { apiToken, approvedDoctor, bookFirstSlot, registerPatient, signIn } from './support/accounts';
import { PASSWORD, snap } from './support/screens';

test.describe.configure({ timeout: 180_000 });

/** An 8×8 teal PNG: small enough to upload, big enough to see in the screenshots. */
const SMALL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEElEQVR4nGNgaGjAjoaWBADiMEABWMSWggAAAABJRU5ErkJggg==',
  'base64',
);

test('a patient’s home shows the top doctors and appointment cards that say who the doctor is', async ({ page, request }) => {
  // A doctor of the test's own, with experience on the profile, and a request booked with them.
  const doctor = await approvedDoctor(request, { fullName: 'Dr Hana Homepage', specialty: 'Pulmonology', licenseNumber: 'GMC-7011301', weekdays: true });
  const doctorToken = await apiToken(request, doctor.email, PASSWORD);
  const profile = await request.patch('/api/doctors/me', { headers: { Authorization: `Bearer ${doctorToken}` }, data: { experienceYears: 9 } });
  expect(profile.ok()).toBeTruthy();
  const photo = await request.put('/api/doctors/me/photo', {
    headers: { Authorization: `Bearer ${doctorToken}` },
    multipart: { photo: { name: 'photo.png', mimeType: 'image/png', buffer: SMALL_PNG } },
  });
  expect(photo.ok()).toBeTruthy();
  const email = await registerPatient(request, 'Hugo Home');
  await bookFirstSlot(request, doctor.id, email);

  // The ranking the page shows is the API's: most completed visits first.
  const token = await apiToken(request, email, PASSWORD);
  const top = (await (await request.get('/api/doctors/top', { headers: { Authorization: `Bearer ${token}` }, params: { limit: 4 } })).json()) as {
    fullName: string;
    completedVisits: number;
  }[];
  expect(top.length).toBeGreaterThan(0);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/patient/);

  const next = page.getByTestId('next-appointments');
  const item = next.getByTestId('appointment-item').first();
  await expect(item).toContainText('Dr Hana Homepage');
  await expect(item.getByTestId('doctor-facts')).toHaveText('Pulmonology · 9 years’ experience');
  // The doctor's photo, loaded (not the initials, not a broken image).
  const avatar = item.locator('cb-doctor-avatar img');
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await snap(page, 'patient-home-next', next);

  const section = page.getByTestId('top-doctors');
  await expect(section.getByRole('heading', { name: 'Top doctors' })).toBeVisible();
  const cards = section.locator('cb-doctor-card');
  await expect(cards).toHaveCount(top.length);
  await expect(cards.first().getByRole('heading', { level: 3 })).toHaveText(top[0].fullName);
  await expect(cards.first().getByTestId('completed-visits')).toContainText(top[0].completedVisits === 1 ? '1 visit' : `${top[0].completedVisits} visits`);
  await snap(page, 'patient-home-top-doctors', section);

  await page.goto('/patient/appointments');
  const listed = page.getByTestId('appointment-list').getByTestId('appointment-item').first();
  await expect(listed.getByTestId('doctor-facts')).toHaveText('Pulmonology · 9 years’ experience');
  await snap(page, 'my-appointments-upcoming');
});
