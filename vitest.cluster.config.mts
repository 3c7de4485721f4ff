import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the API, fault and system tests again, on the production topology
 * (Temporal Server 1.32 on PostgreSQL with SQL visibility, see scripts/start-cluster.ts) instead of
 * the dev server, and the archive's and the purge's (test/archive*.test.ts, test/purge.test.ts); plus test/cluster.test.ts, the alert rules (test/alerts.test.ts, promtool) and the chaos run (test/chaos.test.ts). One PostgreSQL for the run (test/cluster-setup.ts).
 */
export default defineConfig({
  test: {
    include: [
      'test/api.test.ts',
      'test/faults.test.ts',
      'test/system.test.ts',
      'test/cluster.test.ts',
      'test/alerts.test.ts',
      'test/chaos.test.ts',
      'test/archive.test.ts',
      'test/archiveCrash.test.ts',
      'test/purge.test.ts',
    ],
    env: { SJUKFALL_TEST_TOPOLOGY: 'cluster' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/cluster-setup.ts'],
  },
});
