/**
 * Test environments on REAL Temporal servers (never a mock): the time-skipping test server for
 * whole chains, or the dev server (createLocal) where visibility and search attributes are needed.
 * Each comes with the real worker (prebuilt bundle), real activities and the agency stubs over HTTP.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { dataConverter, type PayloadKey } from '../../platform/codec';
import { temporalCliPath, temporalTestServerPath } from '../../platform/temporalBinaries';
import { createCaseWorker } from '../../worker/createWorker';
import { buildStubsApp, type StubsApp, type StubBehaviour } from '../../stubs/app';
import { caseSearchAttributes } from '../../workflows/searchAttributes';

export const WORKFLOW_BUNDLE = path.resolve(__dirname, '../../out/workflow-bundle.js');

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_TEST_LOG as 'WARN') ?? 'ERROR') });
  } catch {
    /* already installed in this process */
  }
}

export interface TestSystem {
  env: TestWorkflowEnvironment;
  worker: Worker;
  stubs: StubsApp;
  stubsUrl: string;
  taskQueue: string;
  keys: PayloadKey[];
  /** runs the worker in the background until stop() */
  stop(): Promise<void>;
}

export async function startTestSystem(opts: {
  kind: 'time-skipping' | 'local';
  stubBehaviour?: Partial<StubBehaviour>;
  keys?: PayloadKey[];
}): Promise<TestSystem> {
  quietRuntime();
  const keys = opts.keys ?? [{ id: 'test', key: crypto.randomBytes(32) }];
  const dc = dataConverter(keys);
  const env =
    opts.kind === 'time-skipping'
      ? await TestWorkflowEnvironment.createTimeSkipping({
          server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
          client: { dataConverter: dc },
        })
      : await TestWorkflowEnvironment.createLocal({
          server: {
            executable: { type: 'existing-path', path: temporalCliPath() },
            searchAttributes: [...caseSearchAttributes],
            extraArgs: ['--log-level', 'error'],
          },
          client: { dataConverter: dc },
        });
  const stubs = buildStubsApp({ behaviour: { latencyMs: [0, 2], ...opts.stubBehaviour } });
  const stubsUrl = await stubs.listen({ host: '127.0.0.1', port: 0 });
  const taskQueue = `test-${crypto.randomUUID()}`;
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    taskQueue,
    dataConverter: dc,
    agencies: { agenciesUrl: stubsUrl, timeoutMs: 5_000 },
    workflowBundlePath: WORKFLOW_BUNDLE,
  });
  const running = worker.run();
  return {
    env,
    worker,
    stubs,
    stubsUrl,
    taskQueue,
    keys,
    async stop() {
      worker.shutdown();
      await running;
      await stubs.close();
      await env.teardown();
    },
  };
}
