/**
 * The one Temporal test harness, used by the tests, the simulator, the bench and record-histories:
 * a REAL Temporal server (never a mock), the real worker with the real activities on a fresh task
 * queue, the agency stubs over HTTP on a free port, and the payload keys + data converter.
 *  - 'time-skipping': Temporal's time-skipping test server (whole chains in seconds; no custom
 *    search attributes, so cases are started with publishSearchAttributes off);
 *  - 'local': the dev server, where visibility and the case search attributes work.
 * The workflow code is the prebuilt bundle when given (the tests' global setup builds it once),
 * otherwise bundled here on the fly into a temp folder that stop() removes. The read model is an
 * in-memory PGlite of its own (readModel.url for an API under test).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { dataConverter, type PayloadKey } from '../platform/codec';
import { freePort } from '../platform/ports';
import { temporalCliPath, temporalTestServerPath } from '../platform/temporalBinaries';
import { waitForTemporal } from '../platform/supervisor';
import { buildStubsApp, type StubBehaviour, type StubsApp } from '../stubs/app';
import { bundleWorkflows, createCaseWorker } from '../worker/createWorker';
import { searchAttributeRegistrations } from '../platform/searchAttributes';
import { openReadModel, type ReadModelDb } from '../readModel/connect';
import { startEmbeddedReadModel, type EmbeddedReadModel } from '../readModel/embedded';
import { giveUpAfterAttempts } from './activityAttempts';
import { installQuietRuntime } from './quietRuntime';

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
 * The dev server, in memory, as a child of this process. Not the SDK's `createLocal`: its client
 * gives the new server 10 s to answer, which a loaded 2-core machine (type check, lint and other
 * test files starting theirs) sometimes exceeds; the wait here is a minute, as `npm start`'s.
 * Parallel test files each start one, and the dev server picks its internal ports (membership,
 * HTTP, metrics) as "free" ports of its own: two servers starting at once can pick the same one and
 * the loser exits. So a server that exits before it answers is started again on fresh ports, three
 * times at most; the last attempt's output ends the error. Its output is otherwise dropped, or
 * shown when SJUKFALL_TEMPORAL_LOG asks for it.
 */
/**
 * A deleted workflow (`temporal workflow delete`, the purge's delete) is removed by a task that waits
 * until the server has saved how far its transfer queue got, which it does every 30 s: a test waited
 * ~30 s for each deletion. Saved every second, a deletion is done in about 4 s. Nothing else changes
 * (the server only writes that mark more often).
 */
const TEST_DEV_SERVER_CONFIG = ['--dynamic-config-value', 'history.transferProcessorUpdateAckInterval="1s"'];

async function startDevServer(): Promise<{ address: string; stop(): Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce();
    } catch (err) {
      if (attempt >= 3 || !(err instanceof DevServerExited)) throw err;
    }
  }
}

class DevServerExited extends Error {}

async function startDevServerOnce(): Promise<{ address: string; stop(): Promise<void> }> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error'];
  for (const a of searchAttributeRegistrations) args.push('--search-attribute', `${a.name}=${a.type}`);
  args.push(...TEST_DEV_SERVER_CONFIG);
  const showLog = Boolean(process.env.SJUKFALL_TEMPORAL_LOG);
  const proc = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', showLog ? 'inherit' : 'pipe'] });
  let lastOutput = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    lastOutput = (lastOutput + chunk.toString()).slice(-2000);
  });
  const kill = () => proc.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const hasExited = () => proc.exitCode !== null || proc.signalCode !== null;
  const stop = async () => {
    process.off('exit', kill);
    if (!hasExited()) {
      proc.kill('SIGTERM');
      const t = setTimeout(kill, 5_000);
      await exited;
      clearTimeout(t);
    }
  };
  try {
    await waitForTemporal(address, 'default', 60_000, hasExited);
  } catch (err) {
    const died = hasExited();
    await stop();
    if (died) throw new DevServerExited(`${(err as Error).message}${lastOutput ? `: ${lastOutput.trim()}` : ''}`);
    throw err;
  }
  // from here on its output is not read: let the pipe drain so the server never blocks on it
  proc.stderr?.removeAllListeners('data').resume();
  return { address, stop };
}

/**
 * The environment on a dev server that `waitForTemporal` has just seen answer. On a loaded machine
 * the SDK's connect can still fail with a gRPC deadline already past when its first call goes out
 * ("Deadline exceeded after 0.004s": the thread was starved between setting the deadline and
 * sending); the server is up, so that connect is tried again, three times at most.
 */
async function connectToUpServer(
  address: string,
  client: { dataConverter: ReturnType<typeof dataConverter> },
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default', client });
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
  const server = await startDevServer();
  try {
    const env = await connectToUpServer(server.address, client);
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
  let readModelServer: EmbeddedReadModel | undefined;
  let db: ReadModelDb | undefined;
  try {
    const [stubsUrl, bundle, started, rm] = await Promise.all([
      stubs.listen({ host: '127.0.0.1', port: 0 }),
      opts.workflowBundlePath ?? bundleWorkflows(path.join(tmp, 'workflow-bundle.js')),
      startServer(opts.kind, keys),
      startEmbeddedReadModel({ template: process.env[READ_MODEL_TEMPLATE_ENV] }),
    ]);
    server = started;
    const env = started.env;
    readModelServer = rm;
    db = await openReadModel({ url: rm.url, migrate: false });
    const taskQueue = `test-${crypto.randomUUID()}`;
    const worker = await createCaseWorker({
      connection: env.nativeConnection,
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
        worker.shutdown();
        await running;
        await stubs.close();
        await started.stop();
        await readModel.db.destroy();
        await rm.stop();
        await fs.rm(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.stop().catch(() => {});
    await db?.destroy().catch(() => {});
    await readModelServer?.stop().catch(() => {});
    await stubs.close().catch(() => {});
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}
