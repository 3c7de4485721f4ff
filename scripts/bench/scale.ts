/**
 * The scale run (opt-in, BENCH_CASES=N): N open employed cases on the dev server (its state in a
 * SQLite file, to measure its disk), the worker's workflow cache bounded (BENCH_MAX_CACHED, as
 * WORKER_MAX_CACHED_WORKFLOWS does for worker/main.ts). Every case is started so that its chain day
 * 91 (the criterion changes to "employer-work") begins at the same instant shortly after the last
 * one is created: the midnight burst. The clock offset of each case (a simulation seam) makes that
 * 00:00 Stockholm come when we want it. Figures: creation rate (raw start, the API's ratio is
 * measured apart), dev-server disk and RSS, the worker process's RSS (and the read model's), seconds
 * from midnight until every case's read-model row shows the new criterion.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { addDays, chainDayStart, stockholmDateOf } from '../../domain/calendar';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { EXAMPLE_ORG_NR } from './chainScript';
import { progress, runClients } from './stats';
import { rssMiB, type BenchSystem } from './system';
import type { Report } from './report';

const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bytes of the dev server's SQLite file and its journal. */
const diskBytes = (dbFile: string): number =>
  ['', '-wal', '-shm'].reduce((sum, ext) => sum + (fs.existsSync(dbFile + ext) ? fs.statSync(dbFile + ext).size : 0), 0);

export interface ScalePoint {
  cases: number;
  perSecond: number;
  workerRssMiB: number;
  readModelRssMiB: number;
  serverRssMiB: number;
  diskMiB: number;
}

