import { defineConfig, devices } from '@playwright/test';
import { SIGNED_PORT, WEBHOOK_TEST_SECRET } from './e2e/webhookServers';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const executablePath = chromiumPath();

const PORT = 4173;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: chromiumArgs,
        },
      },
    },
  ],
  // e2e runs against the production build, served as users get it.
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // the same build with signatures required (e2e/webhook*.spec.ts)
      command: `npx vite preview --port ${SIGNED_PORT} --strictPort`,
      url: `http://127.0.0.1:${SIGNED_PORT}`,
      env: { WEBHOOK_SECRET: WEBHOOK_TEST_SECRET },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
