/**
 * The statistics' roll-up (readModel/rollup.ts) against a direct computation over the event rows:
 * a varied synthetic caseload is projected the way the workflows project it (a few events at a
 * time, some projections retried or replayed), then, for many periods, the figures GET /stats
 * answers from the roll-up must equal the same figures counted straight from timeline_events
 * (plain SQL here, independent of the roll-up's code), for the whole caseload and for each team,
 * with cases reassigned between teams on the way and, last, some purged. The case roll-up
 * (readModel/caseRollup.ts) likewise against the case and task rows: the case figures of GET /stats
 * and the caseload per caseworker. The migrations that fill the roll-ups from what is already
 * projected must give the same counters. Exactness only, never timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { CaseState } from '../../domain/caseMachine';
import { policyOn } from '../../domain/rulebook';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { migrateToLatest, migrations } from '../../readModel/migrations';
import { postgresBinDir, startPostgres } from '../../readModel/postgresServer';
import { projectionOf } from '../../readModel/projection';
import { meetingsHeldByMonth, readModelStats } from '../../readModel/stats';
import { caseloadByCaseworker } from '../../readModel/caseRollup';
import { purgeCase, type DueCase } from '../../readModel/purge';
import { seededRandom, syntheticCase } from '../../readModel/syntheticCaseload';
import { writeProjection } from '../../readModel/write';

const TODAYS = ['2026-11-23', '2026-03-02'];
/** where a reassignment takes a case: the caseload's teams, one only reassignment reaches, and none */
const TEAMS = ['team-0', 'team-1', 'team-2', 'team-9', undefined];
const caseload: CaseState[] = TODAYS.flatMap((today, k) =>
  Array.from({ length: 150 }, (_, i) => syntheticCase(k * 1000 + i, { today, teams: 3, caseworkersPerTeam: 2 })),
);

/** The figures that come from events, counted straight from the event rows (as stats.ts did before the roll-up). */
async function direct(db: ReadModelDb, from: string, to: string, team?: string) {
  const policy = policyOn(to);
  const planDay = policy.plan?.requestDay ?? 30;
  const { normal, extended } = policy.afuReportDays;
  const where = sql`e.date between ${from}::date and ${to}::date ${team ? sql`and c.team = ${team}` : sql``}`;
  const rows = async <T>(q: ReturnType<typeof sql>) => (await q.execute(db)).rows as T[];
  const counts = async (type: string) =>
    Object.fromEntries(
      (
        await rows<{ subject: string; n: number }>(sql`select e.subject, count(*) as n from timeline_events e join cases c using (case_id)
          where ${where} and e.type = ${type} and e.subject is not null group by e.subject`)
      ).map((r) => [r.subject, Number(r.n)]),
    );
  const [plans] = await rows<Record<string, number>>(sql`select count(*) as received,
      count(*) filter (where e.attrs->>'via' = 'oral') as oral, count(*) filter (where e.day <= ${planDay}) as by30
    from timeline_events e join cases c using (case_id) where ${where}
      and ((e.type = 'agency.responded' and e.subject = 'return-to-work-plan') or (e.type = 'command.recorded' and e.subject = 'register-plan'))`);
  const [afu] = await rows<Record<string, number | null>>(sql`select count(*) as reported,
      count(*) filter (where (e.attrs->>'turnaroundDays')::int <= ${normal}) as w5,
      count(*) filter (where (e.attrs->>'turnaroundDays')::int > ${normal} and (e.attrs->>'turnaroundDays')::int <= ${extended}) as w9,
      count(*) filter (where (e.attrs->>'turnaroundDays')::int > ${extended}) as later,
      percentile_cont(0.5) within group (order by (e.attrs->>'turnaroundDays')::int) as median
    from timeline_events e join cases c using (case_id) where ${where} and e.type = 'agency.responded' and e.subject = 'afu'`);
  const [back] = await rows<
    Record<string, number | null>
  >(sql`select count(*) as n, percentile_cont(0.5) within group (order by e.day) as median
    from timeline_events e join cases c using (case_id) where ${where} and e.type = 'case.closed' and e.subject = 'returned-to-work'`);
  const requested = await counts('agency.requested');
  const received = Number(plans!.received);
  return {
    meetingsHeld: await counts('meeting.held'),
    meetingsScheduled: await counts('meeting.scheduled'),
    plans: {
      requested: requested['return-to-work-plan'] ?? 0,
      received,
      receivedByForm: received - Number(plans!.oral),
      receivedOrally: Number(plans!.oral),
      receivedByDay30: Number(plans!.by30),
    },
    afu: {
      ordered: requested.afu ?? 0,
      reported: Number(afu!.reported),
      within5Weeks: Number(afu!.w5),
      within9Weeks: Number(afu!.w9),
      later: Number(afu!.later),
      medianTurnaroundDays: afu!.median === null ? null : Number(afu!.median),
    },
    returnedToWork: { count: Number(back!.n), medianDaysToReturn: back!.median === null ? null : Number(back!.median) },
  };
}