export async function benchScale(
  b: BenchSystem,
  report: Report,
  n: number,
  clients: number,
  burstLimitSeconds: number,
  cacheSize: number,
  burst = n,
): Promise<ScalePoint[]> {
  const dbFile = path.join(b.sys.dataDir, 'temporal.sqlite');
  const rssAtStart = rssMiB(b, 'worker');
  const firstSickDay = addDays(stockholmDateOf(Date.now()), -100);
  const clock = { firstSickDay, priorDays: 0 };
  const input = (offset: number): CaseWorkflowInput => ({
    opening: {
      caseId: crypto.randomUUID(),
      personKey: `bench-pk-${crypto.randomUUID()}`,
      track: 'employed',
      employer: { orgNr: EXAMPLE_ORG_NR },
      firstSickDay,
      priorDays: 0,
      previousPeriods: [],
      caseworkerId: 'hk-1',
    },
    simulation: { clockOffsetMs: offset, publishSearchAttributes: true },
  });
  // warm-up cases are on day 11, so only the scale cases can show day 91's criterion
  const count = async (criterion: string) =>
    Number(
      (
        await b.readModel
          .selectFrom('cases')
          .select(sql<number>`count(*)`.as('n'))
          .where('criterion', '=', criterion)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  // The warm-up's rates set when midnight comes: after the last case is started and has run its
  // first workflow task (its row in the read model), with a margin. The worker is slower than the starts.
  const warmStart = performance.now();
  const warm = await runClients('scale warm-up', 200, clients, () =>
    b.raw.start({ ...input(0), opening: { ...input(0).opening, firstSickDay: addDays(firstSickDay, 90) } }),
  );
  while ((await count('own-work')) < 200) await sleep(250);
  const firstTasksPerSecond = 200 / ((performance.now() - warmStart) / 1000);
  report.add({
    name: 'firstTasksPerSecond',
    value: firstTasksPerSecond,
    unit: '/s',
    what: 'new cases through their first workflow task and projection (200-case warm-up)',
  });
  const expectedSeconds = n / Math.min(warm.ms.length / warm.seconds, firstTasksPerSecond);
  // the dev server keeps real time: the cases' midnight is a moment of this clock
  const midnightLocal = Date.now() + (expectedSeconds * 1.3 + 30) * 1000;
  const offset = chainDayStart(clock, 91) - midnightLocal;
  console.log(
    `  scale: ${n} cases at ${clients} clients; expected ${expectedSeconds.toFixed(0)} s; their midnight in ${((midnightLocal - Date.now()) / 1000).toFixed(0)} s`,
  );

  const points: ScalePoint[] = [];
  const step = Math.max(100, Math.floor(n / 40));
  const ids: string[] = [];
  let started = 0;
  const t0 = performance.now();
  let lastT = t0;
  let lastN = 0;
  // `burst` of the n cases, spread evenly over the run, reach day 91 at that midnight; the others
  // are on day 11 (theirs is 80 days off), as a caseload's milestones spread over the days
  await runClients('scale creates', n, clients, async (k) => {
    const inBurst = Math.floor(((k + 1) * burst) / n) > Math.floor((k * burst) / n);
    const i = inBurst ? input(offset) : { ...input(0), opening: { ...input(0).opening, firstSickDay: addDays(firstSickDay, 90) } };
    await b.raw.start(i);
    if (inBurst && Date.now() < midnightLocal) ids.push(i.opening.caseId);
    if (++started % step === 0) {
      const now = performance.now();
      const p = {
        cases: started,
        perSecond: ((started - lastN) / (now - lastT)) * 1000,
        workerRssMiB: rssMiB(b, 'worker'),
        readModelRssMiB: rssMiB(b, 'read-model'),
        serverRssMiB: rssMiB(b, 'temporal'),
        diskMiB: diskBytes(dbFile) / MiB,
      };
      points.push(p);
      [lastT, lastN] = [now, started];
    }
  });
  const createSeconds = (performance.now() - t0) / 1000;
  report.add({
    name: 'scaleCreatesPerSecond',
    value: n / createSeconds,
    unit: '/s',
    what: `raw starts of ${n} employed cases at ${clients} clients`,
  });

  // the burst: until every case started before its midnight shows day 91's criterion in the read model
  const late = burst - ids.length;
  if (late) console.log(`  scale: ${late} cases were started after their midnight (they run day 91 at once and count in the burst)`);
  const waitMs = midnightLocal - Date.now();
  if (waitMs > 0) {
    console.log(
      `  scale: ${ids.length} cases before midnight; through their first task: ${(await count('own-work')) - 200} of ${n}; waiting ${(waitMs / 1000).toFixed(0)} s for midnight`,
    );
    await sleep(waitMs);
  }
  const burst0 = performance.now();
  let done = 0;
  let peakRss = rssMiB(b, 'worker');
  let peakServer = rssMiB(b, 'temporal');
  let peakReadModel = rssMiB(b, 'read-model');
  for (let last = -1; done < burst;) {
    await sleep(1000);
    done = await count('employer-work');
    peakRss = Math.max(peakRss, rssMiB(b, 'worker'));
    peakServer = Math.max(peakServer, rssMiB(b, 'temporal'));
    peakReadModel = Math.max(peakReadModel, rssMiB(b, 'read-model'));
    if (done !== last) progress('midnight burst', done, burst);
    last = done;
    if (performance.now() - burst0 > burstLimitSeconds * 1000) break;
  }
  const burstSeconds = (performance.now() - burst0) / 1000;
  if (done < burst) console.log(`  scale: the burst was cut off after ${burstLimitSeconds} s with ${done}/${burst} cases past midnight`);
  report.add({
    name: 'midnightBurstDone',
    value: done,
    unit: 'cases',
    what: `cases past day 91 when the burst measurement ended (of ${burst})`,
  });
  report.add({ name: 'openCases', value: n, unit: 'cases', what: `open cases on the dev server (${burst} of them in the burst)` });
  report.add({
    name: 'midnightBurstSeconds',
    value: burstSeconds,
    unit: 's',
    what: `from 00:00 until ${done} of ${burst} cases ran day 91 (criterion in the read model; 1 s polling)`,
  });
  report.add({ name: 'midnightCasesPerSecond', value: done / burstSeconds, unit: '/s', what: 'milestones run per second in the burst' });
  report.add({
    name: 'workerRssMiB',
    value: peakRss,
    unit: 'MiB',
    what: `peak RSS of the worker process (workflow cache ${cacheSize})`,
    goal: '≤ 2048',
  });
  report.add({ name: 'workerRssAtStartMiB', value: rssAtStart, unit: 'MiB', what: 'RSS of the worker process when the scale run began' });
  report.add({ name: 'readModelRssMiB', value: peakReadModel, unit: 'MiB', what: 'peak RSS of the read model process (PGlite)' });
  report.add({ name: 'devServerRssMiB', value: peakServer, unit: 'MiB', what: 'peak RSS of the dev server' });
  report.add({
    name: 'devServerDiskMiB',
    value: diskBytes(dbFile) / MiB,
    unit: 'MiB',
    what: `dev server SQLite file after ${n} cases and the burst`,
  });
  report.add({ name: 'devServerDiskKiBPerCase', value: diskBytes(dbFile) / 1024 / n, unit: 'KiB', what: 'dev server disk per case' });
  return points;
}
