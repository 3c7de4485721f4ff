/**
 * The read model at national scale (`npm run bench:read-model`, also part of `npm run bench`):
 * seeds a synthetic caseload (default 200,000 cases, ~26 timeline events each; BENCH_READ_MODEL_CASES
 * to change) into real PostgreSQL (when installed) and into the embedded PGlite, then times a
 * work-list page, a task list, a person search and the statistics for one month and one year.
 * Figures are printed, never asserted. Goal on 2 cores with PostgreSQL: list/search p95 ≤ 50 ms,
 * statistics ≤ 1 s. `-- --json FILE` writes the figures as JSON (`statsYearMsPostgres`, …).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Report } from './report';
import { sql, type Kysely } from 'kysely';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { postgresBinDir, startPostgres } from '../../readModel/postgresServer';
import { projectionOf } from '../../readModel/projection';
import { casesOfPerson, listCases, listTasks } from '../../readModel/queries';
import { eventGroups, readModelStats } from '../../readModel/stats';
import { fillTeamRollupSql } from '../../readModel/teamRollup';
import { fillCaseCounts } from '../../readModel/caseRollup';
import { rolledUpSql, rollupKeySql } from '../../readModel/rollup';
import { syntheticCase } from '../../readModel/syntheticCaseload';
import { caseRow, eventRows, taskRows } from '../../readModel/write';
import type { CaseProjection } from '../../readModel/types';

const TODAY = '2026-11-23';
/** distinct synthetic cases; the caseload repeats them under other IDs, person keys and teams */
const DISTINCT = 4000;
const TEAMS = 40;

export interface ReadModelFigures {
  backend: string;
  cases: number;
  events: number;
  seedSeconds: number;
  seedCasesPerSecond: number;
  workListP95Ms: number;
  taskListP95Ms: number;
  personSearchP95Ms: number;
  /** three runs each, in order (the first may read cold pages) */
  statsMonthMs: number[];
  statsYearMs: number[];
  /** the event part of a year's statistics, three runs each: from the roll-up, and counted from the events */
  statsYearEventsFromRollupMs: number[];
  statsYearEventsFromEventsMs: number[];
  databaseMiB: number;
}

function template(n: number): CaseProjection[] {
  return Array.from({ length: n }, (_, i) =>
    projectionOf(syntheticCase(i, { today: TODAY, teams: TEAMS }), { version: 1, projectedEvents: 0, stuck: false }),
  );
}

function variant(p: CaseProjection, copy: number, i: number): CaseProjection {
  const team = `team-${(i + copy) % TEAMS}`;
  return {
    ...p,
    summary: {
      ...p.summary,
      caseId: `${p.summary.caseId}-${copy}`,
      personKey: `${p.summary.personKey}${copy.toString(16).padStart(4, '0')}`,
      team,
      ...(p.summary.caseworkerId ? { caseworkerId: `${team}-${p.summary.caseworkerId}` } : {}),
    },
  };
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Bulk seeding of a fresh database (the production path, writeProjection, goes one case at a time). */
export async function seedSynthetic(db: ReadModelDb, total: number, progress: (done: number) => void): Promise<number> {
  const base = template(Math.min(DISTINCT, total));
  let events = 0;
  const batch = 2000;
  for (let start = 0; start < total; start += batch) {
    const ps = Array.from({ length: Math.min(batch, total - start) }, (_, k) => {
      const i = start + k;
      return variant(base[i % base.length]!, Math.floor(i / base.length), i);
    });
    await insertChunked(ps.map(caseRow), 1000, (chunk) => db.insertInto('cases').values(chunk).execute());
    await insertChunked(ps.flatMap(taskRows), 5000, (chunk) => db.insertInto('tasks').values(chunk).execute());
    const evs = ps.flatMap(eventRows);
    events += evs.length;
    await insertChunked(evs, 8000, (chunk) => db.insertInto('timeline_events').values(chunk).execute());
    progress(start + ps.length);
  }
  // the roll-up, as writeProjection keeps it with the events (readModel/rollup.ts)
  const key = rollupKeySql('ne');
  await sql`insert into event_counts (date, type, subject, value, variant, n)
    select date, type, coalesce(subject, ''), ${key.value}, ${key.variant}, count(*) from timeline_events as ne
    where ${rolledUpSql('ne')} group by 1, 2, 3, 4, 5`.execute(db);
  await fillTeamRollupSql().execute(db);
  await fillCaseCounts(db as unknown as Kysely<unknown>);
  // a steady state, as autovacuum leaves it: statistics gathered and the visibility map set (index-only scans)
  await sql`vacuum analyze`.execute(db);
  return events;
}

const runs = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' / ');
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)]!;

