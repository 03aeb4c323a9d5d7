import { expect, test } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { expectAccessible } from './support/axe';
import { moveIntoPast } from './support/database';
import { ADMIN, PASSWORD, snap } from './support/screens';

/**
 * Patient records: the doctor finds the patient in "My patients", opens the chart from a booking request and writes a
 * visit note with a prescription on the appointment; the patient reads the note and its prescription and sees that
 * doctor in "Who viewed my record". A completed visit gives the patient a summary and a way to book again. An admin
 * reads a record only after stating a reason in the break-glass dialog.
 */

const FOLIC_ACID = { name: 'Folic acid 5 mg tablets', dose: '1 tablet once a week', instructions: 'The day after methotrexate' };
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

  // The doctor: their patients, searched, each opening the chart.
  await signIn(page, doctor.email, PASSWORD);
  await page.waitForURL(/\/doctor/);
  await page.getByRole('link', { name: 'My patients' }).first().click();
  await expect(page).toHaveURL(/\/doctor\/patients$/);
  await page.getByTestId('patient-search').fill('hazel');
  await expect(page).toHaveURL(/q=hazel/);
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText('Hazel Record');
  await snap(page, 'records-my-patients');
  await page.getByTestId('patient-row').click();
  await expect(page).toHaveURL(/\/doctor\/patients\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('history-allergies')).toContainText('Penicillin');

  // From the request to the chart, then to the visit, and a note with a prescription.
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
  await page.getByTestId('add-prescription').click();
  await page.getByTestId('prescription-name-0').fill(FOLIC_ACID.name);
  await page.getByTestId('save-note').click();
  // An incomplete prescription is refused on its fields, before anything is sent.
  await expect(page.getByTestId('note-editor')).toContainText('Dose is required');
  await page.getByTestId('prescription-dose-0').fill(FOLIC_ACID.dose);
  await page.getByTestId('prescription-instructions-0').fill(FOLIC_ACID.instructions);
  await snap(page, 'records-note-editor', page.getByTestId('note-editor'));
  await page.getByTestId('save-note').click();
  await expect(page.getByTestId('visit-note')).toContainText('Symmetrical MCP swelling');
  await expect(page.getByTestId('note-prescription')).toContainText(`${FOLIC_ACID.name}, ${FOLIC_ACID.dose}. ${FOLIC_ACID.instructions}`);
  await expect(page.getByTestId('prescription-row')).toHaveCount(0);
  await snap(page, 'records-note-saved', page.getByTestId('visit-note'));

  // The patient: the note on the appointment, and the doctor in "Who viewed my record".
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await signIn(page, patientEmail, PASSWORD);
  await page.waitForURL(/\/patient/);
  await page.goto(`/appointments/${appointment}`);
  await expect(page.getByTestId('visit-note')).toContainText('Suspected rheumatoid arthritis');
  await expect(page.getByTestId('note-prescription')).toContainText(`${FOLIC_ACID.name}, ${FOLIC_ACID.dose}. ${FOLIC_ACID.instructions}`);
  await expect(page.getByTestId('note-editor')).toHaveCount(0);
  await snap(page, 'records-note-patient', page.getByTestId('visit-note'));
  await page.goto('/patient/record');
  await expect(page.getByTestId('access-log')).toContainText('Dr Rowan Records');
  await expect(page.getByTestId('access-log')).toContainText('Wrote a visit note');
  await expect(page.getByTestId('allergies')).toContainText('Penicillin');
  await snap(page, 'records-my-record');
});

