import { expect, test } from '@playwright/test';
import { approvedDoctor, signIn } from './support/accounts';
import { ADMIN, PASSWORD, snap, uniqueEmail } from './support/screens';

test('a doctor sets weekly hours and a patient finds them by specialty and sees their free times', async ({
  page,
  request,
  browser,
}) => {
  const doctorName = `Dr Nia Achebe ${Date.now().toString(36)}`;
  const { email: doctorEmail } = await approvedDoctor(request, { fullName: doctorName, specialty: 'Pulmonology', licenseNumber: 'GMC-7654321' });

  // The doctor opens Weekly hours: nothing set yet.
  await signIn(page, doctorEmail, PASSWORD);
  await page.waitForURL(/\/doctor/);
  await page.goto('/doctor/hours');
  await expect(page.getByRole('heading', { name: 'Weekly hours' })).toBeVisible();

  // A window outside the clinic's hours (they open at 08:00) is flagged before saving.
  await page.getByTestId('add-1').click();
  await page.getByTestId('start-1-0').fill('07:00');
  await page.getByTestId('end-1-0').fill('12:00');
  await page.getByTestId('end-1-0').blur();
  await expect(page.getByTestId('problem-1-0')).toContainText(/clinic/i);
  await snap(page, 'doctor-hours-error');

  // Monday 09:00–12:00 and 13:00–17:00, copied to every weekday.
  await page.getByTestId('start-1-0').fill('09:00');
  await page.getByTestId('start-1-0').blur();
  await expect(page.getByTestId('problem-1-0')).toHaveCount(0);
  await page.getByTestId('add-1').click();
  await page.getByTestId('start-1-1').fill('13:00');
  await page.getByTestId('end-1-1').fill('17:00');
  await page.getByTestId('end-1-1').blur();
  await page.getByTestId('menu-1').click();
  await page.getByTestId('copy-weekdays').click();
  await expect(page.getByTestId('start-5-1')).toHaveValue('13:00');
  await page.getByTestId('save').click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();
  // What patients will see: free times appear in the preview.
  await expect(page.locator('[data-testid^="slot-"]').first()).toBeVisible();
  await snap(page, 'doctor-hours');

  // A patient searches by specialty and finds that doctor with a next free time.
  const patient = await browser.newContext();
  const patientPage = await patient.newPage();
  const patientEmail = uniqueEmail('patient');
  expect(
    (
      await request.post('/api/auth/register', {
        data: { email: patientEmail, password: PASSWORD, fullName: 'Ada Obi', role: 'patient' },
      })
    ).status(),
  ).toBe(201);
  await signIn(patientPage, patientEmail, PASSWORD);
  await patientPage.waitForURL(/\/patient/);
  await snap(patientPage, 'patient-home-scheduling');

  await patientPage.goto('/doctors');
  await patientPage.getByTestId('specialty').click();
  await patientPage.getByRole('option', { name: 'Pulmonology' }).click();
  await expect(patientPage).toHaveURL(/specialty=Pulmonology/);
  const card = patientPage.getByRole('listitem').filter({ hasText: doctorName });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('next-available')).toContainText(/Next available/i);
  await snap(patientPage, 'doctor-search-specialty');

  // The filter is in the URL, so a reload keeps it.
  await patientPage.reload();
  await expect(patientPage.getByRole('listitem').filter({ hasText: doctorName })).toBeVisible();

  // The doctor's page shows days across the top and free times below; picking one selects it.
  await patientPage.getByRole('listitem').filter({ hasText: doctorName }).getByRole('link').first().click();
  await expect(patientPage.getByRole('heading', { name: doctorName })).toBeVisible();
  const firstTime = patientPage.locator('[data-testid^="slot-"]').first();
  await expect(firstTime).toBeVisible();
  await firstTime.click();
  await expect(patientPage.getByTestId('selected-summary')).toContainText(doctorName);
  await snap(patientPage, 'doctor-page-slots');
  await patient.close();
});

test('an admin renames the clinic, sees the change recorded, and adds a holiday', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL(/\/admin/);

  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Clinic settings' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Next 7 days' })).toBeVisible();
  await page.getByTestId('clinic-name').fill('Carebook Riverside Clinic');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('last-changed')).toContainText(/E2E|Administrator/i);
  await expect(page.getByText('Carebook Riverside Clinic').first()).toBeVisible();
  await snap(page, 'admin-clinic-settings');

  // A one-off holiday next year, added through the dialog and listed under that year.
  const nextYear = new Date().getUTCFullYear() + 1;
  await page.goto(`/admin/holidays?year=${nextYear}`);
  await expect(page.getByRole('heading', { name: 'Holidays' })).toBeVisible();
  await page.getByTestId('add-holiday').click();
  // The dialog puts the focus on the date once it has opened; typing before that could land in the wrong field.
  await expect(page.getByTestId('holiday-date')).toBeFocused();
  await page.getByTestId('holiday-date').fill(`${nextYear}-03-17`);
  await page.getByTestId('holiday-name').fill('Clinic training day');
  await expect(page.getByTestId('holiday-name')).toHaveValue('Clinic training day');
  await snap(page, 'admin-holiday-dialog');
  await page.getByTestId('holiday-save').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('Clinic training day').first()).toBeVisible();
  await snap(page, 'admin-holidays');
});
