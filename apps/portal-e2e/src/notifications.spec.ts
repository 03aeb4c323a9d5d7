import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, approvedDoctor, bookFirstSlot, registerPatient, signIn } from './support/accounts';
import { ADMIN, PASSWORD, snap } from './support/screens';

interface Delivery {
  id: string;
  kind: string;
  subject: string;
  status: string;
}

/** The delivery log as an admin reads it, waiting for a message of this kind to this address to be sent. */
async function sentMessage(request: APIRequestContext, to: string, kind: string): Promise<Delivery> {
  const admin = await apiToken(request, ADMIN.email, ADMIN.password);
  let found: Delivery | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/admin/deliveries?to=${encodeURIComponent(to)}&kind=${kind}`, {
          headers: { Authorization: `Bearer ${admin}` },
        });
        found = ((await res.json()) as { items: Delivery[] }).items[0];
        return found?.status;
      },
      { timeout: 20_000 },
    )
    .toBe('sent');
  return found as Delivery;
}

const bell = (page: Page) => page.getByTestId('notifications-button');

test('the patient’s bell lights up live when the doctor approves in another browser, and an admin reads the email in the mailbox', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  const doctorName = `Dr Hana Sato ${Date.now().toString(36)}`;
  const doctor = await approvedDoctor(request, { fullName: doctorName, specialty: 'Gastroenterology', licenseNumber: 'GMC-7012399', weekdays: true });
  const patientEmail = await registerPatient(request, 'Lena Fischer');

  await signIn(page, patientEmail, PASSWORD);
  await expect(page).toHaveURL(/\/patient/);
  await expect(bell(page)).toHaveAttribute('aria-label', 'Notifications');
  const appointmentId = await bookFirstSlot(request, doctor.id, patientEmail);

  // The doctor's new request arrives in the bell, the only badge for it; answering it takes it out of the count.
  const doctorContext = await browser.newContext();
  const doctorPage = await doctorContext.newPage();
  await signIn(doctorPage, doctor.email, PASSWORD);
  await expect(doctorPage).toHaveURL(/\/doctor/);
  // Two unread: the admin's approval of the doctor, and the request.
  await expect(bell(doctorPage)).toHaveAttribute('aria-label', 'Notifications, 2 unread');
  await expect(doctorPage.getByRole('link', { name: 'Requests', exact: true })).toHaveText(/^\s*inbox\s*Requests\s*$/);
  await doctorPage.goto('/doctor/requests');
  await doctorPage.getByTestId(`approve-${appointmentId}`).click();
  await expect(doctorPage.getByTestId(`request-${appointmentId}`)).toHaveCount(0);
  await expect(bell(doctorPage)).toHaveAttribute('aria-label', 'Notifications, 1 unread');

  // The patient's bell lights up without a reload.
  await expect(bell(page)).toHaveAttribute('aria-label', 'Notifications, 1 unread');
  await expect(bell(page).locator('.mat-badge-content')).toHaveText('1');
  await bell(page).click();
  const entry = page.getByTestId(/^notification-/).first();
  await expect(entry).toContainText(/confirmed/i);
  await expect(entry).toContainText('Unread');
  await snap(page, 'bell-open');

  // Opening it goes to the appointment and counts it as read.
  await entry.click();
  await expect(page).toHaveURL(new RegExp(`/appointments/${appointmentId}$`));
  await expect(page.getByTestId('appointment-status')).toContainText('Confirmed');
  await expect(bell(page)).toHaveAttribute('aria-label', 'Notifications');
  await doctorContext.close();

  // The admin finds the confirmation email in Mail & SMS (the development mailbox) and reads all of it.
  await sentMessage(request, patientEmail, 'appointment-confirmed');
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await expect(admin).toHaveURL(/\/admin/);
  await admin.getByRole('link', { name: 'Mail & SMS' }).click();
  await expect(admin.getByTestId('mailbox-banner')).toContainText('emails are not sent');
  await admin.getByTestId('filter-to').fill(patientEmail);
  await expect(admin).toHaveURL(/to=/);
  const row = admin.locator('[data-testid^="delivery-"]').filter({ hasText: /confirmed/i });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Sent');
  await snap(admin, 'mailbox-list');

  await row.getByRole('link').first().click();
  await expect(admin.getByTestId('delivery-subject')).toContainText(doctorName);
  await expect(admin.getByTestId('delivery-to')).toHaveText(patientEmail);
  await expect(admin.getByTestId('delivery-text')).toContainText(`/appointments/${appointmentId}`);
  // Never the medical reason in an email.
  await expect(admin.getByTestId('delivery-text')).not.toContainText('Heartburn');
  const html = admin.getByTestId('delivery-html');
  await expect(html).toHaveAttribute('sandbox', '');
  await expect(admin.frameLocator('[data-testid="delivery-html"]').getByText(/Hello Lena Fischer/)).toBeVisible();
  await expect(admin.getByTestId('delivery-attachments')).toContainText('.ics');
  await snap(admin, 'mailbox-message');
  await snap(admin, 'mailbox-message-html', admin.getByTestId('delivery-attachments'));
  await adminContext.close();
});

test('a patient who forgot the password asks on sign-in, follows the emailed link, sets a new one and signs in with it', async ({
  page,
  request,
}) => {
  const email = await registerPatient(request, 'Omar Haddad');
  const newPassword = 'Juniper-Ferry-Compass-58';

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await snap(page, 'sign-in-forgot');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  // What was typed on sign-in comes along.
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await snap(page, 'forgot-password');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('forgot-sent')).toContainText(`If ${email} belongs to a Carebook account`);
  await snap(page, 'forgot-password-sent');

  // The email, read from the development mailbox, carries the link.
  const admin = await apiToken(request, ADMIN.email, ADMIN.password);
  const { id } = await sentMessage(request, email, 'password-reset');
  const message = (await (await request.get(`/api/admin/deliveries/${id}`, { headers: { Authorization: `Bearer ${admin}` } })).json()) as {
    text: string;
  };
  const link = /https?:\/\/\S+\/reset-password\?token=[^\s)>"]+/.exec(message.text)?.[0];
  expect(link).toBeTruthy();

  await page.goto(link as string);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await page.getByTestId('password').fill(newPassword);
  await page.getByTestId('confirm').fill(`${newPassword}?`);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByText('The passwords do not match')).toBeVisible();
  await snap(page, 'reset-password');
  await page.getByTestId('confirm').fill(newPassword);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByTestId('reset-done')).toContainText('every device was signed out');
  await snap(page, 'reset-password-done');

  // The link works once.
  await page.goto(link as string);
  await page.getByTestId('password').fill(newPassword);
  await page.getByTestId('confirm').fill(newPassword);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByTestId('link-problem')).toContainText('This link no longer works');
  await snap(page, 'reset-password-used');
  await page.getByRole('link', { name: 'Back to sign in' }).click();

  await signIn(page, email, PASSWORD);
  await expect(page.getByText('Invalid email or password')).toBeVisible();
  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/patient/);

  // The notification choices on the account page.
  await page.goto('/account');
  const choices = page.getByRole('form', { name: 'Notification choices' });
  await expect(choices).toContainText('always sent');
  await expect(choices.getByTestId('sms-phone')).toContainText('need a phone number');
  await choices.getByRole('switch', { name: /Reminders before an appointment/ }).first().click();
  await choices.getByRole('button', { name: 'Save choices' }).click();
  await expect(page.getByText('Your notification choices were saved')).toBeVisible();
  await snap(page, 'account-notifications', choices);
  const token = await apiToken(request, email, newPassword);
  const saved = (await (await request.get('/api/notifications/preferences', { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    email: { reminders: boolean };
  };
  expect(saved.email.reminders).toBe(false);
});
