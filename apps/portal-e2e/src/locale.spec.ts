import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { ADMIN, PASSWORD, SCREENSHOT_DIR, snap } from './support/screens';

const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/**
 * Waits until the popup's opening animation has run to its end. Material's date picker ignores a close (a click
 * beside it, Escape) while it is still animating open, so a test that closes it at once sometimes finds it
 * still open; a person is never that quick.
 */
async function settled(popup: Locator): Promise<void> {
  await popup.evaluate(async (element) => {
    const pane = element.closest('.cdk-overlay-pane') ?? element;
    await Promise.all(pane.getAnimations({ subtree: true }).map((animation) => animation.finished.catch(() => undefined)));
  });
  await expect(popup.page().locator('.mat-datepicker-content-animating')).toHaveCount(0);
}

/**
 * A picker's popup at both widths: opened afresh at each (a popup does not survive the resize), saved, closed.
 * `prepare` runs first at each width (a phone may need a panel opened).
 */
async function snapPopup(
  page: Page,
  name: string,
  open: () => Promise<void>,
  popup: Locator,
  options: { prepare?: () => Promise<void>; close?: () => Promise<void> } = {},
): Promise<void> {
  for (const [label, size] of SIZES) {
    await page.setViewportSize(size);
    await options.prepare?.();
    await open();
    await expect(popup).toBeVisible();
    await settled(popup);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`) });
    await (options.close ? options.close() : page.keyboard.press('Escape'));
    await expect(popup).toHaveCount(0);
  }
  await page.setViewportSize(SIZES[0][1]);
}

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
  test.setTimeout(150_000);
  const doctorName = `Dr Lena Horloge ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Pulmonology', licenseNumber: 'GMC-7000412', weekdays: true });
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
    await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText(/^\s*9:00\sAM\s*$/);
    await expect(patientPage.locator('[data-testid^="slot-"]').last()).toHaveText(/^\s*4:30\sPM\s*$/);
    await expect(patientPage.locator('.day-title')).toHaveText(/^\s*[A-Z][a-z]+, [A-Z][a-z]+ \d{1,2}\s*$/);
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
    // Closed with a click beside it, on the popup's backdrop, as most people do (once it has finished opening).
    await settled(calendar);
    const closeCalendar = async (): Promise<void> => {
      await patientPage.locator('.cdk-overlay-backdrop').last().click({ position: { x: 2, y: 2 } });
    };
    await closeCalendar();
    await expect(calendar).toHaveCount(0);
    await snapPopup(
      patientPage,
      'doctor-search-picker-us',
      () => patientPage.getByRole('button', { name: /open calendar/i }).click(),
      calendar,
      {
        prepare: async () => {
          // Below 960 px the filters fold into a panel: wait for the layout to follow the new width, then open it.
          const toggle = patientPage.getByRole('button', { name: /open calendar/i });
          const phone = (patientPage.viewportSize()?.width ?? 1280) < 960;
          // The panel's header exists only in the phone layout: waiting for it is waiting for that layout.
          const header = patientPage.getByTestId('filters-panel').locator('mat-expansion-panel-header');
          await header.or(patientPage.locator('aside.filters-aside')).first().waitFor();
          if (phone && (await header.getAttribute('aria-expanded')) !== 'true') await header.click();
          await expect(toggle).toBeVisible();
        },
        close: closeCalendar,
      },
    );

    // A doctor's time-off dialog: its time picker lists the clinic's 12-hour times.
    const doctorContext = await browser.newContext();
    const doctorPage = await doctorContext.newPage();
    await signIn(doctorPage, doctor.email, PASSWORD);
    await expect(doctorPage).toHaveURL(/\/doctor/);
    await doctorPage.goto('/doctor/time-off');
    await doctorPage.getByTestId('add-time-off').first().click();
    await doctorPage.getByTestId('all-day').locator('input').click();
    await expect(doctorPage.getByTestId('start-time')).toHaveValue('9:00 AM');
    await expect(doctorPage.getByTestId('end-time')).toHaveValue('5:00 PM');
    const times = doctorPage.locator('.mat-timepicker-panel');
    await doctorPage.getByRole('button', { name: /open timepicker options/i }).first().click();
    await expect(times.getByRole('option', { name: /^\s*9:15\sAM\s*$/ })).toBeVisible();
    await doctorPage.getByRole('heading', { name: 'Add time off' }).click();
    await expect(times).toHaveCount(0);
    await snapPopup(doctorPage, 'time-off-timepicker-12h', () => doctorPage.getByRole('button', { name: /open timepicker options/i }).first().click(), times, {
      // Escape would close the dialog too; a click beside the list closes only the list.
      close: () => doctorPage.getByRole('heading', { name: 'Add time off' }).click(),
    });
    await doctorContext.close();
  } finally {
    await restoreLocale(request);
  }

  // Restored: 24-hour times again.
  await openFullDay(patientPage, doctor.id, doctorName);
  await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText('09:00');
  await patient.close();
});