/** The case figures and the caseload per caseworker, counted straight from the case and task rows (as stats.ts did before the case roll-up). */
async function directCases(db: ReadModelDb, from: string, to: string, today: string, team?: string) {
  const of = team ? sql`and team = ${team}` : sql``;
  const rows = async <T>(q: ReturnType<typeof sql>) => (await q.execute(db)).rows as T[];
  const [open] = await rows<{ n: number }>(sql`select count(*) as n from cases
    where opened_on <= ${to}::date and (closed_on is null or closed_on >= ${from}::date) ${of}`);
  const [overdue] = await rows<{ n: number }>(sql`select count(*) as n from tasks where overdue ${of}`);
  const byCriterion = await rows<{ criterion: string; n: number }>(sql`select criterion, count(*) as n from cases
    where status = 'open' ${of} group by 1`);
  const day181 = await rows<{ exception: string | null; stayed: boolean; n: number }>(sql`select exception,
      exception is not null and exception_on <= ${to}::date as stayed, count(*) as n from cases
    where day181_on between ${from}::date and ${to}::date and day181_on <= coalesce(closed_on, ${today}::date) ${of} group by 1, 2`);
  const byException: Record<string, number> = {};
  for (const r of day181) if (r.stayed && r.exception) byException[r.exception] = (byException[r.exception] ?? 0) + Number(r.n);
  const load = await rows<{ c: string | null; n: number; overdue: number; stuck: number }>(sql`select caseworker_id as c, count(*) as n,
      sum(overdue_tasks) as overdue, count(*) filter (where stuck) as stuck from cases
    where status = 'open' ${of} group by 1 order by coalesce(caseworker_id, '')`);
  return {
    figures: {
      cases: Number(open!.n),
      overdueTasksOpen: Number(overdue!.n),
      casesByCriterion: Object.fromEntries(byCriterion.map((r) => [r.criterion, Number(r.n)])),
      day181: { reached: day181.reduce((n, r) => n + Number(r.n), 0), byException },
    },
    load: load.map((r) => ({ caseworkerId: r.c, openCases: Number(r.n), overdueTasks: Number(r.overdue), stuckCases: Number(r.stuck) })),
  };
}

const PERIODS: [string, string][] = [
  ['2024-01-01', '2026-12-31'],
  ['2025-11-24', '2026-11-23'],
  ['2025-03-03', '2026-03-02'],
  ['2026-03-02', '2026-03-02'],
  ...Array.from({ length: 24 }, (_, m): [string, string] => [
    new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 10),
    new Date(Date.UTC(2025, m + 1, 0)).toISOString().slice(0, 10),
  ]),
];

const counters = async (db: ReadModelDb) =>
  (await sql`select date, type, subject, value, variant, n from event_counts order by 1, 2, 3, 4, 5`.execute(db)).rows;

const binDir = postgresBinDir();
const backends: { name: string; start: () => Promise<{ url: string; stop: () => Promise<void> | void }> }[] = [
  { name: 'PGlite', start: () => startEmbeddedReadModel() },
  ...(binDir ? [{ name: 'PostgreSQL', start: () => startPostgres(binDir) }] : []),
];

