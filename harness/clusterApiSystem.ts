/**
 * The API tests' system on the cluster topology (`npm run test:cluster`): the server, the read
 * model's database, the stubs and a worker as processes, and a Temporal client by address.
 */
import type { Client } from '@temporalio/client';
import type { PayloadKey } from '../platform/codec';
import { openReadModel, type ReadModelDb } from '../readModel/connect';
import { SystemClient } from './systemClient';
import { SystemProcesses } from './systemProcesses';

/** What test/integration/api.test.ts needs of a running system (TestSystem of ./temporalTestSystem.ts has the same shape). */
export interface ApiTestSystem {
  env: { client: Client };
  /** the Temporal server's address (host:port), for its CLI */
  temporalAddress: string;
  taskQueue: string;
  keys: PayloadKey[];
  /** the system's read model: its URL and a connection */
  readModel: { url: string; db: ReadModelDb };
  /** the agency stubs, which also play the population register */
  stubsUrl: string;
  stop(): Promise<void>;
}

/**
 * test/integration/api.test.ts on the cluster topology: the server, the stubs and a worker as processes, and a
 * Temporal client connected to the server by address. The stubs behave as the in-process ones of
 * ./temporalTestSystem.ts do (fast, no callbacks: the API under test is not listening).
 */
export async function startClusterApiSystem(): Promise<ApiTestSystem> {
  const sys = new SystemProcesses('sjukfall-api-', 'cluster');
  try {
    await Promise.all([sys.startTemporal(), sys.startReadModel()]);
    sys.env.PURGE_ALLOW_FUTURE_AS_OF = '1'; // the purge tests' clock offset (test/integration/purge.test.ts)
    await Promise.all([sys.startService('stubs'), sys.startService('worker')]);
    await new SystemClient(sys.apiUrl, sys.stubsUrl, '').setBehaviour({ latencyMs: [0, 2], callbacks: false });
    const db = await openReadModel({ url: sys.config.databaseUrl });
    return {
      env: { client: await sys.temporal() },
      temporalAddress: sys.config.temporalAddress,
      taskQueue: sys.config.TASK_QUEUE,
      keys: sys.secrets.payloadKeys,
      readModel: { url: sys.config.databaseUrl, db },
      stubsUrl: sys.stubsUrl,
      stop: async () => {
        await db.destroy();
        await sys.stopAll();
      },
    };
  } catch (err) {
    await sys.stopAll();
    throw err;
  }
}
