import { expect, test } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { PASSWORD, snap } from './support/screens';

/**
 * Patient records: the doctor opens the patient's chart from a booking request and writes a visit note on the
 * appointment; the patient reads the note and sees that doctor in "Who viewed my record".
 */
// A long journey (two people, four screens at two widths) on a shared machine.
test.setTimeout(240_000);

test('a doctor opens the chart from a request and writes a note; the patient reads it and sees who viewed the record', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Rowan Records', specialty: 'Gastroenterology', licenseNumber: 'GMC-7012377', weekdays: true });
  const patientEmail = await registerPatient(request, 'Hazel Record');
  const patientToken = await apiToken(request, patientEmail, PASSWORD);
  const auth = { Authorization: `Bearer ${patientToken}` };
  expect(
    (
      await request.patch('/api/patients/me', {
        headers: auth,
        data: { medicalHistory: { allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }], medications: [] } },
      })
    ).ok(),
  ).toBeTruthy();
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots?from=${from}&to=${to}`)).json()) as { startsAt: string }[];
  expect(slots.length).toBeGreaterThan(0);
  const booked = await request.post('/api/appointments', { headers: auth, data: { doctorId: doctor.id, startsAt: slots[0].startsAt, reason: 'Swollen knuckles in the morning' } });
  expect(booked.status()).toBe(201);
  const appointment = ((await booked.json()) as { id: string }).id;

  // The doctor: from the request to the chart, then to the visit, and a note.
  await signIn(page, doctor.email, PASSWORD);
  await page.waitForURL(/\/doctor/);
  await page.goto('/doctor/requests');
  await page.getByTestId(`chart-${appointment}`).click();
  await expect(page.getByTestId('history-allergies')).toContainText('Penicillin');
  await expect(page.getByTestId('history-medications')).toContainText('None known');
  await expect(page.getByTestId('history-conditions')).toContainText('Not recorded');
  await snap(page, 'records-chart');
  await page.getByTestId('chart-visit').first().click();
  await page.getByTestId('note-body').fill('Symmetrical MCP swelling; morning stiffness over an hour.');
  await page.getByTestId('note-diagnosis').fill('Suspected rheumatoid arthritis');
  await page.getByTestId('note-follow-up').fill('Bloods, then review in 3 weeks');
  await page.getByTestId('save-note').click();
  await expect(page.getByTestId('visit-note')).toContainText('Symmetrical MCP swelling');
  await snap(page, 'records-note-editor');

  // The patient: the note on the appointment, and the doctor in "Who viewed my record".
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await signIn(page, patientEmail, PASSWORD);
  await page.waitForURL(/\/patient/);
  await page.goto(`/appointments/${appointment}`);
  await expect(page.getByTestId('visit-note')).toContainText('Suspected rheumatoid arthritis');
  await page.goto('/patient/record');
  await expect(page.getByTestId('access-log')).toContainText('Dr Rowan Records');
  await expect(page.getByTestId('access-log')).toContainText('Wrote a visit note');
  await expect(page.getByTestId('allergies')).toContainText('Penicillin');
  await snap(page, 'records-my-record');
});
