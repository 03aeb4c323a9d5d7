import { defineConfig } from '@playwright/test';
import { workspaceRoot } from '@nx/devkit';
import { existsSync } from 'node:fs';

const port = Number(process.env['E2E_PORT'] ?? 3210);
const baseURL = process.env['BASE_URL'] ?? `http://127.0.0.1:${port}`;
// Playwright cannot download browsers here: use Debian's Chromium when present.
const executablePath = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './src',
  outputDir: './test-output/results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: './test-output/report', open: 'never' }]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    // A click on something covered or hidden fails with its reason after 20 s instead of waiting out the test.
    actionTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  // The production shape: the built API serving the built portal, on a fresh embedded database.
  webServer: {
    command: `node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON apps/portal-e2e/start-server.mjs`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    cwd: workspaceRoot,
    env: { E2E_PORT: String(port) },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
