import { expect, test } from '@playwright/test';
import { approvedDoctor } from './support/accounts';
import { PASSWORD, snap, uniqueEmail } from './support/screens';

test.describe.configure({ timeout: 180_000 });

test('a visitor lands on the welcome page, searches for a doctor, then creates an account', async ({ browser, page, request }) => {
  // A specialty no demo doctor has, so the search finds exactly this doctor.
  await approvedDoctor(request, { fullName: 'Dr Lena Landing', specialty: 'Ophthalmology', licenseNumber: 'GMC-7011201', weekdays: true });
  // Approved but with no hours yet: nobody can book them, so their specialty is not offered either.
  await approvedDoctor(request, { fullName: 'Dr Nils Nohours', specialty: 'Endocrinology', licenseNumber: 'GMC-7011202' });
  const holidayName = 'Landing day closure';
  const adminLogin = await request.post('/api/auth/login', { data: { email: 'e2e-admin@carebook.test', password: 'e2e-admin-password-2026' } });
  const { accessToken } = (await adminLogin.json()) as { accessToken: string };
  // Twenty days on, or the first day after that the demo's holidays (Christmas, New Year…) leave free: a second
  // holiday on a taken day is refused with 409.
  const taken = new Set(
    ((await (await request.get('/api/clinic')).json()) as { upcomingHolidays: { date: string }[] }).upcomingHolidays.map((h) => h.date),
  );
  let day = 20;
  while (taken.has(new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10))) day++;
  const soon = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
  const holiday = await request.post('/api/admin/holidays', { headers: { Authorization: `Bearer ${accessToken}` }, data: { date: soon, name: holidayName } });
  expect(holiday.status()).toBe(201);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What we offer' })).toBeVisible();
  await expect(page.getByTestId('offers').getByRole('listitem')).toHaveCount(4);
  await expect(page.getByRole('heading', { name: 'Available soon' })).toBeVisible();
  await expect(page.locator('cb-doctor-card').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Opening hours' })).toBeVisible();
  await expect(page.getByText('Monday')).toBeVisible();
  await expect(page.getByText(holidayName)).toBeVisible();
  // Only specialties someone can be booked in are offered (the demo's endocrinologist is still under review,
  // and the approved one has no hours).
  await expect(page.getByRole('navigation', { name: 'Specialties' }).getByRole('link', { name: 'Ophthalmology', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Specialties' }).getByRole('link', { name: 'Endocrinology', exact: true })).toHaveCount(0);
  await snap(page, 'landing');

  await page.getByTestId('landing-search').fill('Ophthalmology');
  await page.getByRole('button', { name: 'Find a doctor' }).click();
  await expect(page).toHaveURL(/\/doctors\?q=Ophthalmology/);
  await expect(page.getByRole('heading', { name: 'Dr Lena Landing' })).toBeVisible();
  // The directory's specialty filter offers the same specialties as the welcome page.
  await page.getByTestId('specialty').first().click();
  await expect(page.getByRole('option', { name: 'Ophthalmology', exact: true })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Endocrinology', exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await snap(page, 'doctor-search');

  await page.goto('/');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/register/);
  await page.getByLabel('Email').fill(uniqueEmail('visitor'));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Full name').fill('Vera Visitor');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/patient/);
  await expect(page.getByRole('heading', { name: /Vera/ })).toBeVisible();

  // Signed in, / is their home rather than the welcome page, and the prerendered welcome page never shows:
  // index.html's inline script (allowed by the API's Content-Security-Policy through its hash) hides it until
  // the app has sent them home. With the app's script held back, the page stays hidden for them...
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.route(/\/main-[A-Za-z0-9_-]+\.js$/, (route) => route.abort());
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/cb-returning/);
  await expect(page.getByRole('heading', { name: 'What we offer' })).toBeHidden();
  // ...while a visitor in the same state sees the welcome page at once.
  const visitor = await browser.newPage();
  await visitor.route(/\/main-[A-Za-z0-9_-]+\.js$/, (route) => route.abort());
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { name: 'What we offer' })).toBeVisible();
  await visitor.close();
  // With the app running, they land on their home and the page shows.
  await page.unroute(/\/main-[A-Za-z0-9_-]+\.js$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/patient/);
  await expect(page.getByRole('heading', { name: /Vera/ })).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/cb-returning/);
  expect(violations).toEqual([]);
});
