/**
 * The Temporal dev server of the test systems (./temporalTestSystem.ts), in memory, as a child of
 * this process, and the namespaces test systems get on it.
 *
 * A vitest run starts ONE dev server (test/integration/global-setup.ts) and names it in
 * SJUKFALL_SHARED_TEMPORAL; each test system started in that run gets a namespace of its own on it
 * (its workflows, task queues, schedules and visibility lists apart from every other test system's),
 * instead of a server of its own (0.6 s of CPU to start, and ~5 % of a core while it runs). Outside
 * vitest (the simulator, the bench, record-histories) the variable is unset and a test system
 * starts its own server, as before. Tests that stop, restart or kill their Temporal server start it
 * as processes of their own (./systemProcesses.ts), never this one.
 */
import { spawn } from 'node:child_process';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { freePort } from '../platform/ports';
import { caseSearchAttributes, searchAttributeRegistrations } from '../platform/searchAttributes';
import { waitForTemporal } from '../platform/supervisor';
import { temporalCliPath } from '../platform/temporalBinaries';

/** The address (host:port) of the run's shared dev server, set by the tests' global setup. */
export const SHARED_TEMPORAL_ENV = 'SJUKFALL_SHARED_TEMPORAL';

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * A deleted workflow (`temporal workflow delete`, the purge's delete) is removed by a task that waits
 * until the server has saved how far its transfer queue got, which it does every 30 s: a test waited
 * ~30 s for each deletion. Saved every second, a deletion is done in about 4 s. Nothing else changes
 * (the server only writes that mark more often).
 */
const TEST_DEV_SERVER_CONFIG = ['--dynamic-config-value', 'history.transferProcessorUpdateAckInterval="1s"'];

/**
 * Not the SDK's `createLocal`: its client gives the new server 10 s to answer, which a loaded
 * 2-core machine (type check, lint and other test files starting servers) sometimes exceeds; the
 * wait here is a minute, as `npm start`'s. The dev server picks its internal ports (membership,
 * HTTP, metrics) as "free" ports of its own: two servers starting at once can pick the same one and
 * the loser exits. So a server that exits before it answers is started again on fresh ports, three
 * times at most; the last attempt's output ends the error. Its output is otherwise dropped, or
 * shown when SJUKFALL_TEMPORAL_LOG asks for it. The case search attributes are registered in its
 * `default` namespace (the CLI's `--search-attribute` registers them there only).
 */
export async function startDevServer(): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce();
    } catch (err) {
      if (attempt >= 3 || !(err instanceof DevServerExited)) throw err;
    }
  }
}

class DevServerExited extends Error {}

async function startDevServerOnce(): Promise<DevServer> {
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

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/**
 * A new namespace as the dev server's `default` is (the namespace `npm start` uses): its retention,
 * and the case search attributes. Both are written before anything uses the namespace.
 */
export async function registerTestNamespace(connection: Connection, namespace: string): Promise<void> {
  const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: config?.workflowExecutionRetentionTtl,
  });
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const k of caseSearchAttributes) searchAttributes[k.name] = IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`];
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
