/**
 * Case creation: POST /cases through the API against the raw `workflow.start` the API makes (same
 * input shape, options and search attributes), same server, same concurrency. Rounds alternate so
 * the server's growing load weighs on both alike. The CPU each process spent per creation, read
 * from /proc around the rounds, says where the difference goes.
 */
import crypto from 'node:crypto';
import { merge, perSecond, runClients, type Latencies } from './stats';
import { cpuBetween, cpuSeconds, openThroughApi, rawOpening, type BenchSystem, type CpuSeconds } from './system';
import type { Report } from './report';

export interface CreateRun {
  api: Latencies;
  raw: Latencies;
}

export async function benchCreates(b: BenchSystem, report: Report, total: number, clients: number, rounds = 2): Promise<CreateRun> {
  const api: Latencies[] = [];
  const raw: Latencies[] = [];
  const cpu = { api: {} as CpuSeconds, raw: {} as CpuSeconds };
  const timed = async (path: 'api' | 'raw', run: () => Promise<Latencies>) => {
    const before = cpuSeconds(b);
    const l = await run();
    for (const [k, v] of Object.entries(cpuBetween(before, cpuSeconds(b))) as [keyof CpuSeconds, number][])
      cpu[path][k] = (cpu[path][k] ?? 0) + v;
    return l;
  };
  const rawStart = async () => {
    if (!(await b.raw.start(rawOpening(b, b.nextPerson(), crypto.randomUUID())))) throw new Error('raw start found an existing case');
  };
  // warm-up: both paths (JIT, pools, the first workflow tasks)
  await runClients('warm-up', 4 * clients, clients, (i) => (i % 2 ? openThroughApi(b) : rawStart()));
  for (let r = 0; r < rounds; r++) {
    api.push(await timed('api', () => runClients('creates via API', total, clients, () => openThroughApi(b))));
    raw.push(await timed('raw', () => runClients('creates raw', total, clients, rawStart)));
  }
  const run = { api: merge(api), raw: merge(raw) };
  report.ratio(
    'createRatio',
    perSecond(run.api),
    perSecond(run.raw),
    `creates/s API ÷ raw workflow.start, ${clients} clients, ${total * rounds} each`,
    '≥ 0.9',
  );
  const n = total * rounds;
  for (const path of ['api', 'raw'] as const) {
    const parts = Object.entries(cpu[path]).filter(([, v]) => v > 0);
    report.add({
      name: `createCpuMs${path === 'api' ? 'Api' : 'Raw'}`,
      value: (parts.reduce((a, [, v]) => a + v, 0) * 1000) / n,
      unit: 'ms',
      what: `CPU per creation, all processes (${parts.map(([k, v]) => `${k} ${((v * 1000) / n).toFixed(1)}`).join(', ')})`,
    });
  }
  return run;
}
