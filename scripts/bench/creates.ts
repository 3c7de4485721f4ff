/**
 * Case creation: POST /cases through the API against the raw `workflow.start` the API makes (same
 * input shape, options and search attributes), same server, same concurrency. Rounds alternate so
 * the server's growing load weighs on both alike.
 */
import crypto from 'node:crypto';
import { merge, perSecond, runClients, type Latencies } from './stats';
import { openThroughApi, rawOpening, type BenchSystem } from './system';
import type { Report } from './report';

export interface CreateRun {
  api: Latencies;
  raw: Latencies;
}

export async function benchCreates(b: BenchSystem, report: Report, total: number, clients: number, rounds = 2): Promise<CreateRun> {
  const api: Latencies[] = [];
  const raw: Latencies[] = [];
  // warm-up: both paths once (JIT, pools, the first workflow tasks)
  await runClients('warm-up', 2 * clients, clients, async (i) =>
    i % 2 ? openThroughApi(b) : b.raw.start(rawOpening(b.nextPerson(), crypto.randomUUID())),
  );
  for (let r = 0; r < rounds; r++) {
    api.push(await runClients('creates via API', total, clients, () => openThroughApi(b)));
    raw.push(
      await runClients('creates raw', total, clients, async () => {
        if (!(await b.raw.start(rawOpening(b.nextPerson(), crypto.randomUUID())))) throw new Error('raw start found an existing case');
      }),
    );
  }
  const run = { api: merge(api), raw: merge(raw) };
  report.ratio(
    'createRatio',
    perSecond(run.api),
    perSecond(run.raw),
    `creates/s API ÷ raw workflow.start, ${clients} clients, ${total * rounds} each`,
    '≥ 0.9',
  );
  return run;
}