test('a completed visit gives the patient a summary with the prescription and one way to book again: “Book a follow-up” when asked for, else “Book again”', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Cora Complete', specialty: 'Neurology', licenseNumber: 'GMC-7012378', weekdays: true });
  const patientEmail = await registerPatient(request, 'Ivo Visit');
  const patient = { Authorization: `Bearer ${await apiToken(request, patientEmail, PASSWORD)}` };
  const doctorAuth = { Authorization: `Bearer ${await apiToken(request, doctor.email, PASSWORD)}` };
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  const booked = await request.post('/api/appointments', { headers: patient, data: { doctorId: doctor.id, startsAt: slots[0].startsAt, reason: 'Stiff hands' } });
  expect(booked.status()).toBe(201);
  const appointment = ((await booked.json()) as { id: string }).id;
  expect((await request.post(`/api/appointments/${appointment}/approve`, { headers: doctorAuth })).ok()).toBeTruthy();
  await moveIntoPast(appointment);
  expect((await request.post(`/api/appointments/${appointment}/complete`, { headers: doctorAuth })).ok()).toBeTruthy();
  const note = await request.post(`/api/appointments/${appointment}/notes`, {
    headers: doctorAuth,
    data: { body: 'Mild synovitis of both wrists.', diagnosis: 'Early inflammatory arthritis', prescriptions: [FOLIC_ACID], followUp: 'Review in 6 weeks' },
  });
  expect(note.status()).toBe(201);

  await signIn(page, patientEmail, PASSWORD);
  await page.waitForURL(/\/patient/);
  await page.goto(`/appointments/${appointment}`);
  const summary = page.getByTestId('visit-summary');
  await expect(summary).toContainText('Early inflammatory arthritis');
  await expect(summary).toContainText(FOLIC_ACID.name);
  await expect(summary).toContainText('Review in 6 weeks');
  // The doctor asked for a follow-up: that is the one action, with no "Book again" beside it.
  await expect(summary.getByTestId('book-follow-up')).toBeVisible();
  await expect(page.getByTestId('book-again')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /book (again|a follow-up)/i })).toHaveCount(1);
  await expect(page.getByTestId('download-calendar')).toHaveCount(0);
  await snap(page, 'records-completed-visit-patient');
  await summary.getByTestId('book-follow-up').click();
  await expect(page).toHaveURL(new RegExp(`/doctors/${doctor.id}`));
  await expect(page.getByRole('heading', { name: 'Dr Cora Complete' })).toBeVisible();

  // The doctor corrects the note and drops the follow-up: the visit then offers "Book again" instead.
  const { id: noteId } = (await note.json()) as { id: string };
  const corrected = await request.post(`/api/appointments/${appointment}/notes`, {
    headers: doctorAuth,
    data: { body: 'Mild synovitis of both wrists; settled.', diagnosis: 'Early inflammatory arthritis', prescriptions: [FOLIC_ACID], amends: noteId },
  });
  expect(corrected.status()).toBe(201);
  await page.goto(`/appointments/${appointment}`);
  await expect(page.getByTestId('book-again')).toBeVisible();
  await expect(summary).toContainText('Early inflammatory arthritis');
  await expect(summary).not.toContainText('Review in 6 weeks');
  await expect(page.getByTestId('book-follow-up')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /book (again|a follow-up)/i })).toHaveCount(1);
  await snap(page, 'records-completed-visit-no-follow-up');
  await page.getByTestId('book-again').click();
  await expect(page).toHaveURL(new RegExp(`/doctors/${doctor.id}`));
});

