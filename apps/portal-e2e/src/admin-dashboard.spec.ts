import { expect, test } from '@playwright/test';
import { signIn } from './support/accounts';
import { ADMIN, snap } from './support/screens';

// The e2e server seeds the demo clinic, whose past visits (completed and otherwise) the dashboard counts.
// Screenshots of a long page at two widths take a while on a busy machine.
test.describe.configure({ timeout: 180_000 });

test('the admin dashboard shows accounts, appointments and charts over a chosen range', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'The clinic at a glance' })).toBeVisible();
  const figures = page.getByTestId('dashboard-figures');
  await expect(figures.getByRole('heading', { name: 'Doctors' })).toBeVisible();
  await expect(figures.getByText('Approved')).toBeVisible();
  await expect(page.getByTestId('no-show-rate')).toHaveText(/^\d+%$/);

  // Charts are drawn (SVG) and carry a text alternative; the demo's completed visits rank their doctors.
  const perDay = page.locator('[echarts][role="img"]').first();
  await expect(perDay.locator('svg')).toBeVisible();
  await expect(perDay).toHaveAttribute('aria-label', /[1-9]\d* appointments from/);
  await expect(page.getByTestId('top-doctors').getByRole('listitem').first()).toContainText(/Dr .+: [1-9]/);

  // A narrower range asks again.
  await page.getByRole('radio', { name: '7 days' }).click();
  await expect(perDay).toHaveAttribute('aria-label', /appointments from/);
  await page.getByRole('radio', { name: '90 days' }).click();
  await page.getByText('Show as a table').click();
  await expect(page.getByRole('columnheader', { name: 'Pending' })).toBeVisible();
  await snap(page, 'admin-dashboard');
});
