import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // forbid .only on CI, as xyflow does for Playwright
    allowOnly: !process.env.CI,
  },
});