describe.each(backends)('statistics roll-up on $name', ({ start }) => {
  let server: { url: string; stop: () => Promise<void> | void };
  let db: ReadModelDb;

  beforeAll(async () => {
    server = await start();
    db = await openReadModel({ url: server.url });
    const rnd = seededRandom(28);
    const stuckNow = seededRandom(29);
    for (const s of caseload) {
      // projected a few events at a time, as a case's commands and timers project it; now and then a
      // projection arrives twice (a retried local activity) or from the start again (a replay); a
      // third of the cases are reassigned on the way, once or twice, to another team (one reached
      // only so), to the same team, or to none
      let done = 0;
      let version = 0;
      let team = s.team;
      const moves = rnd() < 0.35 ? [Math.floor(rnd() * s.timeline.length), Math.floor(rnd() * s.timeline.length * 2)] : [];
      while (done < s.timeline.length) {
        const upto = Math.min(s.timeline.length, done + 1 + Math.floor(rnd() * 8));
        if (moves.some((m) => m >= done && m < upto)) team = TEAMS[Math.floor(rnd() * TEAMS.length)];
        const partial: CaseState = { ...s, team, timeline: s.timeline.slice(0, upto) };
        const p = projectionOf(partial, { version: ++version, projectedEvents: done, stuck: stuckNow() < 0.2 });
        await writeProjection(db, p);
        if (rnd() < 0.15) await writeProjection(db, p);
        if (rnd() < 0.05) await writeProjection(db, projectionOf(partial, { version, projectedEvents: 0, stuck: false }));
        done = upto;
      }
    }
  }, 240_000);
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  it('answers every period exactly as the event rows do', async () => {
    let nonEmpty = 0;
    for (const [from, to] of PERIODS) {
      const got = await readModelStats(db, { from, to, today: TODAYS[0]! });
      const want = await direct(db, from, to);
      expect({ ...got, cases: 0, day181: null, overdueTasksOpen: 0, casesByCriterion: {} }).toEqual({
        from,
        to,
        ...want,
        cases: 0,
        day181: null,
        overdueTasksOpen: 0,
        casesByCriterion: {},
      });
      if (want.afu.reported && want.returnedToWork.count && want.plans.receivedOrally) nonEmpty++;
    }
    // the caseload exercises the medians, the AFU weeks and the oral plans, not only empty periods
    expect(nonEmpty).toBeGreaterThan(5);
  });

  const onlyEventFigures = (got: Awaited<ReturnType<typeof readModelStats>>) => ({
    ...got,
    cases: 0,
    day181: null,
    overdueTasksOpen: 0,
    casesByCriterion: {},
  });

  it('answers every team (from the team roll-up, through reassignments) as the event rows do', async () => {
    const moved = await sql<{ n: number }>`select count(*) as n from cases where team = 'team-9' or team is null`.execute(db);
    expect(Number(moved.rows[0]!.n)).toBeGreaterThan(5);
    for (const team of ['team-0', 'team-1', 'team-2', 'team-9']) {
      for (const [from, to] of PERIODS.slice(0, 10)) {
        const got = await readModelStats(db, { from, to, today: TODAYS[0]!, team });
        expect(onlyEventFigures(got)).toEqual({ ...onlyEventFigures(got), ...(await direct(db, from, to, team)) });
        expect(Object.values(got.meetingsHeld)).not.toContain(0);
      }
    }
  });

  /** The case roll-up's figures and caseload, for the whole caseload and each team, equal to the case rows'. */
  const expectCaseFiguresExact = async (periods: [string, string][]) => {
    let stuck = 0;
    let exceptions = 0;
    for (const team of [undefined, 'team-0', 'team-1', 'team-2', 'team-9'])
      for (const today of TODAYS)
        for (const [from, to] of periods) {
          const want = await directCases(db, from, to, today, team);
          const got = await readModelStats(db, { from, to, today, ...(team ? { team } : {}) });
          const { day181 } = got;
          expect({
            cases: got.cases,
            overdueTasksOpen: got.overdueTasksOpen,
            casesByCriterion: got.casesByCriterion,
            day181: { reached: day181.reached, byException: day181.byException },
          }).toEqual(want.figures);
          exceptions += Object.keys(day181.byException).length;
          const load = await caseloadByCaseworker(db, team);
          expect(load).toEqual(want.load);
          stuck += load.reduce((n, r) => n + r.stuckCases, 0);
        }
    // the caseload exercises the stuck cases and the day-181 exceptions, not only empty figures
    expect(stuck * exceptions).toBeGreaterThan(0);
  };

  it('answers the case figures and the caseload per caseworker (from the case roll-up, through reassignments) as the case rows do', async () => {
    expect(Number((await sql<{ n: number }>`select count(*) as n from case_counts`.execute(db)).rows[0]!.n)).toBeGreaterThan(50);
    await expectCaseFiguresExact(PERIODS.slice(0, 8));
  });

  it('counts the meetings month by month, in one query, as the event rows do', async () => {
    const { rows } = await sql<{ month: string; meeting: string; team: string; n: number }>`select to_char(e.date, 'YYYY-MM') as month,
        e.subject as meeting, c.team, count(*) as n
      from timeline_events e join cases c using (case_id) where e.type = 'meeting.held' and e.subject is not null
        and e.date between '2025-06-01' and '2026-11-23' group by 1, 2, 3`.execute(db);
    const want = (team?: string) => {
      const out: Record<string, number> = {};
      for (const r of rows)
        if (!team || r.team === team) out[`${r.month} ${r.meeting}`] = (out[`${r.month} ${r.meeting}`] ?? 0) + Number(r.n);
      return out;
    };
    for (const team of [undefined, 'team-0', 'team-9']) {
      const got = await meetingsHeldByMonth(db, { from: '2025-06-01', to: '2026-11-23', ...(team ? { team } : {}) });
      expect(Object.fromEntries(got.map((r) => [`${r.month} ${r.meeting}`, r.n]))).toEqual(want(team));
    }
    expect(Object.keys(want()).length).toBeGreaterThan(5);
  });

  /**
   * Forget `first` and every migration after it, and migrate: those run again, in name order (kysely
   * keeps that order, so the later ones run too; each must be safe to run again).
   */
  const rerunMigrationsFrom = async (first: string): Promise<void> => {
    await sql`delete from kysely_migration where name >= ${first}`.execute(db);
    expect(await migrateToLatest(db as unknown as Kysely<unknown>)).toEqual(Object.keys(migrations).filter((m) => m >= first));
  };

  it('is filled from the events already projected by its migration, to the same counters', async () => {
    const written = await counters(db);
    expect(written.length).toBeGreaterThan(100);
    await sql`drop table event_counts`.execute(db);
    // (013 and 015, after it, run again too: derived from the events and cases alone, as the next tests hold)
    await rerunMigrationsFrom('2026-12-06-012-event-counts');
    expect(await counters(db)).toEqual(written);
  });

  it("is filled from the events and the cases' teams by its migration, to the same team counters", async () => {
    const teamCounters = async () =>
      (
        await sql`select team, date, type, subject, value, variant, n from team_event_counts where n <> 0 order by 1, 2, 3, 4, 5, 6`.execute(
          db,
        )
      ).rows;
    const written = await teamCounters();
    expect(written.length).toBeGreaterThan(100);
    await sql`drop table team_event_counts`.execute(db);
    await rerunMigrationsFrom('2026-12-06-013-team-event-counts');
    expect(await teamCounters()).toEqual(written);
  });

  it('is filled from the cases by its migration, to the same case counters', async () => {
    const caseCounters = async () =>
      (
        await sql`select team, kind, caseworker, date, label, label_on, n, overdue, stuck from case_counts
          where n <> 0 or overdue <> 0 or stuck <> 0 order by 1, 2, 3, 4, 5, 6`.execute(db)
      ).rows;
    const written = await caseCounters();
    expect(written.length).toBeGreaterThan(50);
    await sql`drop table case_counts`.execute(db);
    await rerunMigrationsFrom('2026-12-07-015-case-counts');
    expect(await caseCounters()).toEqual(written);
  });

  it("takes a purged case out of its team's figures, as its events go", async () => {
    const { rows } = await sql<DueCase>`select case_id as "caseId", closed_on::text as "closedOn", person_key as "personKey"
      from cases where status = 'closed' and team is not null order by case_id limit 40`.execute(db);
    expect(rows.length).toBe(40);
    for (const c of rows) expect(await purgeCase(db, c, 'test-purge')).toBeDefined();
    for (const team of ['team-0', 'team-1', 'team-2', 'team-9']) {
      const got = await readModelStats(db, { from: '2024-01-01', to: '2026-12-31', today: TODAYS[0]!, team });
      expect(onlyEventFigures(got)).toEqual({ ...onlyEventFigures(got), ...(await direct(db, '2024-01-01', '2026-12-31', team)) });
    }
    await expectCaseFiguresExact(PERIODS.slice(0, 3));
  });
});
