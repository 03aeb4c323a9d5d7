import { expect, test, type Page } from '@playwright/test';
import { approvedDoctor, bookFirstSlot, registerPatient, signIn } from './support/accounts';
import { expectAccessible } from './support/axe';
import { ADMIN, PASSWORD } from './support/screens';

// axe on every page of the portal, at 1280 and 390 wide. A new page is one more line in its role's list.
// Each test visits many pages, each checked twice.
test.describe.configure({ timeout: 300_000 });

/** Opens each page and checks it once its main heading shows. */
async function checkPages(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    await test.step(path, async () => {
      await page.goto(path);
      await expect(page.locator('h1, h2').first()).toBeVisible();
      await expectAccessible(page);
    });
  }
}

test('visitor pages have no axe violations', async ({ page, request }) => {
  const doctors = (await (await request.get('/api/doctors')).json()) as { items: { id: string }[] };
  expect(doctors.items.length).toBeGreaterThan(0);
  await checkPages(page, ['/', '/sign-in', '/register', '/forgot-password', '/doctors', `/doctors/${doctors.items[0].id}`]);
});

test('patient pages have no axe violations', async ({ page, request }) => {
  const email = await registerPatient(request, 'Ada Axe');
  const doctor = await approvedDoctor(request, { fullName: 'Dr Axel Check', specialty: 'Gastroenterology', licenseNumber: 'GMC-7011101', weekdays: true });
  const appointmentId = await bookFirstSlot(request, doctor.id, email);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/patient/, { timeout: 30_000 });
  await checkPages(page, ['/patient', '/patient/appointments', `/appointments/${appointmentId}`, '/account', '/messages', '/patient/consultation', '/patient/record']);
});

test('doctor pages have no axe violations', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Ada Lint', specialty: 'Pulmonology', licenseNumber: 'GMC-7011102', weekdays: true });
  await signIn(page, doctor.email, PASSWORD);
  await expect(page).toHaveURL(/\/doctor/, { timeout: 30_000 });
  await checkPages(page, ['/doctor', '/doctor/requests', '/doctor/calendar', '/doctor/appointments', '/doctor/patients', '/doctor/profile', '/doctor/hours', '/doctor/time-off', '/doctor/consultations', '/messages']);
});

test('admin pages have no axe violations', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/, { timeout: 30_000 });
  await checkPages(page, ['/admin', '/admin/appointments', '/admin/users', '/admin/settings', '/admin/imports', '/admin/holidays', '/admin/deliveries', '/admin/consultations', '/admin/audit-log', '/admin/system']);
});
