import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The end-to-end tests spawn the CLI, which starts its own worker threads.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
