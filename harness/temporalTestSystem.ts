/**
 * The one Temporal test harness, used by the tests, the simulator, the bench and record-histories:
 * a REAL Temporal server (never a mock), the real worker with the real activities on a fresh task
 * queue, the agency stubs over HTTP on a free port, and the payload keys + data converter.
 *  - 'time-skipping': Temporal's time-skipping test server (whole chains in seconds; no custom
 *    search attributes, so cases are started with publishSearchAttributes off);
 *  - 'local': the dev server, where visibility and the case search attributes work: in a vitest
 *    run, a namespace of its own on the run's one dev server; elsewhere a server of its own
 *    (./testDevServer.ts).
 * The workflow code is the prebuilt bundle when given (the tests' global setup builds it once),
 * otherwise bundled here on the fly into a temp folder that stop() removes. The read model is an
 * in-memory PGlite of its own (readModel.url for an API under test): loaded from the template, or
 * one an earlier test system of this process stopped cleanly with, emptied (./readModelPool.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { dataConverter, type PayloadKey } from '../platform/codec';
import { temporalTestServerPath } from '../platform/temporalBinaries';
import { buildStubsApp, type StubBehaviour, type StubsApp } from '../stubs/app';
import { bundleWorkflows, createCaseWorker } from '../worker/createWorker';
import { openReadModel, type ReadModelDb } from '../readModel/connect';
import { giveUpAfterAttempts } from './activityAttempts';
import { installQuietRuntime } from './quietRuntime';
import { takeReadModel } from './readModelPool';
import { registerTestNamespace, SHARED_TEMPORAL_ENV, startDevServer } from './testDevServer';

/** Where the tests' global setup bundles the workflow code once per run. */
export const PREBUILT_WORKFLOW_BUNDLE = path.resolve(__dirname, '../out/workflow-bundle.js');
/**
 * Where the tests' global setup writes a migrated read model once per run; it names the file in this
 * variable, and every test system's read model starts as a copy of it (a fresh database each time).
 */
export const READ_MODEL_TEMPLATE_ENV = 'SJUKFALL_READ_MODEL_TEMPLATE';
export const PREBUILT_READ_MODEL_TEMPLATE = path.resolve(__dirname, '../out/read-model-template.tar');
/**
 * The tests' global setup names its workflow bundle (built from this run's code) in this variable:
 * the worker processes the harness starts load it (WORKFLOW_BUNDLE) instead of bundling again, a few
 * seconds of CPU each. Unset (the bench), they bundle as they start.
 */
export const WORKFLOW_BUNDLE_ENV = 'SJUKFALL_WORKFLOW_BUNDLE';

export interface TestSystemOptions {
  kind: 'time-skipping' | 'local';
  stubBehaviour?: Partial<StubBehaviour>;
  /** payload encryption keys; default one random key (recording replay fixtures needs a fixed one) */
  keys?: PayloadKey[];
  /** a prebuilt workflow bundle; default: bundle the current workflow code now */
  workflowBundlePath?: string;
  /**
   * The worker fails an agency request for good after this many attempts, instead of the workflow's
   * retry policy (minutes of real backoff on the dev server). Default: the workflow's policy.
   */
  agencyAttempts?: number;
  /** worker options on top of the defaults (the bench sizes the workflow cache, concurrency) */
  workerOptions?: Partial<WorkerOptions>;
}

export interface TestSystem {
  kind: TestSystemOptions['kind'];
  env: TestWorkflowEnvironment;
  /** the Temporal server's address (host:port), for its CLI */
  temporalAddress: string;
  worker: Worker;
  stubs: StubsApp;
  stubsUrl: string;
  taskQueue: string;
  keys: PayloadKey[];
  /** the system's read model: its URL and a connection */
  readModel: { url: string; db: ReadModelDb };
  /** stops the worker (running in the background since start), the stubs and the server */
  stop(): Promise<void>;
}

