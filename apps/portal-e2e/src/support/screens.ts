import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENSHOT_DIR = join(__dirname, '../../test-output/screenshots');

const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Saves the current screen at desktop and phone widths, then restores the desktop size; with `show`, scrolled
 * to that part of the page at each width.
 */
export async function snap(page: Page, name: string, show?: Locator): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [label, size] of Object.entries(SIZES)) {
    await page.setViewportSize(size);
    // Let layout settle: breakpoint observers switch the shell between side and top navigation,
    // and the sidenav animates; wait for the next frames and for running animations to finish.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await show?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES.desktop);
}

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.test`;
}

export const PASSWORD = 'Tulip-Orbit-Canvas-42';
export const ADMIN = { email: 'e2e-admin@carebook.test', password: 'e2e-admin-password-2026' };
