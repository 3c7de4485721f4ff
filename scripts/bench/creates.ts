/**
 * Case creation, three ways on the same server and concurrency:
 *  - api: POST /cases through the API (token, validation, the one-open-case claim, logs, start);
 *  - floor: an HTTP endpoint that only makes the API's start call (floorServer.ts): what any HTTP
 *    service in front of Temporal costs on these cores;
 *  - raw: that start call from the bench's own SDK client (same input shape, options, search attributes).
 * Rounds rotate the order so the server's growing load weighs on all alike. Each path's cases are
 * run through their first workflow task (their row in the read model) before the next path starts,
 * and that tail is counted to the path that caused it: without it a path met the backlog of the one
 * before (the API followed raw, the fastest, in two rounds of three). The CPU each process spent per
 * creation, read from /proc around each path and its tail, says where the difference goes.
 *
 * Two rates per path. Accepted: starts answered per second while the clients run (a burst; the
 * workers fall behind, so this is the start path alone competing with them for the cores). Opened:
 * cases per second through their first workflow task, the tail included (what the system sustains:
 * a start rate above it is a growing backlog). The API's own work weighs on the first against the
 * start path only, on the second against the whole cost of a case.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { merge, perSecond, runClients, type Latencies } from './stats';
import { cpuBetween, cpuSeconds, openThroughApi, rawOpening, startFloor, type BenchSystem, type CpuSeconds } from './system';
import type { Report } from './report';
import { httpRequest } from './httpClient';

const PATHS = ['api', 'floor', 'raw'] as const;
type CreatePath = (typeof PATHS)[number];
export type CreateRun = Record<CreatePath, Latencies>;

export async function benchCreates(b: BenchSystem, report: Report, total: number, clients: number, rounds = 3): Promise<CreateRun> {
  const floorUrl = await startFloor(b);
  const latencies = { api: [], floor: [], raw: [] } as Record<CreatePath, Latencies[]>;
  const cpu = { api: {}, floor: {}, raw: {} } as Record<CreatePath, CpuSeconds>;
  const opening = () => rawOpening(b, b.nextPerson());
  const create: Record<CreatePath, () => Promise<unknown>> = {
    api: () => openThroughApi(b),
    floor: async () => {
      const res = await httpRequest(`${floorUrl}/start`, 'POST', { 'content-type': 'application/json' }, JSON.stringify(opening()));
      if (res.status !== 201) throw new Error(`the floor server answered ${res.status}: ${res.text}`);
    },
    raw: async () => {
      if (!(await b.raw.start(opening()))) throw new Error('raw start found an existing case');
    },
  };
  // until every case started so far has run its first workflow task (at most a minute: then on, and said)
  const projected = async () =>
    Number(
      (
        await b.readModel
          .selectFrom('cases')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  let started = await projected();
  const settle = async (): Promise<void> => {
    const deadline = Date.now() + 60_000;
    while ((await projected()) < started) {
      if (Date.now() > deadline)
        return console.log(`  creates: ${started - (await projected())} cases still without their first task after a minute`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // warm-up: every path a hundred times (JIT, pools, the first workflow tasks); with 48 in all, the
  // first round (the API first) had the lowest API ÷ floor ratio in four runs of five
  const warmUp = 100 * PATHS.length;
  await runClients('warm-up', warmUp, clients, (i) => create[PATHS[i % PATHS.length]!]());
  started += warmUp;
  await settle();
  const tails = { api: [], floor: [], raw: [] } as Record<CreatePath, number[]>; // seconds of each round's tail
  const loads: number[] = []; // the machine's 1-minute load average at each round's start (it is shared)
  for (let r = 0; r < rounds; r++) {
    loads.push(os.loadavg()[0]!);
    for (let k = 0; k < PATHS.length; k++) {
      const path = PATHS[(r + k) % PATHS.length]!;
      const before = cpuSeconds(b);
      latencies[path].push(await runClients(`creates ${path}`, total, clients, create[path]));
      started += total;
      const tail = performance.now();
      await settle();
      tails[path].push((performance.now() - tail) / 1000);
      for (const [name, v] of Object.entries(cpuBetween(before, cpuSeconds(b))) as [keyof CpuSeconds, number][])
        cpu[path][name] = (cpu[path][name] ?? 0) + v;
    }
  }
  const run = { api: merge(latencies.api), floor: merge(latencies.floor), raw: merge(latencies.raw) };
  const opened = (path: CreatePath, r?: number): number =>
    r === undefined
      ? run[path].ms.length / (run[path].seconds + tails[path].reduce((a, t) => a + t, 0))
      : latencies[path][r]!.ms.length / (latencies[path][r]!.seconds + tails[path][r]!);
  // each round's own ratio (same server state, minutes apart): the spread within one run
  report.facts.createApiToFloorRatioRounds = latencies.api.map((l, r) => perSecond(l) / perSecond(latencies.floor[r]!));
  report.facts.createApiToFloorOpenedRatioRounds = latencies.api.map((_, r) => opened('api', r) / opened('floor', r));
  report.facts.createRatioRounds = latencies.api.map((l, r) => perSecond(l) / perSecond(latencies.raw[r]!));
  report.facts.createTailSeconds = tails;
  report.facts.createLoadAverageRounds = loads;
  const byRound = (xs: unknown) => (xs as number[]).map((x) => x.toFixed(2)).join(', ');
  console.log(
    `  createApiToFloorRatio by round: ${byRound(report.facts.createApiToFloorRatioRounds)}; opened: ${byRound(report.facts.createApiToFloorOpenedRatioRounds)} (load average ${loads.map((x) => x.toFixed(1)).join(', ')})`,
  );
  const n = total * rounds;
  const each = `${clients} clients, ${n} each`;
  report.ratio('createRatio', perSecond(run.api), perSecond(run.raw), `creates/s API ÷ raw workflow.start, ${each}`, '≥ 0.9');
  report.ratio(
    'createFloorRatio',
    perSecond(run.floor),
    perSecond(run.raw),
    `creates/s of an HTTP endpoint that only starts ÷ raw, ${each}`,
  );
  report.ratio(
    'createApiToFloorRatio',
    perSecond(run.api),
    perSecond(run.floor),
    `creates/s API ÷ that HTTP floor, ${each} (accepted: starts answered while the clients run)`,
    undefined,
    'floor',
  );
  report.ratio(
    'createApiToFloorOpenedRatio',
    opened('api'),
    opened('floor'),
    `cases/s through their first workflow task, API ÷ that HTTP floor, ${each} (opened: what the system sustains)`,
    undefined,
    'floor',
  );
  for (const path of PATHS) {
    const parts = Object.entries(cpu[path]);
    report.add({
      name: `createCpuMs${path[0]!.toUpperCase()}${path.slice(1)}`,
      value: (parts.reduce((a, [, v]) => a + v, 0) * 1000) / n,
      unit: 'ms',
      what: `CPU per creation (${path}), all processes (${parts
        .filter(([, v]) => v >= 0.00005 * n) // hide the processes that did ~nothing
        .map(([k, v]) => `${k} ${((v * 1000) / n).toFixed(1)}`)
        .join(', ')})`,
    });
  }
  return run;
}
