import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { approvedDoctor, signIn } from './support/accounts';
import { ADMIN, PASSWORD, snap, uniqueEmail } from './support/screens';

/** The password of every demo account the server seeds (README, "Two commands"). */
const DEMO_PASSWORD = 'carebook-demo-2026';

/**
 * Lets the appointment's time arrive: the browser journeys cannot move the server's clock, so the
 * appointment is moved into the past instead (same length), which is what the doctor sees once it starts.
 */
/**
 * Clicks the first offered slot starting more than `hours` from now (paging the picker forward if needed), so
 * the patient may still move it: the clinic's cancellation window closes online changes shortly before the start.
 */
async function pickSlotAfter(scope: Page | Locator, hours: number, except?: string): Promise<string> {
  const earliest = Date.now() + hours * 3_600_000;
  for (let page = 0; page < 4; page++) {
    const slots = scope.locator('[data-testid^="slot-"]');
    await expect(slots.first()).toBeVisible();
    const ids = await slots.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid') ?? ''));
    const id = ids.find((candidate) => candidate !== except && Date.parse(candidate.slice('slot-'.length)) > earliest);
    if (id) {
      await scope.getByTestId(id).click();
      return id;
    }
    await scope.getByTestId('slots-next').click();
  }
  throw new Error(`no slot more than ${hours} hours ahead`);
}

/** Pages the doctor's week calendar forward (at most `weeks` times) until a week with booked appointments shows. */
async function showWeekWithAppointments(page: Page, weeks: number): Promise<void> {
  const count = page.getByTestId('calendar-count');
  for (let week = 0; week < weeks; week++) {
    await expect(count).toContainText('appointment');
    if (!(await count.textContent())?.includes('No booked')) return;
    const title = await page.getByTestId('calendar-title').textContent();
    await page.getByTestId('calendar-next').click();
    await expect(page.getByTestId('calendar-title')).not.toHaveText(title ?? '');
  }
}

