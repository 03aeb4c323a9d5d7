import { expect, type Locator, type Page } from '@playwright/test';

export interface FirstLoad {
  /** Bytes on the wire (headers and compressed bodies) for every request the page made. */
  transferred: number;
  requests: { url: string; bytes: number; encoding: string | undefined }[];
}

/**
 * Loads `path` in a fresh page with the cache off and counts the bytes transferred, as DevTools' Network panel
 * does (Chromium's encodedDataLength): everything until `ready` shows, the fonts are in and no request is open.
 */
export async function measureFirstLoad(page: Page, path: string, ready: (page: Page) => Locator): Promise<FirstLoad> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, { url: string; encoding: string | undefined }>();
  const sizes = new Map<string, number>();
  const open = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => open.add(e.requestId));
  cdp.on('Network.loadingFailed', (e) => open.delete(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    urls.set(e.requestId, { url: e.response.url, encoding: headers['content-encoding'] });
  });
  cdp.on('Network.loadingFinished', (e) => {
    sizes.set(e.requestId, e.encodedDataLength);
    open.delete(e.requestId);
  });
  await page.goto(path);
  await expect(ready(page)).toBeVisible();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect.poll(() => open.size).toBe(0);
  const requests = [...sizes].map(([id, bytes]) => ({ url: urls.get(id)?.url ?? id, bytes, encoding: urls.get(id)?.encoding }));
  await cdp.detach();
  return { transferred: requests.reduce((sum, r) => sum + r.bytes, 0), requests };
}
