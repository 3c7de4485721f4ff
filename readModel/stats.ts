/**
 * The follow-up figures a supervisor asks for (meetings by type, plans, AFU turnaround against 5
 * and 9 weeks, day-181 outcomes, overdue tasks, cases by phase, days to return), aggregated in SQL
 * over the projected timelines, per period and optionally per team or caseworker (the case's
 * current ones). An event counts in a period when its date lies within [from, to].
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ReadModelDb } from './connect';
import type { ReadModelDatabase } from './schema';

export interface StatsFilter {
  from: string;
  to: string;
  team?: string;
  caseworker?: string;
}

export interface ReadModelStats {
  from: string;
  to: string;
  /** cases open at some time within the period */
  cases: number;
  meetingsHeld: Record<string, number>;
  meetingsScheduled: Record<string, number>;
  plans: { requested: number; received: number; receivedByForm: number; receivedOrally: number; receivedByDay30: number };
  afu: { ordered: number; reported: number; within5Weeks: number; within9Weeks: number; later: number; medianTurnaroundDays: number | null };
  day181: { reached: number; stayedOnEmployerTrack: number; byException: Record<string, number>; shareStayedOnEmployerTrack: number | null };
  overdueTasksOpen: number;
  casesByCriterion: Record<string, number>;
  returnedToWork: { count: number; medianDaysToReturn: number | null };
}

type EventsQuery = SelectQueryBuilder<ReadModelDatabase & { e: ReadModelDatabase['timeline_events']; c: ReadModelDatabase['cases'] }, 'e' | 'c', object>;

export async function readModelStats(db: ReadModelDb, f: StatsFilter): Promise<ReadModelStats> {
  const events = (): EventsQuery => {
    let q = db
      .selectFrom('timeline_events as e')
      .innerJoin('cases as c', 'c.case_id', 'e.case_id')
      .where('e.date', '>=', f.from)
      .where('e.date', '<=', f.to);
    if (f.team) q = q.where('c.team', '=', f.team);
    if (f.caseworker) q = q.where('c.caseworker_id', '=', f.caseworker);
    return q;
  };
  let casesQ = db.selectFrom('cases').where('opened_on', '<=', f.to).where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', f.from)]));
  let openQ = db.selectFrom('cases').where('status', '=', 'open');
  let overdueQ = db.selectFrom('tasks').where('overdue', '=', true);
  if (f.team) {
    casesQ = casesQ.where('team', '=', f.team);
    openQ = openQ.where('team', '=', f.team);
    overdueQ = overdueQ.where('team', '=', f.team);
  }
  if (f.caseworker) {
    casesQ = casesQ.where('caseworker_id', '=', f.caseworker);
    openQ = openQ.where('caseworker_id', '=', f.caseworker);
    overdueQ = overdueQ.where('caseworker_id', '=', f.caseworker);
  }

  const [bySubject, plans, afu, day181, closed, cases, byCriterion, overdue] = await Promise.all([
    events()
      .select(['e.type', 'e.subject', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.type', 'in', ['meeting.held', 'meeting.scheduled', 'agency.requested', 'exception.decided'])
      .groupBy(['e.type', 'e.subject'])
      .execute(),
    events()
      .select([
        (eb) => eb.fn.countAll<number>().as('received'),
        sql<number>`count(*) filter (where e.attrs->>'via' = 'oral')`.as('oral'),
        sql<number>`count(*) filter (where e.day <= 30)`.as('byDay30'),
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('e.type', '=', 'agency.responded'), eb('e.subject', '=', 'return-to-work-plan')]),
          eb.and([eb('e.type', '=', 'command.recorded'), eb('e.subject', '=', 'register-plan')]),
        ]),
      )
      .executeTakeFirstOrThrow(),
    events()
      .select([
        (eb) => eb.fn.countAll<number>().as('reported'),
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int <= 35)`.as('within5'),
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int > 35 and (e.attrs->>'turnaroundDays')::int <= 63)`.as('within9'),
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int > 63)`.as('later'),
        sql<number | null>`percentile_cont(0.5) within group (order by (e.attrs->>'turnaroundDays')::int)`.as('median'),
      ])
      .where('e.type', '=', 'agency.responded')
      .where('e.subject', '=', 'afu')
      .executeTakeFirstOrThrow(),
    events()
      .select([
        sql<number>`count(distinct e.case_id)`.as('reached'),
        sql<number>`count(distinct e.case_id) filter (where e.type = 'exception.decided')`.as('stayed'),
      ])
      .where((eb) =>
        eb.or([eb.and([eb('e.type', '=', 'phase.changed'), eb('e.subject', '=', 'normal-work')]), eb('e.type', '=', 'exception.decided')]),
      )
      .executeTakeFirstOrThrow(),
    events()
      .select([(eb) => eb.fn.countAll<number>().as('count'), sql<number | null>`percentile_cont(0.5) within group (order by e.day)`.as('median')])
      .where('e.type', '=', 'case.closed')
      .where('e.subject', '=', 'returned-to-work')
      .executeTakeFirstOrThrow(),
    casesQ.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    openQ.select(['criterion', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('criterion').execute(),
    overdueQ.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);

  const countsOf = (type: string): Record<string, number> =>
    Object.fromEntries(bySubject.filter((r) => r.type === type && r.subject).map((r) => [r.subject!, Number(r.n)]));
  const requested = countsOf('agency.requested');
  const received = Number(plans.received);
  const reached = Number(day181.reached);
  const stayed = Number(day181.stayed);
  return {
    from: f.from,
    to: f.to,
    cases: Number(cases.n),
    meetingsHeld: countsOf('meeting.held'),
    meetingsScheduled: countsOf('meeting.scheduled'),
    plans: {
      requested: requested['return-to-work-plan'] ?? 0,
      received,
      receivedByForm: received - Number(plans.oral),
      receivedOrally: Number(plans.oral),
      receivedByDay30: Number(plans.byDay30),
    },
    afu: {
      ordered: requested.afu ?? 0,
      reported: Number(afu.reported),
      within5Weeks: Number(afu.within5),
      within9Weeks: Number(afu.within9),
      later: Number(afu.later),
      medianTurnaroundDays: afu.median === null ? null : Number(afu.median),
    },
    day181: {
      reached,
      stayedOnEmployerTrack: stayed,
      byException: countsOf('exception.decided'),
      shareStayedOnEmployerTrack: reached ? stayed / reached : null,
    },
    overdueTasksOpen: Number(overdue.n),
    casesByCriterion: Object.fromEntries(byCriterion.map((r) => [r.criterion, Number(r.n)])),
    returnedToWork: { count: Number(closed.count), medianDaysToReturn: closed.median === null ? null : Number(closed.median) },
  };
}