async function letAppointmentStart(appointmentId: string): Promise<void> {
  const url = readFileSync(join(__dirname, '../test-output/database-url'), 'utf8').trim();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const moved = await client.query(
      `update appointments set starts_at = now() - interval '10 minutes', ends_at = now() - interval '10 minutes' + (ends_at - starts_at)
       where id = $1`,
      [appointmentId],
    );
    expect(moved.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

test('a patient books, the doctor approves in another browser and the patient sees it live, the patient reschedules, the doctor completes', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  const doctorName = `Dr Ines Duarte ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Gastroenterology', licenseNumber: 'GMC-7012345', weekdays: true });
  const patientEmail = uniqueEmail('patient');
  expect(
    (await request.post('/api/auth/register', { data: { email: patientEmail, password: PASSWORD, fullName: 'Tom Okoro', role: 'patient' } })).status(),
  ).toBe(201);

  // The patient picks a free time after the cancellation window (so it can still be moved online) and books it.
  await signIn(page, patientEmail, PASSWORD);
  await expect(page).toHaveURL(/\/patient/);
  await page.goto(`/doctors/${doctor.id}`);
  await expect(page.getByRole('heading', { name: doctorName })).toBeVisible();
  const booked = await pickSlotAfter(page, 30);
  await expect(page.getByTestId('booking-reason')).toBeVisible();
  await expect(page.getByTestId('booking-fullName')).toHaveValue('Tom Okoro');
  await expect(page.getByTestId('booking-email')).toHaveValue(patientEmail);
  await page.getByTestId('booking-reason').fill('Stiff, swollen finger joints every morning');
  await page.getByTestId('booking-age').fill('47');
  await page.getByTestId('booking-gender').click();
  await page.getByRole('option', { name: 'Male', exact: true }).click();
  await snap(page, 'booking-form');
  await page.getByTestId('booking-submit').click();

  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}$/);
  const appointmentId = page.url().split('/').pop() as string;
  await expect(page.getByTestId('appointment-status')).toContainText('Pending');
  await expect(page.getByTestId('appointment-status-text')).toContainText(doctorName);
  await snap(page, 'appointment-pending');

  // Cancelling asks for an optional reason first; keeping the appointment changes nothing.
  await page.getByTestId('action-cancel').click();
  await expect(page.getByRole('dialog').getByTestId('status-reason')).toBeVisible();
  await snap(page, 'appointment-cancel-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Keep appointment' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The patient attaches a lab report; a file that only claims to be a PDF is refused by its content.
  await page.getByTestId('file-input').setInputFiles([
    { name: 'blood-test.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n') },
  ]);
  await expect(page.getByTestId('file')).toHaveCount(1);
  await expect(page.getByTestId('file')).toContainText('blood-test.pdf');
  await page.getByTestId('file-input').setInputFiles([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some text') }]);
  await expect(page.getByTestId('refused-files').or(page.getByTestId('upload-error'))).toContainText('notes.pdf');
  await expect(page.getByTestId('file')).toHaveCount(1);
  await page.getByTestId('file').scrollIntoViewIfNeeded();
  await snap(page, 'appointment-files');

  // The doctor, in a second browser, approves the request from the queue.
  const doctorContext = await browser.newContext();
  const doctorPage = await doctorContext.newPage();
  await signIn(doctorPage, doctor.email, PASSWORD);
  await expect(doctorPage).toHaveURL(/\/doctor/);
  await doctorPage.goto('/doctor/requests');
  await expect(doctorPage.getByTestId(`request-${appointmentId}`)).toContainText('Tom Okoro');
  await snap(doctorPage, 'doctor-requests');
  await doctorPage.getByTestId(`approve-${appointmentId}`).click();
  await expect(doctorPage.getByTestId(`request-${appointmentId}`)).toHaveCount(0);

  // The patient's page turns to Confirmed by itself: no reload.
  await expect(page.getByTestId('appointment-status')).toContainText('Confirmed');
  await expect(page.getByTestId('history-entry').filter({ hasText: /confirmed by/i })).toHaveCount(1);
  await snap(page, 'appointment-confirmed');

  // The calendar file is a confirmed event at the booked time.
  const ics = page.waitForEvent('download');
  await page.getByTestId('download-calendar').click();
  const icsText = readFileSync(await (await ics).path(), 'utf8');
  expect(icsText).toContain('BEGIN:VEVENT');
  expect(icsText).toContain('STATUS:CONFIRMED');
  expect(icsText).toContain(`DTSTART:${booked.slice('slot-'.length).replace(/[-:]/g, '').replace(/\.\d+/, '')}`);

  // The patient moves it to another free time; the doctor reviews requests, so it waits for approval again.
  const before = await page.getByTestId('appointment-when').textContent();
  await page.getByTestId('action-reschedule').click();
  const dialog = page.getByRole('dialog');
  await pickSlotAfter(dialog, 30, booked);
  await snap(page, 'appointment-reschedule');
  await dialog.getByTestId('reschedule-confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('appointment-status')).toContainText('Pending');
  await expect(page.getByTestId('appointment-when')).not.toHaveText(before ?? '');
  await expect(page.getByTestId('history-entry').filter({ hasText: /moved to a new time/i })).toHaveCount(1);

  // The doctor's queue shows the moved request without a reload; the doctor approves it again.
  await expect(doctorPage.getByTestId(`request-${appointmentId}`)).toBeVisible();
  await doctorPage.getByTestId(`approve-${appointmentId}`).click();
  await expect(page.getByTestId('appointment-status')).toContainText('Confirmed');

  // The visit happens; the doctor marks it completed from the appointment's page.
  await letAppointmentStart(appointmentId);
  await doctorPage.goto(`/appointments/${appointmentId}`);
  await expect(doctorPage.getByTestId('action-complete')).toBeVisible();
  // The doctor can open what the patient attached.
  const report = doctorPage.waitForEvent('download');
  await doctorPage.getByTestId('file').getByTestId('file-download').click();
  expect((await report).suggestedFilename()).toBe('blood-test.pdf');
  await doctorPage.getByTestId('action-complete').click();
  await doctorPage.getByRole('dialog').getByRole('button', { name: 'Mark completed' }).click();
  await expect(doctorPage.getByTestId('appointment-status')).toContainText('Completed');
  await snap(doctorPage, 'appointment-completed-doctor');

  // The patient sees it completed too, with the whole history, and can keep a summary and a calendar file.
  await expect(page.getByTestId('appointment-status')).toContainText('Completed');
  await expect(page.getByTestId('history-entry')).toHaveCount(5);
  const download = page.waitForEvent('download');
  await page.getByTestId('download-summary').click();
  expect((await download).suggestedFilename()).toMatch(/\.txt$/);
  await snap(page, 'appointment-completed-patient');

  await page.goto('/patient/appointments?tab=past');
  await expect(page.getByTestId('appointment-item').filter({ hasText: doctorName })).toBeVisible();
  await snap(page, 'my-appointments-past');
  await doctorContext.close();
});

test('a doctor searches their appointments by reason and sees the week; an admin finds every matching appointment', async ({ page, browser }) => {
  // Dr Amara Okafor (demo data) has one appointment about blood pressure; Dr Sofía Álvarez has another.
  await signIn(page, 'amara.okafor@carebook.test', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/doctor/);
  await page.goto('/doctor/appointments?when=all');
  await page.getByTestId('filter-q').fill('blood pressure');
  await expect(page).toHaveURL(/q=blood/);
  await expect(page.getByTestId('result-count')).toHaveText('1 appointment');
  await expect(page.locator('a[data-testid^="appointment-"]')).toContainText('Noah Clarke');
  await snap(page, 'doctor-appointment-search');

  // The week calendar shows confirmed visits; the demo's lie within the next two weeks.
  await page.goto('/doctor/calendar');
  await expect(page.getByTestId('calendar-title')).toBeVisible();
  await showWeekWithAppointments(page, 2);
  await expect(page.locator('[data-testid^="calendar-item-"]').first()).toBeVisible();
  await snap(page, 'doctor-calendar');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await expect(admin).toHaveURL(/\/admin/);
  await admin.goto('/admin/appointments?when=all&q=blood%20pressure');
  await expect(admin.getByTestId('result-count')).toHaveText('2 appointments');
  await expect(admin.locator('[data-testid^="appointment-"]').filter({ hasText: 'Amara Okafor' })).toHaveCount(1);
  await expect(admin.locator('[data-testid^="appointment-"]').filter({ hasText: 'Sofía Álvarez' })).toHaveCount(1);
  await snap(admin, 'admin-appointments');
  await adminContext.close();
});
