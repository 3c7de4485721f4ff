/**
 * Two workers on one task queue against one: accepted commands per second at 32 clients (raw
 * executeUpdate, one case per client) with the harness's worker alone, then with a second worker
 * polling the same task queue. The second worker lives in this process (same event loop for
 * activities, its own workflow threads): on a 2-core machine shared with the server this shows
 * whether the load is shared, not what a second machine would add.
 */
import { NativeConnection } from '@temporalio/worker';
import { createCaseWorker } from '../../worker/createWorker';
import { dataConverter } from '../../platform/codec';
import { actorOf } from '../../platform/tokens';
import { caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import { runClients } from './stats';
import { CASEWORKER, openThroughApi, type BenchSystem } from './system';
import type { Report } from './report';

export async function benchWorkers(b: BenchSystem, report: Report, bundlePath: string, clients = 32, perClient = 15): Promise<void> {
  const cases = await Promise.all(Array.from({ length: clients }, () => openThroughApi(b)));
  const send = () =>
    runClients(`commands at ${clients}`, clients * perClient, clients, (i, c) =>
      b.sys.env.client.workflow.getHandle(caseWorkflowId(cases[c]!)).executeUpdate(commandUpdates['record-consent'], {
        args: [{ input: { scope: 'joint-mapping', given: i % 2 === 0 }, actor: actorOf(CASEWORKER) }],
      }),
    );
  const one = await send();
  // a worker of its own needs a connection of its own (the SDK refuses two on one queue otherwise)
  const connection = await NativeConnection.connect({ address: b.sys.env.address });
  const second = await createCaseWorker({
    connection,
    taskQueue: b.sys.taskQueue,
    dataConverter: dataConverter(b.sys.keys),
    agencies: { agenciesUrl: b.sys.stubsUrl, timeoutMs: 5_000 },
    workflowBundlePath: bundlePath,
    readModel: b.sys.readModel.db,
  });
  const running = second.run();
  try {
    await new Promise((r) => setTimeout(r, 2000)); // its pollers reach the server
    const two = await send();
    const rate = (l: { ms: number[]; seconds: number }) => l.ms.length / l.seconds;
    report.ratio('twoWorkersThroughputRatio', rate(two), rate(one), `commands/s with 2 workers ÷ 1 (same process, ${clients} clients)`);
  } finally {
    second.shutdown();
    await running;
    await connection.close();
  }
}
