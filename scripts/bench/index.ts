/**
 * `npm run bench [-- --json FILE] [--charts DIR] [--cluster]`: speed, memory and scale, each figure printed
 * with its raw-Temporal baseline and the ratio (never asserted in tests: the machines are shared
 * and noisy). One file per measurement in this folder:
 *  - rules.ts: the pure rules, a 400-day case;
 *  - longCase.ts: 400-day cases on the time-skipping server (history events, simulated days/s);
 *  - creates.ts, createSteps.ts, commands.ts: the API (over HTTP, its own process, as `npm start`
 *    runs it: system.ts) against raw workflow.start / executeUpdate / query on the same dev server,
 *    at 8 and 32 clients; creation also through an HTTP endpoint that only starts (floorServer.ts);
 *    CPU per creation by process; history events per accepted command;
 *  - workers.ts: two worker processes on one task queue against one;
 *  - scale.ts (opt-in, BENCH_CASES=N): N open cases, disk, RSS with a bounded workflow cache and
 *    the midnight burst;
 *  - pages.ts (alone, `--pages`): the work list, a case page and the dashboard at 16 users over a
 *    national caseload in the read model.
 * --cluster: the API's ratios and the scale run on the production topology (`npm run start:cluster`:
 * Temporal Server and the read model on PostgreSQL, two workers; system.ts), the raw baselines on
 * the same cluster; the rules, the 400-day cases and the read model are the dev run's alone.
 * Ctrl-C (or SIGTERM) writes the JSON of what was measured so far (a scale run stopped early).
 * Charts (SVG) go to docs/bench/ unless --charts says otherwise (prefixed `cluster-` for --cluster). `npm run bench:read-model`
 * measures the read model at 200,000 cases apart.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchCommands, benchHistoryPerCommand, type ClientRun } from './commands';
import { benchCreates } from './creates';
import { benchCreateSteps } from './createSteps';
import { benchLongCases } from './longCase';
import { loadConfig } from '../../platform/config';
import { Report } from './report';
import { benchRules } from './rules';
import { benchScale, type ScalePoint } from './scale';
import { cdfChart, lineChart, ratioChart, writeChart } from './svg';
import { startBenchSystem } from './system';
import { benchWorkers } from './workers';
import { benchReadModel, reportReadModel } from './readModel';
import { benchPages } from './pages';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    charts: { type: 'string', default: 'docs/bench' },
    'scale-only': { type: 'boolean', default: false },
    pages: { type: 'boolean', default: false },
    cluster: { type: 'boolean', default: false },
    // one part of the API-against-raw run alone: `creates` (the three create paths and their steps) or
    // `commands` (commands and reads at 8 and 32 clients, history events per command)
    only: { type: 'string' },
  },
});
const only = values.only as 'creates' | 'commands' | undefined;
if (only !== undefined && only !== 'creates' && only !== 'commands') throw new Error(`--only creates|commands, not ${only}`);
const topology = values.cluster ? 'cluster' : 'dev';
/** A chart's file name: the cluster's charts beside the dev server's, not over them. */
const chartName = (name: string) => (values.cluster ? `cluster-${name}` : name);
const report = new Report();
/** The machine's load average now (other people's processes included), kept in the facts under `when`. */
function noteLoad(when: string): void {
  const [load1, load5, load15] = os.loadavg();
  ((report.facts.loadAverage ??= {}) as Record<string, unknown>)[when] = { load1, load5, load15, at: new Date().toISOString() };
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  Object.assign(report.facts, { machine, date: new Date().toISOString(), topology });
  console.log(`bench on ${machine}, topology ${topology}`);
  noteLoad('start');
  const charts = values.charts!;
  try {
    // --pages: the web pages under load alone (pages.ts)
    if (values.pages) return await benchPagesRun(report);
    // --scale-only: the scale run in a fresh process, so its RSS is the scale run's alone
    if (!values['scale-only']) await benchAgainstRaw(report, charts);
    if (only) return;
    await benchScaleRun(report, charts);
    if (!values['scale-only'] && !values.cluster) await benchReadModelRun(report);
    console.log(`charts in ${charts}/`);
  } finally {
    // what was measured is kept even when a later part fails
    noteLoad('end');
    if (values.json) report.write(values.json);
  }
}

async function benchAgainstRaw(report: Report, charts: string): Promise<void> {
  if (!values.cluster && !only) {
    console.log('rules and long cases:');
    benchRules(report);
    await benchLongCases(report, env('BENCH_LONG_CASES', 20));
  }

  console.log(`API against raw Temporal on the same ${values.cluster ? 'cluster' : 'dev server'}:`);
  noteLoad('againstRawStart');
  const b = await startBenchSystem({ topology });
  const runs: ClientRun[] = [];
  try {
    // BENCH_CREATES=0: the command and read ratios without the creates
    const createCount = only === 'commands' ? 0 : env('BENCH_CREATES', 600);
    const createClients = env('BENCH_CREATE_CLIENTS', 8);
    const creates = createCount > 0 ? await benchCreates(b, report, createCount, createClients) : undefined;
    if (creates) await benchCreateSteps(b, report);
    if (only !== 'creates') {
      for (const clients of [8, 32]) runs.push(await benchCommands(b, report, clients, Math.ceil(env('BENCH_COMMANDS', 480) / clients)));
      await benchHistoryPerCommand(b, report);
    }
    if (!only) await benchWorkers(b, report);
    if (creates)
      writeChart(
        charts,
        chartName('creates.svg'),
        cdfChart(`Case creation latency, ${createClients} clients (CDF)`, [
          { name: 'API POST /cases', ms: creates.api.ms },
          { name: 'HTTP floor (start only)', ms: creates.floor.ms },
          { name: 'raw workflow.start', ms: creates.raw.ms },
        ]),
      );
    for (const r of runs) {
      writeChart(
        charts,
        chartName(`commands-${r.clients}.svg`),
        cdfChart(`Command latency, ${r.clients} clients (CDF)`, [
          { name: 'API command', ms: r.apiCommand.ms },
          { name: 'raw executeUpdate', ms: r.rawCommand.ms },
          { name: 'API GET /cases/{id}', ms: r.apiRead.ms },
          { name: 'raw query', ms: r.rawRead.ms },
        ]),
      );
    }
    if (only) return; // the ratio chart is of a whole run
    const goal = (name: string) => (name.startsWith('create') ? 0.9 : name.includes('P99') ? 1.5 : undefined);
    writeChart(
      charts,
      chartName('ratios.svg'),
      ratioChart(
        'API ÷ raw Temporal (creates: rate; commands, reads: p99)',
        report.figures
          .filter((f) => f.baseline !== undefined)
          .map((f) => ({ name: f.name.replace('Ratio', ''), value: f.value, ...(goal(f.name) ? { goal: goal(f.name)! } : {}) })),
      ),
    );
  } finally {
    noteLoad('againstRawEnd');
    await b.stop();
  }
}

