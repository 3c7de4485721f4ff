import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in. vitest's own order runs the slowest first only once it has timed
 * them (its cache); a fresh clone has no cache, and it then starts the largest files first. The
 * files below take longest (process starts and restarts, replays, browsers; measured on an idle
 * machine), so they start first, longest first, and the many short files fill in beside them
 * instead of one long file ending the run.
 * `freeText` comes first of all, for another reason: it installs the Temporal SDK's process-wide
 * Runtime with a logger of its own, which only a fresh process allows, and the integration files
 * share processes (`isolate: false`); the first files are the only ones sure of a fresh one.
 */
const SLOWEST_FIRST = [
  'integration/freeText',
  'integration/system',
  'integration/faults',
  'browser/oidc',
  'integration/replay',
  'browser/web-caseworker',
  'browser/web',
  'integration/simulator',
  'integration/tracing',
  'integration/archiveCrash',
  'integration/scenarios', // every scenario in its beforeAll
  'integration/readModel',
  'browser/web-insured',
  'integration/purge',
  'integration/archive',
  'unit/caseMachine',
  'unit/calendar',
].map((f) => `${f}.test.ts`);

const rank = (spec: TestSpecification): number => {
  const i = SLOWEST_FIRST.findIndex((f) => spec.moduleId.endsWith(`${path.sep}test${path.sep}${f.replace('/', path.sep)}`));
  return i === -1 ? SLOWEST_FIRST.length : i;
};

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    // the files that wait longest start first (a fresh clone has no timings for vitest to sort by)
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // pure code: no server, database, browser or Temporal; worker threads start fastest
          pool: 'threads',
          // a thread runs file after file with the modules it has loaded (the rules, zod, fast-check):
          // about 6 s of CPU less than loading them again for each of the ~30 files (test/README.md)
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // the global setup installs the Temporal binaries, bundles the workflow code and migrates a
          // template read model once per run
          pool: 'forks',
          // a worker process runs file after file: each file still starts its own servers, worker and
          // database, but the dependencies (Temporal SDK, PGlite and its WebAssembly, Fastify) load
          // once per process, not once per file
          isolate: false,
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
    ],
  },
});
