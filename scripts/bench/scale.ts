/**
 * The scale run (opt-in, BENCH_CASES=N): N open employed cases on the dev server (its state in a
 * SQLite file, to measure its disk) or on the cluster (`--cluster`: Temporal Server and the read
 * model on PostgreSQL, two workers; its data directory measured), the workers' workflow cache
 * bounded (BENCH_MAX_CACHED, as WORKER_MAX_CACHED_WORKFLOWS does for worker/main.ts).
 *  1. N − B quiet cases are started (raw starts; the API's ratio is measured apart). They are on
 *     chain day 11, their next milestone days off, as most of a caseload is on any night.
 *  2. The run waits until every one has run its first workflow task (its row in the read model):
 *     the worker, not the server, sets how fast a caseload can be loaded. With a load limit
     (BENCH_LOAD_LIMIT_S) the starts stop there, and the run goes on with the cases it reached.
 *  3. B burst cases are started so that their chain day 91 (the criterion changes to
 *     "employer-work") begins at the same instant, a little after they have all run their first
 *     task: the midnight burst, with N cases open. The clock offset of each case (a simulation seam)
 *     makes that 00:00 Stockholm come when we want it.
 * Figures: creation rate, the time until every case has run its first task, dev-server disk and
 * RSS, the worker process's RSS (and the read model's), seconds from midnight until every burst
 * case's read-model row shows the new criterion. A timeline every few seconds says what each
 * process did meanwhile.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { addDays, chainDayStart, stockholmDateOf } from '../../domain/calendar';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { EXAMPLE_ORG_NR } from './chainScript';
import { progress, runClients } from './stats';
import { cpuBetween, cpuSeconds, diskBytes, postgresMiB, rssMiB, walBytes, type BenchSystem, type ProcessName } from './system';
import type { Report } from './report';

const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One sample of the timeline. */
export interface ScalePoint {
  seconds: number;
  /** cases started so far (warm-up excluded) */
  cases: number;
  /** cases through their first workflow task so far (rows in the read model, warm-up excluded) */
  firstTasks: number;
  /** starts per second since the previous sample */
  perSecond: number;
  /** first tasks per second since the previous sample */
  firstTasksPerSecond: number;
  workerRssMiB: number;
  /** the cluster's second worker */
  worker2RssMiB?: number;
  readModelRssMiB: number;
  serverRssMiB: number;
  /** the cluster's PostgreSQL, all its processes (Pss) */
  postgresMiB?: number;
  /** the dev server's SQLite file, or the cluster's PostgreSQL data directory */
  diskMiB: number;
  /** CPU of each process since the previous sample, in cores (1 = one core busy) */
  cores: Partial<Record<ProcessName, number>>;
  /** the machine's 1-minute load average (other people's processes included) */
  load1: number;
}

/** How the scale run's figures name the Temporal side: the dev server, or the cluster (server and PostgreSQL). */
const serverName = (b: BenchSystem) => (b.topology === 'cluster' ? 'cluster' : 'devServer');

