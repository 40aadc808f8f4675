import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    // The readers' fuzz in its long mode (`npm run fuzz:long`) runs 20,000 cases a test.
    testTimeout: process.env.LUNGDESK_FUZZ === 'long' ? 900_000 : 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temporary folder per run, removed at its end (test/setup/vitest-temp-root.ts).
    globalSetup: ['test/setup/vitest-temp-root.ts'],
  },
});
