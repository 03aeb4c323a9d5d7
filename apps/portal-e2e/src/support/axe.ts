import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/**
 * axe (WCAG 2.x A and AA plus best practices) on the page as it stands, at desktop and phone widths:
 * the test fails listing every violation with the elements it found. One line covers a new page:
 *   await expectAccessible(page);
 */
export async function expectAccessible(page: Page): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    // Let breakpoint observers switch the layout and animations finish before axe reads the page.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const violations = result.violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
    // Printed as found too, so a long run shows every page's problems at once.
    if (violations.length) console.log(`axe at ${size.width}px on ${page.url()}: ${JSON.stringify(violations)}`);
    expect.soft(violations, `axe at ${size.width}px on ${page.url()}`).toEqual([]);
  }
  await page.setViewportSize(WIDTHS[0]);
}
