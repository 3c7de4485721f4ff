import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the cluster topology's own tests need its PostgreSQL: `npm run test:cluster` (vitest.cluster.config.mts)
    exclude: ['test/cluster.test.ts', '**/node_modules/**'],
    // Integration tests start real Temporal servers; keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