export async function benchScale(
  b: BenchSystem,
  report: Report,
  n: number,
  clients: number,
  burstLimitSeconds: number,
  cacheSize: number,
  burst = n,
  loadLimitSeconds = Infinity,
): Promise<ScalePoint[]> {
  const cluster = b.topology === 'cluster';
  const rssAtStart = rssMiB(b, 'worker');
  // day 1 of the burst cases' chain is 100 days ago: with a clock offset that moves them to the eve of day 91
  const burstFirstSickDay = addDays(stockholmDateOf(Date.now()), -100);
  const quietFirstSickDay = addDays(burstFirstSickDay, 90); // day 11 today
  const input = (firstSickDay: string, clockOffsetMs = 0): CaseWorkflowInput => ({
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
    simulation: { clockOffsetMs, publishSearchAttributes: true },
  });
  const count = async (criterion?: string) =>
    Number(
      (
        await b.readModel
          .selectFrom('cases')
          .select(sql<number>`count(*)`.as('n'))
          .$if(criterion !== undefined, (q) => q.where('criterion', '=', criterion!))
          .executeTakeFirst()
      )?.n ?? 0,
    );

  const warmUp = 200;
  const warm0 = performance.now();
  await runClients('scale warm-up', warmUp, clients, () => b.raw.start(input(quietFirstSickDay)));
  while ((await count()) < warmUp) await sleep(250);
  const warmSeconds = (performance.now() - warm0) / 1000;
  console.log(`  scale: ${warmUp} warm-up cases through their first task in ${warmSeconds.toFixed(1)} s`);

  // the timeline: a sample every few seconds until the burst begins
  const points: ScalePoint[] = [];
  report.facts.scalePoints = points; // so a run stopped early (SIGINT) still writes what it reached
  const t0 = performance.now();
  let started = 0;
  let last = { t: t0, started: 0, firstTasks: 0, cpu: cpuSeconds(b) };
  const sample = async (): Promise<ScalePoint> => {
    const now = performance.now();
    const firstTasks = (await count()) - warmUp;
    const cpu = cpuSeconds(b);
    const dt = (now - last.t) / 1000;
    const cores = Object.fromEntries(Object.entries(cpuBetween(last.cpu, cpu)).map(([k, v]) => [k, (v ?? 0) / dt]));
    const p: ScalePoint = {
      seconds: (now - t0) / 1000,
      cases: started,
      firstTasks,
      perSecond: (started - last.started) / dt,
      firstTasksPerSecond: (firstTasks - last.firstTasks) / dt,
      workerRssMiB: rssMiB(b, 'worker'),
      ...(cluster ? { worker2RssMiB: rssMiB(b, 'worker-2'), postgresMiB: postgresMiB(b) } : {}),
      readModelRssMiB: rssMiB(b, 'read-model'),
      serverRssMiB: rssMiB(b, 'temporal'),
      diskMiB: diskBytes(b) / MiB,
      cores,
      load1: os.loadavg()[0]!,
    };
    points.push(p);
    last = { t: now, started, firstTasks, cpu };
    return p;
  };
  const every = Math.max(5, Math.round(n / 4000)); // seconds between samples: a few hundred points at most
  let sampling: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => (sampling = sampling.then(sample)), every * 1000);
  let firstTasksSeconds = 0;
  let quiet = n - burst;
  try {
    // 1. the quiet cases (until the load limit, if one is set)
    const creates = await runClients(
      'scale creates',
      quiet,
      clients,
      async () => {
        await b.raw.start(input(quietFirstSickDay));
        started++;
      },
      () => performance.now() - t0 > loadLimitSeconds * 1000,
    );
    if (started < quiet) {
      console.log(`  scale: the load limit (${loadLimitSeconds} s) stopped the starts at ${started} of ${quiet} quiet cases`);
      report.facts.scaleLoadLimited = { limitSeconds: loadLimitSeconds, quietStarted: started, quietPlanned: quiet };
      quiet = started;
    }
    report.add({
      name: 'scaleCreatesPerSecond',
      value: quiet / creates.seconds,
      unit: '/s',
      what: `raw starts of ${quiet} employed cases at ${clients} clients`,
    });
    // 2. until every quiet case has run its first task
    for (let done = 0; done < quiet;) {
      await sleep(1000);
      done = (await count()) - warmUp;
      progress('scale first tasks', done, quiet);
    }
    firstTasksSeconds = (performance.now() - t0) / 1000;
    report.add({
      name: 'scaleFirstTasksSeconds',
      value: firstTasksSeconds,
      unit: 's',
      what: `from the first start until all ${quiet} cases had run their first workflow task`,
    });
    report.add({
      name: 'scaleFirstTasksPerSecond',
      value: quiet / firstTasksSeconds,
      unit: '/s',
      what: 'cases through their first workflow task per second, over the whole load',
    });
  } finally {
    clearInterval(timer);
    await sampling;
  }
  await sample();
  reportCpuPerCase(report, points, quiet);

  // 3. the burst cases: their midnight comes when, at the load's pace, they have all run their first task
  const pace = quiet > 0 ? quiet / firstTasksSeconds : warmUp / warmSeconds;
  const midnightLocal = Date.now() + ((burst / pace) * 1.5 + 30) * 1000;
  const offset = chainDayStart({ firstSickDay: burstFirstSickDay, priorDays: 0 }, 91) - midnightLocal;
  console.log(`  scale: ${burst} burst cases; their midnight in ${((midnightLocal - Date.now()) / 1000).toFixed(0)} s`);
  let beforeMidnight = 0;
  await runClients('scale burst creates', burst, clients, async () => {
    await b.raw.start(input(burstFirstSickDay, offset));
    if (Date.now() < midnightLocal) beforeMidnight++;
  });
  if (beforeMidnight < burst)
    console.log(
      `  scale: ${burst - beforeMidnight} cases were started after their midnight (they run day 91 at once and count in the burst)`,
    );
  const waitMs = midnightLocal - Date.now();
  if (waitMs > 0) {
    console.log(
      `  scale: ${(await count('own-work')) - warmUp - quiet} of ${burst} burst cases through their first task; waiting ${(waitMs / 1000).toFixed(0)} s for midnight`,
    );
    await sleep(waitMs);
  }

  // 4. the burst: until every burst case shows day 91's criterion in the read model
  const burst0 = performance.now();
  let done = 0;
  let peakRss = Math.max(...points.map((p) => Math.max(p.workerRssMiB, p.worker2RssMiB ?? 0)));
  let peakServer = Math.max(...points.map((p) => p.serverRssMiB));
  let peakReadModel = Math.max(...points.map((p) => p.readModelRssMiB));
  let peakPostgres = Math.max(...points.map((p) => p.postgresMiB ?? 0));
  const loadAtMidnight = os.loadavg()[0]!;
  for (let lastDone = -1; done < burst;) {
    await sleep(1000);
    done = await count('employer-work');
    peakRss = Math.max(peakRss, rssMiB(b, 'worker'), rssMiB(b, 'worker-2'));
    peakServer = Math.max(peakServer, rssMiB(b, 'temporal'));
    peakReadModel = Math.max(peakReadModel, rssMiB(b, 'read-model'));
    if (cluster) peakPostgres = Math.max(peakPostgres, postgresMiB(b));
    if (done !== lastDone) progress('midnight burst', done, burst);
    lastDone = done;
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
  const open = quiet + burst + warmUp;
  report.facts.scaleLoadAverage = { atMidnight: loadAtMidnight, atEnd: os.loadavg()[0] };
  report.add({
    name: 'openCases',
    value: open,
    unit: 'cases',
    what: `open cases on the ${cluster ? 'cluster' : 'dev server'} (${burst} of them in the burst)`,
  });
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
    what: `peak RSS of the worker process${cluster ? ' (the larger of the two)' : ''} (workflow cache ${cacheSize})`,
    goal: '≤ 2048',
  });
  report.add({ name: 'workerRssAtStartMiB', value: rssAtStart, unit: 'MiB', what: 'RSS of the worker process when the scale run began' });
  const server = serverName(b);
  const disk = diskBytes(b);
  if (cluster) {
    report.add({ name: 'temporalServerRssMiB', value: peakServer, unit: 'MiB', what: 'peak RSS of Temporal Server' });
    report.add({
      name: 'postgresMiB',
      value: peakPostgres,
      unit: 'MiB',
      what: 'peak memory of PostgreSQL, all its processes (Pss: shared buffers counted once)',
    });
  } else {
    report.add({ name: 'readModelRssMiB', value: peakReadModel, unit: 'MiB', what: 'peak RSS of the read model process (PGlite)' });
    report.add({ name: 'devServerRssMiB', value: peakServer, unit: 'MiB', what: 'peak RSS of the dev server' });
  }
  const where = cluster ? 'PostgreSQL data directory (Temporal, its visibility, the read model, WAL)' : 'dev server SQLite file';
  if (cluster)
    report.add({
      name: 'clusterWalMiB',
      value: walBytes(b) / MiB,
      unit: 'MiB',
      what: 'of which the write-ahead log (pg_wal: recycled, bounded by max_wal_size)',
    });
  report.add({ name: `${server}DiskMiB`, value: disk / MiB, unit: 'MiB', what: `${where} after ${open} cases and the burst` });
  report.add({
    name: `${server}DiskKiBPerCase`,
    value: disk / 1024 / open,
    unit: 'KiB',
    what: `${cluster ? 'cluster' : 'dev server'} disk per case`,
  });
  return points;
}

/**
 * CPU per loaded case (its start and first task), by process, over the load's timeline: the
 * figure that does not move with the machine's other load, as the rates do.
 */
function reportCpuPerCase(report: Report, points: ScalePoint[], cases: number): void {
  const seconds: Record<string, number> = {};
  points.forEach((p, i) => {
    const dt = p.seconds - (points[i - 1]?.seconds ?? 0);
    for (const [k, v] of Object.entries(p.cores)) seconds[k] = (seconds[k] ?? 0) + (v ?? 0) * dt;
  });
  const ms = Object.entries(seconds).map(([k, v]) => [k, (v * 1000) / Math.max(1, cases)] as const);
  report.add({
    name: 'scaleCpuMsPerCase',
    value: ms.reduce((a, [, v]) => a + v, 0),
    unit: 'ms',
    what: `CPU per loaded case (start and first task), all processes (${ms
      .filter(([, v]) => v >= 0.05)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')})`,
  });
}
