import { defineConfig } from 'vitest/config';

/**
 * `npm test` (scripts/test.ts) runs three projects, one per folder of test/ (test/README.md says what
 * goes where). `npx vitest run --project unit` runs one of them.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // console output of passing tests is noise (expected warnings, state dumps); failing ones keep it
    silent: 'passed-only',
    // Integration tests start real Temporal servers and processes but mostly wait (timers, retries,
    // restarts): three files at a time, of both projects, keep 2 cores busy without overloading them.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // pure code: no server, database, browser or Temporal; worker threads start fastest
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // the global setup installs the Temporal binaries and bundles the workflow code once per run
          pool: 'forks',
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
    ],
  },
});
