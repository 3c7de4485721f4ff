import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the API, fault and system tests again, on the production topology
 * (Temporal Server 1.32 on PostgreSQL with SQL visibility, see scripts/start-cluster.ts) instead of
 * the dev server, the archive's and the purge's (test/integration/archive*.test.ts,
 * test/integration/purge.test.ts); plus test/cluster/: the
 * topology's own checks, the alert rules (promtool) and the chaos run. One PostgreSQL for the run
 * (test/cluster/setup.ts).
 */
export default defineConfig({
  test: {
    include: [
      'test/integration/api.test.ts',
      'test/integration/faults.test.ts',
      'test/integration/system.test.ts',
      'test/cluster/cluster.test.ts',
      'test/cluster/alerts.test.ts',
      'test/cluster/chaos.test.ts',
      'test/integration/archive.test.ts',
      'test/integration/archiveCrash.test.ts',
      'test/integration/purge.test.ts',
    ],
    env: { SJUKFALL_TEST_TOPOLOGY: 'cluster' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/cluster/setup.ts'],
  },
});
