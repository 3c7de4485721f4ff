/**
 * The read model at national scale (`npm run bench:read-model`, also part of `npm run bench`):
 * seeds a synthetic caseload (default 200,000 cases, ~26 timeline events each; BENCH_READ_MODEL_CASES
 * to change) into real PostgreSQL (when installed) and into the embedded PGlite, then times a
 * work-list page, a task list, a person search and the statistics for one month and one year.
 * Figures are printed, never asserted. Goal on 2 cores with PostgreSQL: list/search p95 ≤ 50 ms,
 * statistics ≤ 1 s.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { postgresBinDir, startPostgres } from '../../readModel/postgresServer';
import { projectionOf } from '../../readModel/projection';
import { casesOfPerson, listCases, listTasks } from '../../readModel/queries';
import { readModelStats } from '../../readModel/stats';
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
  statsMonthMs: number;
  statsYearMs: number;
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
async function seed(db: ReadModelDb, total: number, progress: (done: number) => void): Promise<number> {
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
  // a steady state, as autovacuum leaves it: statistics gathered and the visibility map set (index-only scans)
  await sql`vacuum analyze`.execute(db);
  return events;
}

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
    const events = await seed(db, total, (done) => {
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
    const m0 = performance.now();
    await readModelStats(db, { from: '2026-10-01', to: '2026-10-31', today: TODAY });
    const statsMonthMs = performance.now() - m0;
    const y0 = performance.now();
    await readModelStats(db, { from: '2025-11-24', to: TODAY, today: TODAY });
    const statsYearMs = performance.now() - y0;
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
        `person search p95 ${f.personSearchP95Ms.toFixed(1)} ms (goal ≤ 50), stats month ${f.statsMonthMs.toFixed(0)} ms, year ${f.statsYearMs.toFixed(0)} ms (goal ≤ 1000)`,
    );
  }
  return figures;
}

if (require.main === module) {
  benchReadModel().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