async function benchScaleRun(report: Report, charts: string): Promise<void> {
  const scaleCases = env('BENCH_CASES', 0);
  if (scaleCases > 0) {
    console.log(`scale (BENCH_CASES=${scaleCases}):`);
    const cache = env('BENCH_MAX_CACHED', loadConfig().WORKER_MAX_CACHED_WORKFLOWS);
    // a bulk load, with the poller share docs/performance.md recommends for one
    const s = await startBenchSystem({ topology, maxCachedWorkflows: cache, nonStickyPollRatio: env('BENCH_NON_STICKY_POLL_RATIO', 1) });
    noteLoad('scaleStart');
    try {
      const points = await benchScale(
        s,
        report,
        scaleCases,
        env('BENCH_SCALE_CLIENTS', 16),
        env('BENCH_BURST_LIMIT_S', 1800),
        cache,
        env('BENCH_BURST_CASES', scaleCases),
        env('BENCH_LOAD_LIMIT_S', Infinity),
      );
      const at = (f: (p: ScalePoint) => number | undefined) => points.map((p): [number, number] => [p.seconds, f(p) ?? 0]);
      const server = values.cluster ? 'Temporal Server' : 'dev server';
      const cluster = values.cluster
        ? {
            memory: [
              { name: 'worker 2 RSS MiB', points: at((p) => p.worker2RssMiB) },
              { name: 'PostgreSQL MiB (Pss)', points: at((p) => p.postgresMiB) },
            ],
            cpu: [
              { name: 'worker 2 CPU %', points: at((p) => (p.cores['worker-2'] ?? 0) * 100) },
              { name: 'PostgreSQL CPU %', points: at((p) => (p.cores.postgresql ?? 0) * 100) },
            ],
          }
        : { memory: [{ name: 'read model RSS MiB', points: at((p) => p.readModelRssMiB) }], cpu: [] };
      writeChart(
        charts,
        chartName('scale.svg'),
        lineChart(`Scale run: ${scaleCases} cases, workflow cache ${cache}: memory and disk`, 'seconds', [
          { name: 'worker RSS MiB', points: at((p) => p.workerRssMiB) },
          ...cluster.memory,
          { name: `${server} RSS MiB`, points: at((p) => p.serverRssMiB) },
          { name: `${values.cluster ? 'PostgreSQL' : 'dev server'} disk MiB`, points: at((p) => p.diskMiB) },
        ]),
      );
      writeChart(
        charts,
        chartName('scale-pace.svg'),
        lineChart(`Scale run: ${scaleCases} cases: pace and CPU (% of one core)`, 'seconds', [
          { name: 'starts/s', points: at((p) => p.perSecond) },
          { name: 'first tasks/s', points: at((p) => p.firstTasksPerSecond) },
          { name: `${server} CPU %`, points: at((p) => (p.cores.temporal ?? 0) * 100) },
          { name: 'worker CPU %', points: at((p) => (p.cores.worker ?? 0) * 100) },
          ...cluster.cpu,
          ...(values.cluster ? [] : [{ name: 'read model CPU %', points: at((p) => (p.cores['read-model'] ?? 0) * 100) }]),
        ]),
      );
    } finally {
      noteLoad('scaleEnd');
      await s.stop();
    }
  }
}

// Ctrl-C or a kill: write what was measured so far (a scale run stopped early says what it
// reached: its timeline is in the facts), then leave through 'exit', where the harness stops every
// process it started (Node's default for a signal exits without it, and the services would outlive the bench)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    report.facts.stoppedBy = signal;
    noteLoad('stopped');
    if (values.json) report.write(values.json);
    process.exit(130);
  });

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** The read model at scale (./readModel.ts), on PostgreSQL and PGlite: BENCH_READ_MODEL_CASES cases (default 20,000 here). */
async function benchReadModelRun(report: Report): Promise<void> {
  console.log('read model at scale:');
  reportReadModel(report, await benchReadModel((line) => console.log(line)));
}

/** The web app's pages at 16 users over a national caseload (./pages.ts). */
async function benchPagesRun(report: Report): Promise<void> {
  if (values.cluster) throw new Error('--pages runs on the dev server only');
  console.log('pages under load:');
  const [load1, load5, load15] = os.loadavg();
  report.facts.pagesLoadAverageBefore = { load1, load5, load15 };
  await benchPages(report);
  const [after1, after5, after15] = os.loadavg();
  report.facts.pagesLoadAverageAfter = { load1: after1, load5: after5, load15: after15 };
}
