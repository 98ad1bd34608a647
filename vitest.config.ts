import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const executablePath = chromiumPath();

export default defineConfig({
  test: {
    // forbid .only on CI, as xyflow does for Playwright
    allowOnly: !process.env.CI,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, 'src/**/*.browser.test.ts'],
          environment: 'node',
        },
      },
      {
        // what Node cannot show: real module Web Workers, in the same Chromium as the e2e runs
        extends: true,
        // optimised up front: found mid-run, Vite would reload the test page (React and
        // motion are imported by the UI's browser tests only)
        optimizeDeps: { include: ['react', 'react-dom/client', 'motion/react'] },
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { ...(executablePath ? { executablePath } : {}), args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
