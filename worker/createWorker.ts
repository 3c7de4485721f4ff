/**
 * Builds the case worker: workflows from workflows/, activities from activities/ (the agencies,
 * the read model, the archive and the purge), the encrypting data converter. Shared by worker/main.ts, the simulator and the tests.
 */
import path from 'node:path';
import {
  DefaultLogger,
  Worker,
  type BundleOptions,
  type NativeConnection,
  type WorkerOptions,
  bundleWorkflowCode,
} from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createAgencyActivities, type AgencyActivityDeps } from '../activities/agencies';
import { createReadModelActivities, type ProjectionHealth } from '../activities/readModel';
import { createArchiveActivities } from '../activities/archive';
import { createPurgeActivities, type PurgeDeps } from '../activities/purge';
import { historyEntries } from '../workflows/historyEntries';
import type { PayloadKey } from '../platform/codec';
import { RECORDS_POLICY } from '../domain/rulebook';
import type { ReadModelDb } from '../readModel/connect';

export const workflowsPath = path.resolve(__dirname, '../workflows/index.ts');

/**
 * The bundle's inline source map without the sources' text (webpack's `inline-nosources-source-map`
 * for the SDK's `inline-source-map`): the same code and mappings, so stack traces still name the
 * file and line, in a bundle of 1.7 MB instead of 3.2. Every worker start decodes and parses the map,
 * copies it to its workflow thread and compiles the bundle with it as a comment (test/README.md:
 * 20-40 ms of CPU less per start). The text serves only the `__enhanced_stack_trace` query with
 * `showStackTraceSources`, which this worker leaves off (docs/deployment.md).
 */
export const withoutSourcesText: NonNullable<BundleOptions['webpackConfigHook']> = (config) => ({
  ...config,
  devtool: 'inline-nosources-source-map',
});

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  dataConverter: DataConverter;
  agencies: AgencyActivityDeps;
  /** the read model the cases project themselves into */
  readModel: ReadModelDb;
  /** filled in with the projection's lag and failures (the worker's metrics) */
  projectionHealth?: ProjectionHealth;
  /** the payload keys (the data converter's): the archive seals closed cases' records with them */
  payloadKeys: readonly PayloadKey[];
  /** TESTS ONLY: called right after a case's archive write, before the activity reports (FAULT_INJECTION) */
  afterArchiveWrite?: () => void;
  /** the daily purge: RECORD_RETENTION_YEARS (default the policy's), the tests' clock offset (PURGE_ALLOW_FUTURE_AS_OF) */
  purge?: Partial<Omit<PurgeDeps, 'db'>>;
  /** a prebuilt bundle (tests and simulator build it once); otherwise bundled from workflowsPath */
  workflowBundlePath?: string;
  extra?: Partial<WorkerOptions>;
}

export async function createCaseWorker(o: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace ?? 'default',
    taskQueue: o.taskQueue,
    dataConverter: o.dataConverter,
    activities: {
      ...createAgencyActivities(o.agencies),
      ...createReadModelActivities(o.readModel, o.projectionHealth),
      ...createArchiveActivities({
        db: o.readModel,
        keys: o.payloadKeys,
        renderHistory: historyEntries,
        ...(o.afterArchiveWrite ? { afterWrite: o.afterArchiveWrite } : {}),
      }),
      ...createPurgeActivities({ db: o.readModel, retentionYears: RECORDS_POLICY.recordRetentionYears, ...o.purge }),
    },
    ...(o.workflowBundlePath
      ? { workflowBundle: { codePath: o.workflowBundlePath } }
      : { workflowsPath, bundlerOptions: { webpackConfigHook: withoutSourcesText } }),
    ...o.extra,
  });
}

/** Bundle the workflow code once (webpack; its report kept quiet); used by the tests and the harness. */
export async function bundleWorkflows(outFile: string): Promise<string> {
  const fs = await import('node:fs/promises');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN'), webpackConfigHook: withoutSourcesText });
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  await fs.writeFile(outFile, code);
  return outFile;
}