/**
 * The environment on a dev server that `waitForTemporal` has just seen answer. On a loaded machine
 * the SDK's connect can still fail with a gRPC deadline already past when its first call goes out
 * ("Deadline exceeded after 0.004s": the thread was starved between setting the deadline and
 * sending); the server is up, so that connect is tried again, three times at most.
 */
async function connectToUpServer(
  address: string,
  namespace: string,
  client: { dataConverter: ReturnType<typeof dataConverter> },
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createFromExistingServer({ address, namespace, client });
    } catch (err) {
      if (attempt >= 3 || !/Failed to connect/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function startServer(
  kind: TestSystemOptions['kind'],
  keys: PayloadKey[],
): Promise<{ env: TestWorkflowEnvironment; stop(): Promise<void> }> {
  const client = { dataConverter: dataConverter(keys) };
  if (kind === 'time-skipping') {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client,
    });
    return { env, stop: () => env.teardown() };
  }
  const shared = process.env[SHARED_TEMPORAL_ENV];
  if (shared) {
    // the run's dev server (test/integration/global-setup.ts): a namespace of this system's own on it
    const namespace = `test-${crypto.randomUUID()}`;
    const env = await connectToUpServer(shared, namespace, client);
    try {
      await registerTestNamespace(env.connection, namespace);
    } catch (err) {
      await env.teardown();
      throw err;
    }
    return { env, stop: () => env.teardown() };
  }
  const server = await startDevServer();
  try {
    const env = await connectToUpServer(server.address, 'default', client);
    return {
      env,
      async stop() {
        await env.teardown();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export async function startTestSystem(opts: TestSystemOptions): Promise<TestSystem> {
  installQuietRuntime();
  const keys = opts.keys ?? [{ id: 'test', key: crypto.randomBytes(32) }];
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sjukfall-harness-'));
  const stubs = buildStubsApp({ behaviour: { latencyMs: [0, 2], ...opts.stubBehaviour } });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  // taken apart from the others, so it goes back (closed) also when another part fails to start
  const readModelTaken = takeReadModel(process.env[READ_MODEL_TEMPLATE_ENV]);
  let db: ReadModelDb | undefined;
  try {
    const [stubsUrl, bundle, started, rm] = await Promise.all([
      stubs.listen({ host: '127.0.0.1', port: 0 }),
      opts.workflowBundlePath ?? bundleWorkflows(path.join(tmp, 'workflow-bundle.js')),
      startServer(opts.kind, keys),
      readModelTaken,
    ]);
    server = started;
    const env = started.env;
    db = await openReadModel({ url: rm.url, migrate: false });
    const taskQueue = `test-${crypto.randomUUID()}`;
    const worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue,
      dataConverter: dataConverter(keys),
      agencies: { agenciesUrl: stubsUrl, timeoutMs: 5_000 },
      workflowBundlePath: bundle,
      readModel: db,
      payloadKeys: keys,
      purge: { allowFutureAsOf: true }, // the purge tests' clock offset
      extra: {
        ...opts.workerOptions,
        ...(opts.agencyAttempts ? { interceptors: { activity: [giveUpAfterAttempts(opts.agencyAttempts)] } } : {}),
      },
    });
    const running = worker.run();
    const readModel = { url: rm.url, db };
    return {
      kind: opts.kind,
      env,
      temporalAddress: env.address,
      worker,
      stubs,
      stubsUrl,
      taskQueue,
      keys,
      readModel,
      async stop() {
        try {
          worker.shutdown();
          await running;
          await stubs.close();
          await started.stop();
          await readModel.db.destroy();
        } catch (err) {
          await rm.stop(false).catch(() => undefined);
          throw err;
        } finally {
          await fs.rm(tmp, { recursive: true, force: true });
        }
        await rm.stop(true); // stopped cleanly: the next test system of this process may take its database
      },
    };
  } catch (err) {
    await server?.stop().catch(() => {});
    await db?.destroy().catch(() => {});
    await readModelTaken.then((rm) => rm.stop(false)).catch(() => {});
    await stubs.close().catch(() => {});
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}
