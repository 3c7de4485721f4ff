/**
 * The read model on the embedded PGlite and, where the machine has PostgreSQL's binaries, on a real
 * PostgreSQL server: migrations, idempotent projection writes, the work list and task list with
 * cursor paging, person search, closed periods, and the SQL statistics compared with the same
 * figures computed in TypeScript from the same timelines (domain/statistics.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStats } from '../../domain/statistics';
import { periodOf, type CaseState } from '../../domain/caseMachine';
import { carriedOverOf } from '../../domain/rules/relapse';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { migrateToLatest, migrations } from '../../readModel/migrations';
import { postgresBinDir, startPostgres } from '../../readModel/postgresServer';
import { projectionOf } from '../../readModel/projection';
import { BadCursorError, casesOfPerson, listCases, listTasks } from '../../readModel/queries';
import { reserveOpenCase, releaseReservation } from '../../readModel/openCaseReservation';
import { appendAccess } from '../../readModel/accessLog';
import { readModelStats } from '../../readModel/stats';
import { syntheticCase } from '../../readModel/syntheticCaseload';
import { clearReadModel, writeProjection } from '../../readModel/write';
import { uncountCaseSql } from '../../readModel/caseRollup';
import { sql, type Kysely } from 'kysely';

const TODAY = '2026-11-23';
const N = 300;
const caseload: CaseState[] = Array.from({ length: N }, (_, i) => syntheticCase(i, { today: TODAY, teams: 4, caseworkersPerTeam: 3 }));

const binDir = postgresBinDir();
if (!binDir) console.log('read model: no PostgreSQL binaries on this machine; the read-model tests run on PGlite only');

const backends: { name: string; start: () => Promise<{ url: string; stop: () => Promise<void> | void }> }[] = [
  { name: 'PGlite', start: () => startEmbeddedReadModel() },
  ...(binDir ? [{ name: 'PostgreSQL', start: () => startPostgres(binDir) }] : []),
];

describe.each(backends)('read model on $name', ({ start }) => {
  let server: { url: string; stop: () => Promise<void> | void };
  let db: ReadModelDb;

  beforeAll(async () => {
    server = await start();
    db = await openReadModel({ url: server.url });
    for (const s of caseload) await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
  }, 180_000);
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  it('applies its migrations once: a second run applies none', async () => {
    expect(await migrateToLatest(db as unknown as Kysely<unknown>)).toEqual([]);
  });

  it('holds every case, its open tasks and its whole timeline once', async () => {
    const cases = await db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const tasks = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(cases.n)).toBe(N);
    expect(Number(events.n)).toBe(caseload.reduce((n, s) => n + s.timeline.length, 0));
    expect(Number(tasks.n)).toBe(caseload.reduce((n, s) => n + s.tasks.filter((t) => t.status === 'open').length, 0));
  });

  it('a repeated projection changes nothing; an older version never overwrites a newer one', async () => {
    const s = caseload.find((c) => c.status === 'open' && c.tasks.some((t) => t.status === 'open'))!;
    const before = await db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', s.caseId)
      .executeTakeFirstOrThrow();
    await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
    await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
    const after = await db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', s.caseId)
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);

    // version 2: the case is stuck and its tasks are done
    const done: CaseState = { ...s, tasks: s.tasks.map((t) => ({ ...t, status: 'completed' as const })) };
    await writeProjection(db, projectionOf(done, { version: 2, projectedEvents: s.timeline.length, stuck: true }));
    // a late retry of version 1 arrives afterwards
    await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
    const row = await db.selectFrom('cases').selectAll().where('case_id', '=', s.caseId).executeTakeFirstOrThrow();
    expect(row.stuck).toBe(true);
    expect(Number(row.version)).toBe(2);
    // the late retry may re-insert a done task, but the next projection removes it
    await writeProjection(db, projectionOf(done, { version: 3, projectedEvents: s.timeline.length, stuck: true }));
    const open = await db.selectFrom('tasks').select('task_id').where('case_id', '=', s.caseId).execute();
    expect(open).toEqual([]);
    // restore for the other tests
    await writeProjection(db, projectionOf(s, { version: 4, projectedEvents: s.timeline.length, stuck: false }));
  });

  it('lists cases soonest deadline first, and cursor paging visits each case once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous = '';
    do {
      const page = await listCases(db, { status: 'open', limit: 37, ...(cursor ? { cursor } : {}) });
      for (const c of page.cases) {
        const key = c.nextDeadline ?? '9999-12-31';
        expect(key >= previous).toBe(true);
        previous = key;
        seen.push(c.caseId);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const open = caseload.filter((s) => s.status === 'open').map((s) => s.caseId);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...open].sort());
  });

  it('filters the work list by caseworker, team, task, overdue and due date', async () => {
    const someone = caseload.find((s) => s.status === 'open')!;
    const mine = await listCases(db, { caseworker: someone.caseworkerId!, status: 'open', limit: 500 });
    expect(mine.cases.map((c) => c.caseId).sort()).toEqual(
      caseload
        .filter((s) => s.status === 'open' && s.caseworkerId === someone.caseworkerId)
        .map((s) => s.caseId)
        .sort(),
    );
    const team = await listCases(db, { team: 'team-1', limit: 500 });
    expect(team.cases.length).toBe(caseload.filter((s) => s.team === 'team-1').length);
    const overdue = await listCases(db, { overdue: true, limit: 500 });
    expect(overdue.cases.length).toBe(caseload.filter((s) => s.tasks.some((t) => t.status === 'open' && t.overdue)).length);
    expect(overdue.cases.length).toBeGreaterThan(0);
    const review = await listCases(db, { task: 'assess-work-capacity', limit: 500 });
    expect(review.cases.length).toBe(
      caseload.filter((s) => s.tasks.some((t) => t.status === 'open' && t.task === 'assess-work-capacity')).length,
    );
    const due = await listCases(db, { dueBefore: TODAY, limit: 500 });
    expect(due.cases.every((c) => c.nextDeadline !== null && c.nextDeadline <= TODAY)).toBe(true);
    await expect(listCases(db, { cursor: 'not-a-cursor', limit: 5 })).rejects.toBeInstanceOf(BadCursorError);
  });

  it('lists open tasks across cases, soonest due first, per assignee and team', async () => {
    const all = await listTasks(db, { limit: 10_000 });
    const dues = all.tasks.map((t) => t.dueDate);
    expect(dues).toEqual([...dues].sort());
    const someone = all.tasks[0]!.caseworkerId!;
    const mine = await listTasks(db, { assignee: someone, limit: 10_000 });
    expect(mine.tasks.length).toBeGreaterThan(0);
    expect(mine.tasks.every((t) => t.caseworkerId === someone)).toBe(true);
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTasks(db, { overdue: true, limit: 25, ...(cursor ? { cursor } : {}) });
      pages.push(page.tasks.length);
      expect(page.tasks.every((t) => t.overdue)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(all.tasks.filter((t) => t.overdue).length);
  });

  it("finds a person's cases by person key only", async () => {
    const closed = caseload.find((s) => s.status === 'closed')!;
    const found = await casesOfPerson(db, closed.personKey);
    expect(found).toEqual([expect.objectContaining({ caseId: closed.caseId, status: 'closed' })]);
    expect(await casesOfPerson(db, 'no-such-key')).toEqual([]);
  });

  it("claims a person for one open case at a time, and the claim brings the person's closed periods", async () => {
    const closed = caseload.find((s) => s.status === 'closed')!;
    const period = periodOf(closed)!;
    // a person whose earlier case was projected as closed: the claim wins and returns that period
    // with what a relapse carries over from the closed case (domain/rules/relapse.ts)
    const claimed = { won: true, closedPeriods: [period], carriedOver: carriedOverOf(closed) };
    expect(await reserveOpenCase(db, closed.personKey, 'relapse-1')).toEqual(claimed);
    expect(await reserveOpenCase(db, closed.personKey, 'relapse-1')).toEqual(claimed); // a retry
    expect(await reserveOpenCase(db, closed.personKey, 'relapse-2')).toEqual({ won: false, holder: 'relapse-1' });
    await releaseReservation(db, closed.personKey, 'relapse-1');

    // two openings for a new person at the same moment: exactly one wins
    const person = 'claim-test-person';
    const claims = await Promise.all(['a', 'b', 'c'].map((id) => reserveOpenCase(db, person, id)));
    const winners = claims.filter((c) => c.won);
    expect(winners).toEqual([{ won: true, closedPeriods: [] }]);
    const holder = ['a', 'b', 'c'][claims.indexOf(winners[0]!)]!;
    expect(claims.filter((c) => !c.won)).toEqual([
      { won: false, holder },
      { won: false, holder },
    ]);
    // the holder closes: its projection releases the person and keeps the period, in one statement
    const closing: CaseState = { ...closed, caseId: holder, personKey: person };
    await writeProjection(db, projectionOf(closing, { version: 1, projectedEvents: closing.timeline.length, stuck: false }));
    expect(await reserveOpenCase(db, person, 'next')).toEqual({ won: true, closedPeriods: [period], carriedOver: carriedOverOf(closing) });
    // leave the caseload as it was for the other tests (the case roll-up too, as the purge would)
    await uncountCaseSql(holder).execute(db);
    await db.deleteFrom('cases').where('case_id', '=', holder).execute();
    await db.deleteFrom('people').where('person_key', '=', person).execute();
    // the claim's values travel as escaped literals (one simple-protocol message): quotes and backslashes land as sent
    const odd = "o'key\\'; drop table people; --";
    expect(await reserveOpenCase(db, odd, "case'\\1", "sealed\\'x")).toEqual({ won: true, closedPeriods: [] });
    expect(
      await db.selectFrom('people').select(['open_case_id', 'sealed_personnummer']).where('person_key', '=', odd).executeTakeFirst(),
    ).toEqual({ open_case_id: "case'\\1", sealed_personnummer: "sealed\\'x" });
    await db.deleteFrom('people').where('person_key', '=', odd).execute();
  });

  it('writes access-log entries as sent (escaped literals, one statement), each kept the years given', async () => {
    const sub = "hk'\\1; --";
    await appendAccess(
      db,
      [
        { sub, role: 'caseworker', what: 'case', caseId: "c'\\2" },
        { sub, role: 'caseworker', team: "t'3", what: 'person-search' },
      ],
      10,
    );
    const { rows } = await sql<{ team: string | null; case_id: string | null; years: number }>`
      select team, case_id, extract(year from age(keep_until, current_date))::int as years from access_log where sub = ${sub} order by id`.execute(
      db,
    );
    expect(rows).toEqual([
      { team: null, case_id: "c'\\2", years: 10 },
      { team: "t'3", case_id: null, years: 10 },
    ]);
  });

  it('aggregates the follow-up figures in SQL exactly as the rules compute them from the timelines', async () => {
    for (const [from, to, team] of [
      ['2026-01-01', '2026-12-31', undefined],
      ['2026-10-01', '2026-10-31', undefined],
      ['2025-06-01', '2026-11-23', 'team-2'],
    ] as const) {
      const expected = computeStats(
        caseload.map((s) => ({
          caseId: s.caseId,
          track: s.track,
          criterion: s.criterion,
          status: s.status,
          chainDay: s.status === 'closed' ? s.closedDay! : s.handledThrough,
          timeline: s.timeline,
          ...(s.team ? { team: s.team } : {}),
        })),
        from,
        to,
        team,
      );
      const got = await readModelStats(db, { from, to, today: TODAY, ...(team ? { team } : {}) });
      expect(got.meetingsHeld).toEqual(expected.meetingsHeld);
      expect(got.meetingsScheduled).toEqual(expected.meetingsScheduled);
      expect(got.plans).toEqual(expected.plans);
      expect(got.afu).toEqual(expected.afu);
      expect(got.day181).toEqual(expected.day181);
      expect(got.returnedToWork).toEqual(expected.returnedToWork);
      expect(got.casesByCriterion).toEqual(expected.casesByCriterion);
      expect(got.afu.ordered + got.plans.requested).toBeGreaterThan(0);
      // the caseload exercises the day-181 figures too, not only empty ones
      if (!team && from === '2026-01-01') expect(got.day181.stayedOnEmployerTrack * got.day181.reached).toBeGreaterThan(0);
    }
  });

  it('can be emptied for a rebuild', async () => {
    await clearReadModel(db);
    expect(await listCases(db, { limit: 5 })).toEqual({ cases: [] });
    // the rebuild writes again, from version 1: nothing of the cleared rows holds a newer version back
    const rebuilt = caseload.slice(0, 3);
    for (const s of rebuilt) await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
    expect((await listCases(db, { limit: 5 })).cases.map((c) => c.caseId).sort()).toEqual(rebuilt.map((s) => s.caseId).sort());
    const events = await db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(rebuilt.reduce((n, s) => n + s.timeline.length, 0));
  });
});

describe('read model migration 004 (people)', () => {
  it('moves the open claims and the closed periods of a database of the earlier schema into people', async () => {
    const server = await startEmbeddedReadModel();
    // the embedded server migrates to the latest on start: go back to before 004 and fill it the old way
    const db = (await openReadModel({ url: server.url })) as unknown as Kysely<unknown>;
    try {
      const closed = caseload.find((s) => s.status === 'closed')!;
      const open = caseload.find((s) => s.status === 'open')!;
      for (const s of [closed, open])
        await writeProjection(db as unknown as ReadModelDb, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
      await sql`drop table people`.execute(db);
      await sql`delete from kysely_migration where name >= '2026-11-24-004-people'`.execute(db);
      await sql`create table open_case_claims (person_key text primary key, case_id text not null, claimed_at timestamptz not null default now())`.execute(
        db,
      );
      await sql`insert into open_case_claims (person_key, case_id) values (${open.personKey}, ${open.caseId})`.execute(db);

      expect(await migrateToLatest(db)).toEqual([
        '2026-11-24-004-people',
        '2026-12-06-005-sealed-personnummer',
        '2026-12-06-006-close-reasons-fixed-list',
        '2026-12-06-007-archive-access-log-purge-log',
        '2026-12-06-008-people-carried-over',
        '2026-12-06-011-pending-requests',
        '2026-12-06-012-event-counts',
        '2026-12-06-013-team-event-counts',
        '2026-12-07-015-case-counts',
        '2026-12-07-016-people-open-case-index',
      ]);
      const rm = db as unknown as ReadModelDb;
      expect(await reserveOpenCase(rm, closed.personKey, 'relapse')).toEqual({ won: true, closedPeriods: [periodOf(closed)] });
      expect(await reserveOpenCase(rm, open.personKey, 'another')).toEqual({ won: false, holder: open.caseId });
    } finally {
      await db.destroy();
      await server.stop();
    }
  });
});

describe('read model migration 006 (closing reasons from a fixed list)', () => {
  it('scrubs a free-text closing reason to `other` in the case row and its case.closed event; fixed reasons stay', async () => {
    const server = await startEmbeddedReadModel();
    const db = (await openReadModel({ url: server.url })) as unknown as Kysely<unknown>;
    const FREE = 'flyttar till Norge, utbränd';
    try {
      const closed = caseload.filter((s) => s.status === 'closed').slice(0, 2);
      const [free, fixed] = closed as [CaseState, CaseState];
      for (const s of closed)
        await writeProjection(db as unknown as ReadModelDb, projectionOf(s, { version: 1, projectedEvents: 0, stuck: false }));
      // a row as the earlier code wrote it: the caseworker's free text as the reason
      await sql`update cases set close_reason = ${FREE} where case_id = ${free.caseId}`.execute(db);
      await sql`update timeline_events set subject = ${FREE}, attrs = jsonb_set(attrs, '{reason}', to_jsonb(${FREE}::text))
        where case_id = ${free.caseId} and type = 'case.closed'`.execute(db);
      await migrations['2026-12-06-006-close-reasons-fixed-list']!.up(db);
      const rows = await sql<{ case_id: string; close_reason: string }>`select case_id, close_reason from cases
        where case_id in (${free.caseId}, ${fixed.caseId})`.execute(db);
      expect(Object.fromEntries(rows.rows.map((r) => [r.case_id, r.close_reason]))).toEqual({
        [free.caseId]: 'other',
        [fixed.caseId]: fixed.closeReason,
      });
      const events = await sql<{ subject: string; reason: string }>`select subject, attrs->>'reason' as reason from timeline_events
        where case_id = ${free.caseId} and type = 'case.closed'`.execute(db);
      expect(events.rows).toEqual([{ subject: 'other', reason: 'other' }]);
      const everything = await sql<{ t: string }>`select (select coalesce(json_agg(c), '[]')::text from cases c) ||
        (select coalesce(json_agg(e), '[]')::text from timeline_events e) as t`.execute(db);
      expect(everything.rows[0]!.t).not.toContain('Norge');
    } finally {
      await db.destroy();
      await server.stop();
    }
  });
});
