import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { moveIntoPast } from './support/database';
import { ADMIN, PASSWORD, SCREENSHOT_DIR, snap } from './support/screens';
import { randomUUID } from 'node:crypto';

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

/** Sets the clinic's locale and clock through the API. */
async function setLocale(request: APIRequestContext, locale: string, hourCycle: 'h12' | 'h23'): Promise<void> {
  const token = await apiToken(request, ADMIN.email, ADMIN.password);
  const headers = { Authorization: `Bearer ${token}` };
  const current = (await (await request.get('/api/admin/settings', { headers })).json()) as Record<string, unknown>;
  const { updatedAt: _at, updatedBy: _by, ...settings } = current;
  const saved = await request.put('/api/admin/settings', { headers, data: { ...settings, locale, hourCycle } });
  expect(saved.ok()).toBeTruthy();
}

/** Puts the clinic's locale and clock back through the API, whatever the test left. */
async function restoreLocale(request: APIRequestContext): Promise<void> {
  await setLocale(request, 'en-GB', 'h23');
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
  // A patient, an admin and a doctor, screens and pickers at two widths, on a machine shared with other work.
  test.setTimeout(300_000);
  const doctorName = `Dr Lena Horloge ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Pulmonology', licenseNumber: 'GMC-7000412', weekdays: true });
  const patientEmail = await registerPatient(request, 'Theo Clock');

  // Before: the clinic's defaults, British English on a 24-hour clock.
  const patient = await browser.newContext();
  const patientPage = await patient.newPage();
  await signIn(patientPage, patientEmail, PASSWORD);
  await patientPage.waitForURL(/\/patient/);
  await openFullDay(patientPage, doctor.id, doctorName);
  await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText('09:00');

  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/admin/);
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
    await doctorPage.waitForURL(/\/doctor/);
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

    // The doctor's weekly hours: shown, typed and picked on the 12-hour clock, saved as the API's HH:mm.
    await doctorPage.goto('/doctor/hours');
    await expect(doctorPage.getByRole('heading', { name: 'Weekly hours' })).toBeVisible();
    await expect(doctorPage.getByTestId('start-1-0')).toHaveValue('9:00 AM');
    await expect(doctorPage.getByTestId('end-1-0')).toHaveValue('5:00 PM');
    await expect(doctorPage.getByTestId('preset-morning-1')).toContainText(/9:00\sAM–12:00\sPM/);
    // Monday: 9:00 AM–1:30 PM typed, then 2:30 PM to 6:00 PM, the end picked from the list.
    await doctorPage.getByTestId('end-1-0').fill('1:30 pm');
    await doctorPage.getByTestId('end-1-0').blur();
    await expect(doctorPage.getByTestId('end-1-0')).toHaveValue('1:30 PM');
    await doctorPage.getByTestId('add-1').click();
    await doctorPage.getByTestId('start-1-1').fill('2:30 PM');
    await doctorPage.getByTestId('start-1-1').blur();
    await expect(doctorPage.getByTestId('start-1-1')).toHaveValue('2:30 PM');
    await doctorPage.getByTestId('end-list-1-1').click();
    const hoursList = doctorPage.locator('.mat-timepicker-panel');
    await hoursList.getByRole('option', { name: /^\s*6:00\sPM\s*$/ }).click();
    await expect(hoursList).toHaveCount(0);
    await expect(doctorPage.getByTestId('end-1-1')).toHaveValue('6:00 PM');
    // An end before the start is named on the same clock.
    await doctorPage.getByTestId('end-1-1').fill('2:00 PM');
    await doctorPage.getByTestId('end-1-1').blur();
    await expect(doctorPage.getByTestId('problem-1-1')).toHaveText('The end must be after the start');
    await doctorPage.getByTestId('end-1-1').fill('6 pm');
    await doctorPage.getByTestId('end-1-1').blur();
    await expect(doctorPage.getByTestId('problem-1-1')).toHaveCount(0);
    await snap(doctorPage, 'doctor-hours-12h');
    await snapPopup(doctorPage, 'doctor-hours-timepicker-12h', () => doctorPage.getByTestId('start-list-1-1').click(), hoursList, {
      close: () => doctorPage.getByRole('heading', { name: 'Weekly hours' }).click(),
    });
    await doctorPage.getByTestId('save').click();
    await expect(doctorPage.getByText(/saved/i).first()).toBeVisible();

    // What the API keeps, and what patients can book: Monday 09:00–13:30 and 14:30–18:00, nothing in the break.
    const doctorToken = await apiToken(request, doctor.email, PASSWORD);
    const saved = (await (await request.get('/api/doctors/me/availability', { headers: { Authorization: `Bearer ${doctorToken}` } })).json()) as {
      weekly: { weekday: number; start: string; end: string }[];
    };
    expect(saved.weekly.filter((w) => w.weekday === 1)).toEqual([
      { weekday: 1, start: '09:00', end: '13:30' },
      { weekday: 1, start: '14:30', end: '18:00' },
    ]);
    const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
    const mondayTimes = new Set(
      slots
        .map((slot) => new Date(slot.startsAt))
        .filter((at) => new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'Europe/London' }).format(at) === 'Monday')
        .map((at) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(at)),
    );
    expect(mondayTimes.size).toBeGreaterThan(0);
    for (const time of ['14:30', '17:30']) expect(mondayTimes.has(time)).toBe(true);
    for (const time of ['13:30', '14:00', '18:00']) expect(mondayTimes.has(time)).toBe(false);
    await doctorContext.close();
  } finally {
    await restoreLocale(request);
  }

  // Restored: 24-hour times again.
  await openFullDay(patientPage, doctor.id, doctorName);
  await expect(patientPage.locator('[data-testid^="slot-"]').first()).toHaveText('09:00');
  await patient.close();
});

/** A time of day written the 24-hour way ("14:30", "09:00"), not followed by AM/PM. */
const TWENTY_FOUR_HOUR = /\b\d{1,2}:\d{2}(?!\d|\s?[AaPp]\.?[Mm])/;
/** A time of day written the 12-hour way ("9:00 AM"). */
const TWELVE_HOUR = /\d{1,2}:\d{2}\s[AP]M/;

test('a doctor’s screens under a 12-hour clinic write every time the 12-hour way', async ({ page, request }) => {
  test.setTimeout(240_000);
  const doctor = await approvedDoctor(request, { fullName: 'Dr Ada Twelve', specialty: 'Orthopaedics', licenseNumber: 'GMC-7000413', weekdays: true });
  const doctorAuth = { Authorization: `Bearer ${await apiToken(request, doctor.email, PASSWORD)}` };
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  expect(slots.length).toBeGreaterThan(3);
  // A request waiting for the doctor, a confirmed visit, and a completed one with a note.
  const patients: { email: string; auth: { Authorization: string }; id: string }[] = [];
  const ids: string[] = [];
  for (const [i, name] of ['Pia Pending', 'Carl Confirmed', 'Dora Done'].entries()) {
    const email = await registerPatient(request, name);
    const auth = { Authorization: `Bearer ${await apiToken(request, email, PASSWORD)}` };
    const me = (await (await request.get('/api/auth/me', { headers: auth })).json()) as { id: string };
    patients.push({ email, auth, id: me.id });
    const booked = await request.post('/api/appointments', { headers: auth, data: { doctorId: doctor.id, startsAt: slots[i].startsAt, reason: 'Stiff joints' } });
    expect(booked.status()).toBe(201);
    ids.push(((await booked.json()) as { id: string }).id);
  }
  const [pending, confirmed, done] = ids;
  for (const id of [confirmed, done]) expect((await request.post(`/api/appointments/${id}/approve`, { headers: doctorAuth })).ok()).toBeTruthy();
  await moveIntoPast(done);
  expect((await request.post(`/api/appointments/${done}/complete`, { headers: doctorAuth })).ok()).toBeTruthy();
  expect((await request.post(`/api/appointments/${done}/notes`, { headers: doctorAuth, data: { body: 'Morning stiffness, 20 minutes.', followUp: 'Review in 3 months' } })).status()).toBe(201);
  // Time off three weeks ahead, an afternoon.
  const day = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  expect((await request.post('/api/doctors/me/time-off', { headers: doctorAuth, data: { startsAt: `${day}T13:00:00Z`, endsAt: `${day}T15:30:00Z` } })).status()).toBe(201);
  // A message from a patient.
  const conversation = await request.post('/api/conversations', { headers: patients[1].auth, data: { participantId: doctor.id } });
  expect(conversation.ok()).toBeTruthy();
  const { id: conversationId } = (await conversation.json()) as { id: string };
  expect((await request.post(`/api/conversations/${conversationId}/messages`, { headers: patients[1].auth, data: { body: 'Should I fast before the visit?', clientId: randomUUID() } })).ok()).toBeTruthy();

  try {
    await setLocale(request, 'en-US', 'h12');
    await signIn(page, doctor.email, PASSWORD);
    await page.waitForURL(/\/doctor/);
    const main = page.locator('main');
    // Each screen with what shows it has loaded: a time on the 12-hour clock where it shows times, else a name.
    const twelveHour = main.getByText(TWELVE_HOUR).first();
    const screens: { name: string; path: string; ready: Locator }[] = [
      { name: 'home', path: '/doctor', ready: twelveHour },
      { name: 'requests', path: '/doctor/requests', ready: twelveHour },
      { name: 'calendar', path: `/doctor/calendar?date=${slots[1].startsAt.slice(0, 10)}`, ready: twelveHour },
      { name: 'appointments', path: '/doctor/appointments', ready: twelveHour },
      { name: 'hours', path: '/doctor/hours', ready: twelveHour },
      { name: 'time-off', path: '/doctor/time-off', ready: twelveHour },
      { name: 'patients', path: '/doctor/patients', ready: main.getByText('Dora Done').first() },
      { name: 'chart', path: `/doctor/patients/${patients[2].id}`, ready: main.getByText('Dora Done').first() },
      { name: 'appointment', path: `/appointments/${pending}`, ready: twelveHour },
      { name: 'completed-visit', path: `/appointments/${done}`, ready: twelveHour },
      { name: 'messages', path: `/messages`, ready: twelveHour },
      { name: 'consultations', path: '/doctor/consultations', ready: main.locator('h1').first() },
      { name: 'profile', path: '/doctor/profile', ready: main.getByText('Orthopaedics').first() },
      { name: 'account', path: '/account', ready: main.getByText(doctor.email).first() },
    ];
    for (const screen of screens) {
      await test.step(screen.name, async () => {
        await page.goto(screen.path);
        // A full load of the app and a lazy route: on a machine shared with other work this can take a while.
        await expect(main.locator('h1').first()).toBeVisible({ timeout: 30_000 });
        await expect(main.locator('[role="progressbar"]')).toHaveCount(0);
        await expect(screen.ready).toBeVisible();
        const text = await main.innerText();
        expect(text.match(TWENTY_FOUR_HOUR)?.[0] ?? null, `a 24-hour time on ${screen.path}`).toBeNull();
        await snap(page, `doctor-12h-${screen.name}`);
      });
    }
  } finally {
    await restoreLocale(request);
  }
});
