import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real Temporal servers and processes but mostly wait (timers, retries,
    // restarts): three at a time keep 2 cores busy without overloading them.
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
    // console output of passing tests is noise (expected warnings, state dumps); failing ones keep it
    silent: 'passed-only',
  },
});