async function timeEach(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function measure(backend: string, url: string, total: number, log: (line: string) => void): Promise<ReadModelFigures> {
  const db = await openReadModel({ url });
  try {
    const t0 = performance.now();
    let lastPrint = 0;
    const events = await seedSynthetic(db, total, (done) => {
      if (performance.now() - lastPrint > 5000 || done === total) {
        lastPrint = performance.now();
        log(`  ${backend}: seeded ${done}/${total} cases (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    const work = await timeEach(40, (i) =>
      listCases(db, { status: 'open', caseworker: `team-${i % TEAMS}-hk-${i % TEAMS}-${i % 10}`, limit: 50 }),
    );
    const tasks = await timeEach(40, (i) => listTasks(db, { team: `team-${i % TEAMS}`, overdue: i % 2 === 0, limit: 50 }));
    const persons = await timeEach(40, (i) => casesOfPerson(db, `${(i * 2654435761).toString(16).padStart(16, '0')}0000`));
    const month = { from: '2026-10-01', to: '2026-10-31', today: TODAY };
    const year = { from: '2025-11-24', to: TODAY, today: TODAY };
    const statsMonthMs = await timeEach(3, () => readModelStats(db, month));
    const statsYearMs = await timeEach(3, () => readModelStats(db, year));
    const statsYearEventsFromRollupMs = await timeEach(3, () => eventGroups(db, year, false));
    const statsYearEventsFromEventsMs = await timeEach(3, () => eventGroups(db, year, true));
    const size = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
    return {
      backend,
      cases: total,
      events,
      seedSeconds,
      seedCasesPerSecond: total / seedSeconds,
      workListP95Ms: p95(work),
      taskListP95Ms: p95(tasks),
      personSearchP95Ms: p95(persons),
      statsMonthMs,
      statsYearMs,
      statsYearEventsFromRollupMs,
      statsYearEventsFromEventsMs,
      databaseMiB: Number(size.rows[0]?.bytes ?? 0) / 2 ** 20,
    };
  } finally {
    await db.destroy();
  }
}

export async function benchReadModel(log: (line: string) => void = console.log): Promise<ReadModelFigures[]> {
  const total = Number(process.env.BENCH_READ_MODEL_CASES ?? (require.main === module ? 200_000 : 20_000));
  const figures: ReadModelFigures[] = [];
  const binDir = postgresBinDir();
  if (binDir) {
    const pg = await startPostgres(binDir);
    try {
      figures.push(await measure('PostgreSQL', pg.url, total, log));
    } finally {
      pg.stop();
    }
  } else log('  (no PostgreSQL binaries on this machine: PGlite only)');
  if (process.env.BENCH_READ_MODEL_PGLITE !== 'false') {
    const lite = await startEmbeddedReadModel();
    try {
      figures.push(await measure('PGlite', lite.url, total, log));
    } finally {
      await lite.stop();
    }
  }
  for (const f of figures) {
    log(
      `read model on ${f.backend}: ${f.cases} cases, ${f.events} events seeded in ${f.seedSeconds.toFixed(1)} s (${f.seedCasesPerSecond.toFixed(0)} cases/s), ` +
        `${f.databaseMiB.toFixed(0)} MiB; work list p95 ${f.workListP95Ms.toFixed(1)} ms, task list p95 ${f.taskListP95Ms.toFixed(1)} ms, ` +
        `person search p95 ${f.personSearchP95Ms.toFixed(1)} ms (goal ≤ 50), stats month ${runs(f.statsMonthMs)} ms, year ${runs(f.statsYearMs)} ms (goal ≤ 1000); ` +
        `a year's event figures from the roll-up ${runs(f.statsYearEventsFromRollupMs)} ms, from the events ${runs(f.statsYearEventsFromEventsMs)} ms`,
    );
  }
  return figures;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The figures under their JSON names (`statsYearMsPostgres`, …; the statistics: the median of three runs). */
export function reportReadModel(report: Report, figures: ReadModelFigures[]): void {
  const [load1, load5, load15] = os.loadavg();
  report.facts.readModelLoadAverage = { load1, load5, load15 };
  for (const f of figures) {
    const b = f.backend === 'PostgreSQL' ? 'Postgres' : 'Pglite';
    const of = `${f.backend}, ${f.cases} cases`;
    report.add({ name: 'cases', value: f.cases, unit: 'cases', what: 'cases in the read model' });
    report.add({ name: `seedCasesPerSecond${b}`, value: f.seedCasesPerSecond, unit: 'cases/s', what: `seeding, ${of}` });
    report.add({ name: `workListP95Ms${b}`, value: f.workListP95Ms, unit: 'ms', what: `work list page p95, ${of}`, goal: '≤ 50' });
    report.add({ name: `taskListP95Ms${b}`, value: f.taskListP95Ms, unit: 'ms', what: `task list page p95, ${of}`, goal: '≤ 50' });
    report.add({ name: `personSearchP95Ms${b}`, value: f.personSearchP95Ms, unit: 'ms', what: `person search p95, ${of}`, goal: '≤ 50' });
    report.add({
      name: `statsMonthMs${b}`,
      value: median(f.statsMonthMs),
      unit: 'ms',
      what: `statistics for a month (median of 3), ${of}`,
    });
    report.add({
      name: `statsYearMs${b}`,
      value: median(f.statsYearMs),
      unit: 'ms',
      what: `statistics for a year (median of 3), ${of}`,
      goal: '≤ 1000',
    });
    report.ratio(
      `statsYearEventsRollupRatio${b}`,
      median(f.statsYearEventsFromRollupMs),
      median(f.statsYearEventsFromEventsMs),
      `a year's event figures: from the roll-up ÷ counted from the events (ms, same run), ${of}`,
      undefined,
      'events',
    );
    report.facts[`readModel${b}`] = f;
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { json: { type: 'string' } } });
  benchReadModel()
    .then((figures) => {
      const report = new Report();
      reportReadModel(report, figures);
      if (values.json) report.write(values.json);
    })
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
}
