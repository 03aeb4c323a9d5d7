import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { ADMIN, PASSWORD, snap } from './support/screens';

/** Puts the clinic's locale and clock back through the API, whatever the test left. */
async function restoreLocale(request: APIRequestContext): Promise<void> {
  const token = await apiToken(request, ADMIN.email, ADMIN.password);
  const headers = { Authorization: `Bearer ${token}` };
  const current = (await (await request.get('/api/admin/settings', { headers })).json()) as Record<string, unknown>;
  const { updatedAt: _at, updatedBy: _by, ...settings } = current;
  const restored = await request.put('/api/admin/settings', { headers, data: { ...settings, locale: 'en-GB', hourCycle: 'h23' } });
  expect(restored.ok()).toBeTruthy();
}

/** Opens the doctor's page and the last day of the first page that has free times (a whole future day). */
async function openFullDay(page: Page, doctorId: string, doctorName: string): Promise<void> {
  await page.goto(`/doctors/${doctorId}`);
  await expect(page.getByRole('heading', { name: doctorName })).toBeVisible();
  await expect(page.locator('[data-testid^="slot-"]').first()).toBeVisible();
  await page.locator('button.day:not([disabled])').last().click();
}

test('an admin switches the clinic to US English on a 12-hour clock: patients see "9:00 AM" and US dates, pickers too', async ({
  page,
  request,
  browser,
}) => {
  const doctorName = `Dr Lena Horloge ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Chronobiology', licenseNumber: 'GMC-7000412', weekdays: true });
  const patientEmail = await registerPatient(request, 'Theo Clock');

  // Before: the clinic's defaults, British English on a 24-hour clock.
  const patient = await browser.newContext();
  const patientPage = await patient.newPage();
  await signIn(patientPage, patientEmail, PASSWORD);
  await expect(patientPage).toHaveURL(/\/patient/);
  await openFullDay(patientPage, doctor.id, doctorName);
  await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText('09:00');

  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/admin/);
    await page.goto('/admin/settings');
    await expect(page.getByRole('heading', { name: 'Clinic settings' })).toBeVisible();
    await page.getByTestId('locale').click();
    await page.getByRole('option', { name: 'English (United States)' }).click();
    await page.getByTestId('hour-cycle').click();
    await page.getByRole('option', { name: '12-hour (2:30 PM)' }).click();
    // The example follows the form before anything is saved.
    await expect(page.getByTestId('format-sample')).toContainText(/December 7, 2026 at 2:30\sPM/);
    await snap(page, 'admin-clinic-locale', page.getByTestId('locale'));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Clinic settings saved')).toBeVisible();
    await expect(page.getByTestId('last-changed')).toContainText(/\d{1,2}:\d{2}\s[AP]M/);

    // After: the patient's slot picker writes times and dates the American way.
    await openFullDay(patientPage, doctor.id, doctorName);
    await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText(/^9:00\sAM$/);
    await expect(patientPage.locator('[data-testid^="slot-"]').last()).toHaveText(/^4:30\sPM$/);
    await expect(patientPage.locator('.day-title')).toHaveText(/^[A-Z][a-z]+, [A-Z][a-z]+ \d{1,2}$/);
    await snap(patientPage, 'doctor-page-slots-12h');

    // The doctor search's date picker reads and writes US dates, and its calendar starts the week on Sunday.
    const soon = new Date(Date.now() + 10 * 86_400_000);
    const [year, month, day] = [soon.getUTCFullYear(), soon.getUTCMonth() + 1, soon.getUTCDate()];
    await patientPage.goto('/doctors');
    await patientPage.getByTestId('available-on').fill(`${month}/${day}/${year}`);
    await patientPage.getByTestId('available-on').blur();
    await expect(patientPage).toHaveURL(new RegExp(`availableOn=${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`));
    await patientPage.getByRole('button', { name: /open calendar/i }).click();
    const calendar = patientPage.locator('mat-calendar');
    await expect(calendar).toBeVisible();
    await expect(calendar.locator('thead th').first()).toContainText('Sunday');
    await snap(patientPage, 'doctor-search-picker-us', calendar);
    await patientPage.keyboard.press('Escape');
  } finally {
    await restoreLocale(request);
  }

  // Restored: 24-hour times again.
  await openFullDay(patientPage, doctor.id, doctorName);
  await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText('09:00');
  await patient.close();
});
