import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { ADMIN, PASSWORD, snap, uniqueEmail } from './support/screens';

/** A 2×2 PNG, enough for the photo upload. */
const PHOTO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGPQyNsCRAwQCgAh9gUpSr06YAAAAABJRU5ErkJggg==',
  'base64',
);

async function signOut(page: Page) {
  await page.getByRole('button', { name: /account menu/i }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  // Signing out lands on the welcome page.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

test('a patient registers, signs out, signs back in and sees home', async ({ page }) => {
  const email = uniqueEmail('patient');
  await page.goto('/sign-in');
  await snap(page, 'sign-in');

  await page.getByRole('link', { name: /create an account/i }).click();
  await expect(page).toHaveURL(/\/register/);
  // Client-side validation mirrors the server's rules.
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Full name').click();
  await expect(page.getByText(/valid email/i)).toBeVisible();
  await expect(page.getByText(/at least 12 characters/i)).toBeVisible();
  await snap(page, 'register-errors');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Full name').fill('Rosalind Franklin');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/patient/);
  await expect(page.getByRole('heading', { name: /Rosalind/ })).toBeVisible();
  await snap(page, 'patient-home');

  // The session survives a reload (silent refresh from the stored refresh token).
  await page.reload();
  await expect(page.getByRole('heading', { name: /Rosalind/ })).toBeVisible();

  await page.goto('/account');
  await expect(page.getByText(email)).toBeVisible();
  await snap(page, 'account');

  // Changing the password ends every session on the server; this device carries on with the new one.
  const newPassword = 'Maple-Harbour-Lantern-17';
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed')).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(email)).toBeVisible();

  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(page.getByText('Invalid email or password')).toBeVisible();
  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/patient/);
});

test('an admin approves a pending doctor, who can then sign in as an approved doctor', async ({ page }) => {
  const email = uniqueEmail('doctor');
  await page.goto('/register');
  await page.getByRole('radio', { name: /I'm a doctor/i }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Full name').fill('Dr Virginia Apgar');
  await page.getByLabel('Specialty').click();
  await page.getByRole('option', { name: 'Paediatrics' }).click();
  await page.getByLabel('License number').fill('GMC-5551234');
  await snap(page, 'register-doctor');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/doctor/);
  await expect(page.getByText(/under review/i)).toBeVisible();
  await snap(page, 'doctor-pending');

  // While pending, the public photo URL serves nothing; the editor shows the doctor's own photo.
  await page.goto('/doctor/profile');
  await page.getByTestId('photo-input').setInputFiles({ name: 'apgar.png', mimeType: 'image/png', buffer: PHOTO_PNG });
  await expect(page.getByText('Your photo was updated')).toBeVisible();
  const photo = page.getByTestId('photo');
  await expect(photo).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await snap(page, 'doctor-profile');
  await signOut(page);

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/);
  await snap(page, 'admin-home');
  await page.goto('/admin/users?status=pending');
  const row = page.getByTestId(`user-${email}`);
  await expect(row).toBeVisible();
  await snap(page, 'admin-users');
  await row.getByRole('button', { name: /^Approve/ }).click();
  await snap(page, 'admin-approve-dialog');
  await page.getByRole('dialog').getByTestId('confirm').click();
  await expect(page.getByText(/approved/i).first()).toBeVisible();
  // The filter is in the URL, so a reload keeps it; the approved doctor is no longer pending.
  await page.reload();
  await expect(page.getByTestId(`user-${email}`)).toHaveCount(0);
  await signOut(page);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/doctor/);
  await expect(page.getByText(/under review/i)).toHaveCount(0);
  await snap(page, 'doctor-home');
});

test('an admin suspends a patient, whose session ends at once', async ({ page, browser }) => {
  const email = uniqueEmail('sam');
  const patientContext = await browser.newContext();
  const patient = await patientContext.newPage();
  await patient.goto('/register');
  await patient.getByLabel('Email').fill(email);
  await patient.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await patient.getByLabel('Full name').fill('Sam Whitaker');
  await patient.getByRole('button', { name: 'Create account' }).click();
  await expect(patient).toHaveURL(/\/patient/);

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/);
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId(`user-${email}`);
  // Cancel changes nothing.
  await row.getByRole('button', { name: /^Suspend/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row.getByText('Active', { exact: true })).toBeVisible();

  await row.getByRole('button', { name: /^Suspend/ }).click();
  await page.getByRole('dialog').getByLabel(/reason/i).fill('Repeated no-shows');
  await page.getByRole('dialog').getByTestId('confirm').click();
  await expect(row.getByText('Suspended', { exact: true })).toBeVisible();
  await expect(row.getByText('Repeated no-shows')).toBeVisible();
  await expect(row.getByRole('button', { name: /^Reactivate/ })).toBeVisible();
  await snap(page, 'admin-users-suspended');

  // The patient's next request is refused and the portal returns to sign-in with the reason.
  await patient.goto('/account');
  await expect(patient).toHaveURL(/\/sign-in/);
  await patient.getByLabel('Email').fill(email);
  await patient.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await patient.getByRole('button', { name: 'Sign in' }).click();
  await expect(patient.getByText(/suspended/i)).toBeVisible();
  await snap(patient, 'sign-in-suspended');
  await patientContext.close();
});
