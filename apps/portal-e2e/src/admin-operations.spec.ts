import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiToken, approvedDoctor, registerPatient, signIn } from './support/accounts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, PASSWORD, SCREENSHOT_DIR, snap } from './support/screens';

// Screenshots of long pages at two widths take a while on a busy machine.
test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * Like snap(), for a page with charts: at each width it waits until every chart has been redrawn to its new
 * width (ECharts follows its box a moment after a resize), then saves the screen scrolled to `show`.
 */
async function snapCharts(page: Page, name: string, show: Locator): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await expect
      .poll(() =>
        page.locator('[echarts]').evaluateAll((charts) =>
          charts.every((chart) => Math.abs((chart.querySelector('svg')?.getBoundingClientRect().width ?? 0) - chart.getBoundingClientRect().width) < 2),
        ),
      )
      .toBe(true);
    await show.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`) });
  }
  await page.setViewportSize(DESKTOP);
}

/** Whether the page scrolls sideways (something wider than the screen). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('the System page shows live figures and charts at both widths', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/, { timeout: 30_000 });
  await page.getByRole('link', { name: 'System' }).click();
  await expect(page).toHaveURL(/\/admin\/system$/);
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();

  const figures = page.getByTestId('system-figures');
  await expect(figures.getByRole('heading', { name: 'Requests' })).toBeVisible();
  await expect(page.getByTestId('request-rate')).toHaveText(/^\d+(\.\d)?\/s$/);
  await expect(page.getByTestId('latency-p95')).toHaveText(/\d+(\.\d+)? (ms|s)$/);
  await expect(figures.getByRole('heading', { name: 'Database pool' })).toBeVisible();
  await expect(page.getByTestId('system-intro')).toContainText(/Instance \S+-\d+, up/);

  // Charts are drawn (SVG) with a text alternative; the API samples every 5 s, so the first point may take that long.
  const requests = page.getByTestId('chart-requests');
  await expect(requests.locator('svg')).toBeVisible();
  await expect(requests).toHaveAttribute('aria-label', /Requests per second over the last minute: lowest .+, highest .+, latest .+\./, { timeout: 15_000 });
  await page.getByText('Show the last minute as a table').click();
  await expect(page.getByRole('columnheader', { name: 'Heap' })).toBeVisible();

  // The page reads again by itself, every 5 s.
  const again = await page.waitForResponse((res) => new URL(res.url()).pathname === '/api/admin/system', { timeout: 15_000 });
  expect(again.status()).toBe(200);
  expect(Number(await page.getByTestId('request-count').textContent())).toBeGreaterThan(0);

  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('request-rate')).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  await page.setViewportSize(DESKTOP);
  await snapCharts(page, 'admin-system', page.getByRole('heading', { name: 'System', level: 1 }));
  await snapCharts(page, 'admin-system-charts', page.getByTestId('chart-heap'));
});

test('the admin appointments list: a readable table at 1280, cards at 390, long reasons shortened with the full text a click away', async ({ page, request }) => {
  const doctor = await approvedDoctor(request, { fullName: 'Dr Lena Longread', specialty: 'Family Medicine', licenseNumber: 'GMC-7011301', weekdays: true });
  const patientEmail = await registerPatient(request, 'Wren Wordsworth');
  const reason =
    'Morning stiffness in both hands lasting over an hour, swollen knuckles on the left, tiredness for three months, ' +
    'a rash across the cheeks after sun, and my mother had lupus, so my GP asked for a specialist opinion.';
  const slots = (await (await request.get(`/api/doctors/${doctor.id}/slots`)).json()) as { startsAt: string }[];
  const token = await apiToken(request, patientEmail, PASSWORD);
  const booked = await request.post('/api/appointments', { headers: { Authorization: `Bearer ${token}` }, data: { doctorId: doctor.id, startsAt: slots[0].startsAt, reason } });
  expect(booked.status()).toBe(201);
  const { id } = (await booked.json()) as { id: string };

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/, { timeout: 30_000 });
  await page.goto('/admin/appointments?when=all');
  const table = page.getByRole('table', { name: 'Appointments' });
  await expect(table).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  const wrap = page.locator('.table-wrap');
  expect(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  // Every row stays short: no cell is squeezed into a tall column of words.
  const heights = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(120);

  // The long reason shows two lines, and all of it on demand.
  await page.goto(`/admin/appointments?when=all&q=${encodeURIComponent('specialist opinion')}`);
  const row = page.getByTestId(`appointment-${id}`);
  await expect(row).toBeVisible();
  const more = row.getByRole('button', { name: 'Show more of the reason' });
  await expect(more).toBeVisible();
  const clamped = await row.locator('.reason-text').evaluate((el) => el.getBoundingClientRect().height);
  await more.click();
  await expect(row.getByRole('button', { name: 'Show less of the reason' })).toBeVisible();
  expect(await row.locator('.reason-text').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(clamped);
  await expect(row.locator('.reason-text')).toHaveText(reason);

  await page.goto('/admin/appointments?when=all');
  await expect(table).toBeVisible();
  await page.setViewportSize(PHONE);
  await expect(page.getByRole('list', { name: 'Appointments' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Appointments' })).toHaveCount(0);
  expect(await scrollsSideways(page)).toBe(false);
  await page.setViewportSize(DESKTOP);
  await snap(page, 'admin-appointments-table');
});

test('clinic settings never show "Last changed" beside "No changes yet"', async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/, { timeout: 30_000 });
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Clinic settings' })).toBeVisible();
  // One or the other, never both (two would break the locator's strictness).
  const stamp = page.getByTestId('last-changed');
  const none = page.getByText('No changes yet');
  await expect(stamp.or(none)).toBeVisible();
  expect((await stamp.count()) + (await none.count())).toBe(1);

  // After a recorded change (the name changed and changed back, so other journeys see the same clinic) the stamp
  // shows and "No changes yet" has gone.
  const auth = { Authorization: `Bearer ${await apiToken(request, ADMIN.email, ADMIN.password)}` };
  const settings = (await (await request.get('/api/admin/settings', { headers: auth })).json()) as Record<string, unknown> & { clinicName: string };
  // What PUT takes: the settings without the stamp.
  const editable = (clinicName: string) => {
    const input: Record<string, unknown> = { ...settings, clinicName };
    delete input['updatedAt'];
    delete input['updatedBy'];
    return input;
  };
  expect((await request.put('/api/admin/settings', { headers: auth, data: editable(`${settings.clinicName} (e2e)`) })).ok()).toBeTruthy();
  expect((await request.put('/api/admin/settings', { headers: auth, data: editable(settings.clinicName) })).ok()).toBeTruthy();
  await page.reload();
  await expect(stamp).toContainText('Last changed by');
  await expect(none).toHaveCount(0);
  await snap(page, 'admin-settings');
});