test('an admin reads a record only after giving a reason in the break-glass dialog', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Gil Glass', specialty: 'Family Medicine', licenseNumber: 'GMC-7012379', weekdays: true });
  const patientEmail = await registerPatient(request, 'Una Urgent');
  const patient = { Authorization: `Bearer ${await apiToken(request, patientEmail, PASSWORD)}` };
  expect((await request.patch('/api/patients/me', { headers: patient, data: { medicalHistory: { conditions: [{ name: 'Chronic kidney disease', status: 'active' }] } } })).ok()).toBeTruthy();
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  const booked = await request.post('/api/appointments', { headers: patient, data: { doctorId: doctor.id, startsAt: slots[0].startsAt, reason: 'Swollen ankles' } });
  const appointment = ((await booked.json()) as { id: string }).id;

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL(/\/admin/);
  await page.goto(`/appointments/${appointment}`);
  await page.getByTestId('break-glass').click();
  const dialog = page.getByRole('dialog', { name: 'Break-glass access' });
  await expect(dialog).toContainText('audit log');
  await expect(dialog).toContainText('Who viewed my record');
  await dialog.getByTestId('break-glass-reason').fill('test');
  await dialog.getByTestId('break-glass-open').click();
  await expect(dialog.getByTestId('break-glass-error')).toContainText('at least 10 characters');
  await expect(page.getByTestId('history-conditions')).toHaveCount(0);
  await expectAccessible(page);
  await snap(page, 'records-break-glass-dialog');
  await dialog.getByTestId('break-glass-reason').fill('Patient collapsed in the waiting room; GP unreachable');
  await dialog.getByTestId('break-glass-open').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('break-glass-notice')).toContainText('Patient collapsed in the waiting room');
  await expect(page.getByTestId('history-conditions')).toContainText('Chronic kidney disease');
  await expectAccessible(page);
  await snap(page, 'records-break-glass-chart');

  // The patient sees the read and its reason.
  const log = (await (await request.get('/api/patients/me/access-log', { headers: patient })).json()) as { items: { action: string; reason?: string }[] };
  expect(log.items).toContainEqual(expect.objectContaining({ action: 'record.break_glass_read', reason: 'Patient collapsed in the waiting room; GP unreachable' }));
});

test('an admin downloads a visit’s file only after a break-glass reason; the audit log finds it by patient, and the patient sees it', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Fen Files', specialty: 'Dermatology', licenseNumber: 'GMC-7012380', weekdays: true });
  const patientEmail = await registerPatient(request, 'Ffion Filewright');
  const patient = { Authorization: `Bearer ${await apiToken(request, patientEmail, PASSWORD)}` };
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  const booked = await request.post('/api/appointments', { headers: patient, data: { doctorId: doctor.id, startsAt: slots[0].startsAt, reason: 'Mole that changed colour' } });
  const appointment = ((await booked.json()) as { id: string }).id;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const uploaded = await request.post(`/api/appointments/${appointment}/files`, {
    headers: patient,
    multipart: { files: { name: 'mole-photo-report.pdf', mimeType: 'application/pdf', buffer: pdf } },
  });
  expect(uploaded.status()).toBe(201);

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL(/\/admin/);
  await page.goto(`/appointments/${appointment}`);
  await expect(page.getByTestId('file-break-glass-hint')).toContainText('asked why before a download');
  await page.getByTestId('file-download').click();
  const dialog = page.getByRole('dialog', { name: 'Break-glass access' });
  await expect(dialog).toContainText('Opening the file mole-photo-report.pdf from Ffion Filewright’s record');
  await dialog.getByTestId('break-glass-reason').fill('Complaint #5120: was the report shared?');
  await snap(page, 'records-file-break-glass-dialog');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('break-glass-open').click();
  expect((await download).suggestedFilename()).toBe('mole-photo-report.pdf');
  await expect(page.getByTestId('file-break-glass-notice')).toContainText('Complaint #5120: was the report shared?');
  await expectAccessible(page);
  await snap(page, 'records-file-break-glass-notice', page.getByTestId('file-break-glass-notice'));

  // Admin → Audit log: the patient picked by name; the admin's read is there with its reason.
  await page.goto('/admin/audit-log');
  await page.getByTestId('filter-patient').fill('Filewright');
  await page.getByRole('option', { name: /Ffion Filewright/ }).click();
  await expect(page.getByTestId('audit-table')).toContainText('record.break_glass_read');
  await expect(page.getByTestId('audit-table')).toContainText('appointment_file.write');
  await expect(page.getByTestId('audit-table')).toContainText('Complaint #5120: was the report shared?');
  await expectAccessible(page);
  await snap(page, 'records-audit-log');

  // The patient sees the admin's download and its reason in "Who viewed my record".
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await signIn(page, patientEmail, PASSWORD);
  await page.waitForURL(/\/patient/);
  await page.goto('/patient/record');
  await expect(page.getByTestId('access-log')).toContainText('Emergency (break-glass) read');
  await expect(page.getByTestId('access-log')).toContainText('Complaint #5120: was the report shared?');
  await snap(page, 'records-my-record-file-read', page.getByTestId('access-log'));
});
