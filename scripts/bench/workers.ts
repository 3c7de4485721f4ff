/**
 * Two workers on one task queue against one: accepted commands per second at 32 clients (raw
 * executeUpdate, one case per client) with the system's worker alone, then with a second worker
 * process (worker/main.ts again, as a second host would run it) polling the same task queue. On a
 * 2-core machine shared with the server this shows whether the queue shares the load, not what a
 * second machine would add. On the cluster, which runs two workers throughout, the second is
 * stopped for the one-worker run and started again after it.
 */
import { actorOf } from '../../platform/tokens';
import { caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import { runClients } from './stats';
import { CASEWORKER, openThroughApi, type BenchSystem } from './system';
import type { Report } from './report';

export async function benchWorkers(b: BenchSystem, report: Report, clients = 32, perClient = 15): Promise<void> {
  const cases = await Promise.all(Array.from({ length: clients }, () => openThroughApi(b)));
  const send = () =>
    runClients(`commands at ${clients}`, clients * perClient, clients, (i, c) =>
      b.client.workflow.getHandle(caseWorkflowId(cases[c]!)).executeUpdate(commandUpdates['record-consent'], {
        args: [{ input: { scope: 'joint-mapping', given: i % 2 === 0 }, actor: actorOf(CASEWORKER) }],
      }),
    );
  const rate = (l: { ms: number[]; seconds: number }) => l.ms.length / l.seconds;
  const ratio = (two: number, one: number) =>
    report.ratio(
      'twoWorkersThroughputRatio',
      two,
      one,
      `commands/s with 2 worker processes ÷ 1 (${clients} clients)`,
      undefined,
      '1 worker',
    );
  if (b.sys.services.has('worker-2')) {
    const two = await send();
    await b.sys.stop('worker-2');
    try {
      ratio(rate(two), rate(await send()));
    } finally {
      await b.sys.startService('worker-2');
    }
    return;
  }
  const one = await send();
  await b.sys.startService('worker-2');
  try {
    await new Promise((r) => setTimeout(r, 2000)); // its pollers reach the server
    ratio(rate(await send()), rate(one));
  } finally {
    await b.sys.stop('worker-2');
  }
}
