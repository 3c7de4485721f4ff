import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the cluster topology's own tests need its PostgreSQL, the alert rules its promtool (built with
    // Go), the chaos run its topology: `npm run test:cluster` (vitest.cluster.config.mts)
    exclude: ['test/cluster.test.ts', 'test/alerts.test.ts', 'test/chaos.test.ts', '**/node_modules/**'],
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
