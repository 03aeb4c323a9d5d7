import { expect, test } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { PASSWORD, snap, uniqueEmail } from './support/screens';

/**
 * The doctor's own screens: an application under review says so first and promises no bookings; weekly hours from
 * presets; the calendar telling requests from confirmed visits; name and phone edited in one place.
 */
test.setTimeout(180_000);

test('a doctor under review is told so first, and prepares weekly hours from presets', async ({ page, request }) => {
  const email = uniqueEmail('review');
  const registered = await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, fullName: 'Dr Rhea Review', role: 'doctor', specialty: 'Dermatology', licenseNumber: 'GMC-7012390' },
  });
  expect(registered.status()).toBe(201);

  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/doctor/);
  await expect(page.locator('mat-card').first()).toHaveAttribute('data-testid', 'application-pending');
  await expect(page.getByTestId('application-pending')).toContainText('Your application is under review');
  await expect(page.getByTestId('requests-card')).toContainText('Booking requests arrive here once you are approved.');
  await snap(page, 'doctor-home-pending');

  await page.goto('/doctor/hours');
  await expect(page.getByTestId('hours-under-review')).toBeVisible();
  await page.getByTestId('preset-morning-1').click();
  await page.getByTestId('preset-afternoon-1').click();
  await expect(page.getByTestId('start-1-0')).toHaveValue('09:00');
  await expect(page.getByTestId('end-1-1')).toHaveValue('17:00');
  await page.getByTestId('copy-monday').click();
  await page.getByTestId('save').click();
  await expect(page.getByTestId('summary')).toContainText('35 h a week on 5 days');
  await expect(page.getByText('What patients will see once you are approved')).toBeVisible();
  await snap(page, 'doctor-hours-presets');

  await page.goto('/doctor/requests');
  await expect(page.getByTestId('requests-under-review')).toBeVisible();
  await page.goto('/doctor/consultations');
  await expect(page.getByTestId('consultations-under-review')).toBeVisible();
  await expect(page.getByTestId('available-toggle')).toHaveCount(0);
  await snap(page, 'doctor-consultations-pending');
});

test('the calendar tells requests from confirmed visits; the doctor edits name and phone on the profile', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Cal Endar', specialty: 'Family Medicine', licenseNumber: 'GMC-7012391', weekdays: true });
  const doctorAuth = { Authorization: `Bearer ${await apiToken(request, doctor.email, PASSWORD)}` };
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  expect(slots.length).toBeGreaterThan(2);
  const ids: string[] = [];
  for (const [i, name] of ['Pia Pending', 'Carl Confirmed'].entries()) {
    const email = await registerPatient(request, name);
    const auth = { Authorization: `Bearer ${await apiToken(request, email, PASSWORD)}` };
    const booked = await request.post('/api/appointments', { headers: auth, data: { doctorId: doctor.id, startsAt: slots[i].startsAt, reason: 'Thyroid check' } });
    expect(booked.status()).toBe(201);
    ids.push(((await booked.json()) as { id: string }).id);
  }
  expect((await request.post(`/api/appointments/${ids[1]}/approve`, { headers: doctorAuth })).ok()).toBeTruthy();

  await signIn(page, doctor.email, PASSWORD);
  await page.waitForURL(/\/doctor/);
  await page.goto(`/doctor/calendar?date=${slots[0].startsAt.slice(0, 10)}`);
  await expect(page.getByTestId('calendar-count')).toContainText('1 appointment, 1 request waiting for your answer');
  await expect(page.getByTestId(`calendar-item-${ids[0]}`)).toHaveClass(/pending/);
  await expect(page.getByTestId(`calendar-item-${ids[0]}`)).toHaveAttribute('aria-label', /Pia Pending, request waiting for your answer/);
  await expect(page.getByTestId(`calendar-item-${ids[1]}`)).not.toHaveClass(/pending/);
  await expect(page.getByTestId('calendar-legend')).toContainText('Request, waiting for your answer');
  await snap(page, 'doctor-calendar-requests');

  await page.goto('/account');
  await expect(page.getByTestId('details-on-profile')).toBeVisible();
  await snap(page, 'doctor-account');
  await page.getByTestId('edit-on-profile').click();
  await expect(page).toHaveURL(/\/doctor\/profile$/);
  await page.getByTestId('fullName').fill('Dr Cal M. Endar');
  await page.getByTestId('phone').fill('+44 7700 900123');
  await page.getByTestId('save').click();
  await expect(page.getByText('Your profile was saved')).toBeVisible();
  const me = (await (await request.get('/api/auth/me', { headers: doctorAuth })).json()) as { fullName: string; phone: string };
  expect(me).toMatchObject({ fullName: 'Dr Cal M. Endar', phone: '+44 7700 900123' });
  await snap(page, 'doctor-profile-name-phone');
});
