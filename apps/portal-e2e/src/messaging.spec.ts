import { expect as baseExpect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { doctorPresence } from './support/database';
import { PASSWORD, snap } from './support/screens';

// Live updates cross two browsers, a socket and the database; on a machine shared with other work they take longer.
const expect = baseExpect.configure({ timeout: 45_000 });

/** The smallest valid PNG: a 1×1 transparent pixel. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The patient books the doctor's first free slot through the API. */
async function bookFirstSlot(request: APIRequestContext, doctorId: string, patientEmail: string): Promise<string> {
  const slots = (await (await request.get(`/api/doctors/${doctorId}/slots`)).json()) as { startsAt: string }[];
  expect(slots.length).toBeGreaterThan(0);
  const token = await apiToken(request, patientEmail, PASSWORD);
  const booked = await request.post('/api/appointments', {
    headers: { Authorization: `Bearer ${token}` },
    data: { doctorId, startsAt: slots[0].startsAt, reason: 'Palpitations at night' },
  });
  expect(booked.status()).toBe(201);
  return ((await booked.json()) as { id: string }).id;
}

async function signedInPage(browser: Browser, email: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await prepare?.(page);
  await signIn(page, email, PASSWORD);
  // signing in hashes a password: slow on a busy machine
  await expect(page.getByTestId('user-menu')).toBeVisible({ timeout: 60_000 });
  return page;
}

test.describe.configure({ timeout: 300_000 });

test('a patient and a doctor chat in two browsers: typing, read ticks and an attachment', async ({ browser, request }) => {
  const doctorName = `Dr Ines Duarte ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Cardiology', licenseNumber: 'GMC-7100001', weekdays: true });
  const patientEmail = await registerPatient(request, 'Tomas Berg');
  const appointmentId = await bookFirstSlot(request, doctor.id, patientEmail);

  const patient = await signedInPage(browser, patientEmail);
  await patient.goto(`/appointments/${appointmentId}`);
  await patient.getByTestId('message-other').click();
  await expect(patient).toHaveURL(/\/messages\/[0-9a-f-]+$/);
  await expect(patient.getByTestId('thread-empty')).toBeVisible();
  await patient.getByTestId('composer').fill('Hello doctor, the palpitations came back last night.');
  await patient.keyboard.press('Enter');
  const sent = patient.getByTestId('message').last();
  await expect(sent).toContainText('the palpitations came back');
  await expect(sent.getByTestId('tick')).toHaveText('done');

  const doctorPage = await signedInPage(browser, doctor.email);
  await expect(doctorPage.getByTestId('nav-unread-count')).toContainText('1');
  await doctorPage.getByRole('link', { name: 'Messages' }).click();
  await expect(doctorPage.getByTestId('conversation-unread')).toContainText('1');
  await doctorPage.getByTestId('conversation').first().click();
  await expect(doctorPage.getByTestId('message').last()).toContainText('the palpitations came back');

  // the doctor read it: the patient's tick turns to "read" live, and the doctor's badge goes
  await expect(sent.getByTestId('tick')).toHaveText('done_all');
  await expect(doctorPage.getByTestId('nav-unread-count')).toHaveCount(0);

  // typing shows on the other side
  await doctorPage.getByTestId('composer').pressSequentially('How long did it ', { delay: 20 });
  await expect(patient.getByTestId('typing')).toContainText(`${doctorName} is typing`);
  await doctorPage.getByTestId('composer').pressSequentially('last?', { delay: 20 });
  await doctorPage.getByTestId('send').click();
  await expect(patient.getByTestId('message').last()).toContainText('How long did it last?');

  // an attachment, with its progress, arrives on the other side as a file to download
  await patient.getByTestId('attach-input').setInputFiles({ name: 'ecg-trace.png', mimeType: 'image/png', buffer: TINY_PNG });
  await expect(patient.getByTestId('attachment').last()).toContainText('ecg-trace.png');
  await expect(doctorPage.getByTestId('attachment').last()).toContainText('ecg-trace.png');
  const download = doctorPage.waitForEvent('download');
  await doctorPage.getByTestId('attachment').last().click();
  expect((await download).suggestedFilename()).toBe('ecg-trace.png');

  await snap(patient, 'messages-thread-patient');
  await snap(doctorPage, 'messages-thread-doctor');
  await patient.setViewportSize({ width: 390, height: 844 });
  await patient.goto('/messages');
  await expect(patient.getByTestId('conversation')).toHaveCount(1);
  await snap(patient, 'messages-list');

  // The doctor's reading of the conversation and of the file is in the patient's "Who viewed my record".
  await patient.setViewportSize({ width: 1280, height: 800 });
  await patient.goto('/patient/record');
  const accessLog = patient.getByTestId('access-log');
  await expect(accessLog).toContainText(doctorName);
  await expect(accessLog).toContainText('Read your conversation');
  await expect(accessLog).toContainText('Opened a message attachment');
  await snap(patient, 'records-access-log-messages', accessLog);
});

test('an instant consultation: the doctor switches on, the patient asks, is assigned at once and they talk', async ({ browser, request }) => {
  const doctorName = `Dr Kofi Mensah ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Dermatology', licenseNumber: 'GMC-7100002' });
  const patientEmail = await registerPatient(request, 'Aino Virtanen');

  // The doctor's browser runs on a clock the test can move on, and the test counts the heartbeats its socket sends.
  let heartbeats = 0;
  const doctorPage = await signedInPage(browser, doctor.email, async (page) => {
    await page.clock.install();
    page.on('websocket', (socket) => socket.on('framesent', (frame) => (heartbeats += String(frame.payload).includes('"presence:heartbeat"') ? 1 : 0)));
  });
  await doctorPage.goto('/doctor/consultations');
  await expect(doctorPage.getByTestId('no-consultation')).toBeVisible();
  await doctorPage.getByTestId('available-toggle').click();
  await expect(doctorPage.getByTestId('available-toggle').getByRole('switch')).toBeChecked();

  const patient = await signedInPage(browser, patientEmail);
  await patient.getByRole('link', { name: 'See a doctor now' }).click();
  await patient.getByTestId('consultation-reason').fill('An itchy rash on my forearm since yesterday');
  await patient.getByTestId('consultation-specialty').click();
  await patient.getByRole('option', { name: 'Dermatology' }).click();
  await snap(patient, 'consultation-request');
  await patient.getByTestId('ask-consultation').click();
  await expect(patient.getByTestId('consultation-assigned')).toContainText(`${doctorName} has taken your consultation`);

  // the doctor's page shows the consultation live
  await expect(doctorPage.getByTestId('current-consultation')).toContainText('Aino Virtanen');
  await snap(doctorPage, 'consultation-doctor');

  await patient.getByTestId('open-consultation-chat').click();
  await patient.getByTestId('composer').fill('Here is what it looks like.');
  await patient.getByTestId('send').click();
  await doctorPage.getByTestId('open-consultation-chat').click();
  await expect(doctorPage.getByTestId('message').last()).toContainText('Here is what it looks like.');

  // Away from the consultations page the doctor's portal keeps beating (every 30 s), so the presence job, which
  // takes out a doctor silent for two minutes, leaves them available: one interval on, a new heartbeat has arrived.
  const before = await doctorPresence(doctor.id);
  const beatsBefore = heartbeats;
  await doctorPage.clock.fastForward(31_000);
  await expect.poll(() => heartbeats).toBeGreaterThan(beatsBefore);
  await expect.poll(async () => (await doctorPresence(doctor.id)).lastSeenAt).toBeGreaterThan(before.lastSeenAt);
  expect((await doctorPresence(doctor.id)).available).toBe(true);
  await expect(doctorPage).toHaveURL(/\/messages\/[0-9a-f-]+$/);

  // ending it frees the doctor
  await doctorPage.goto('/doctor/consultations');
  await doctorPage.getByTestId('end-consultation').click();
  await doctorPage.getByRole('button', { name: 'End', exact: true }).click();
  await expect(doctorPage.getByTestId('no-consultation')).toBeVisible();
});
