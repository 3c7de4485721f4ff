/**
 * The follow-up figures a supervisor asks for (meetings by type, plans, AFU turnaround against 5
 * and 9 weeks, day-181 outcomes, overdue tasks, cases by phase, days to return), aggregated in SQL
 * over the projected timelines, per period and optionally per team or caseworker (the case's
 * current ones). An event counts in a period when its date lies within [from, to]. The figures mean
 * what domain/statistics.ts computes from timelines (test/readModel.test.ts holds them equal):
 * a case reaches day 181 in the period when the day its chain passed 181 lies in it (never on the
 * unemployed track); its outcome is the exception decided by the end of the period. The AFU weeks
 * and the plan's day come from the rulebook in force at the period's end.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ReadModelDb } from './connect';
import type { ReadModelDatabase } from './schema';
import { policyOn } from '../domain/rulebook';
import type { Stats } from '../domain/statistics';

export interface StatsFilter {
  from: string;
  to: string;
  /** today's date (Stockholm): an open case has passed the days up to it */
  today: string;
  team?: string;
  caseworker?: string;
}

/** The figures of domain/statistics.ts (`cases` here: the cases open at some time within the period). */
export type ReadModelStats = Omit<Stats, 'team'>;

type EventsQuery = SelectQueryBuilder<
  ReadModelDatabase & { e: ReadModelDatabase['timeline_events']; c: ReadModelDatabase['cases'] },
  'e' | 'c',
  object
>;

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
  let casesQ = db
    .selectFrom('cases')
    .where('opened_on', '<=', f.to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', f.from)]));
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

  const policy = policyOn(f.to);
  const { normal, extended } = policy.afuReportDays;
  const planDay = policy.plan?.requestDay ?? 30;
  let day181Q = db
    .selectFrom('cases')
    .where('day181_on', '>=', f.from)
    .where('day181_on', '<=', f.to)
    .where((eb) => eb('day181_on', '<=', eb.fn.coalesce('closed_on', sql<string>`${f.today}::date`)));
  if (f.team) day181Q = day181Q.where('team', '=', f.team);
  if (f.caseworker) day181Q = day181Q.where('caseworker_id', '=', f.caseworker);

  const [bySubject, plans, afu, day181, closed, cases, byCriterion, overdue] = await Promise.all([
    events()
      .select(['e.type', 'e.subject', (eb) => eb.fn.countAll<number>().as('n')])
      .where('e.type', 'in', ['meeting.held', 'meeting.scheduled', 'agency.requested'])
      .groupBy(['e.type', 'e.subject'])
      .execute(),
    events()
      .select([
        (eb) => eb.fn.countAll<number>().as('received'),
        sql<number>`count(*) filter (where e.attrs->>'via' = 'oral')`.as('oral'),
        sql<number>`count(*) filter (where e.day <= ${planDay})`.as('byDay30'),
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
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int <= ${normal})`.as('within5'),
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int > ${normal} and (e.attrs->>'turnaroundDays')::int <= ${extended})`.as(
          'within9',
        ),
        sql<number>`count(*) filter (where (e.attrs->>'turnaroundDays')::int > ${extended})`.as('later'),
        sql<number | null>`percentile_cont(0.5) within group (order by (e.attrs->>'turnaroundDays')::int)`.as('median'),
      ])
      .where('e.type', '=', 'agency.responded')
      .where('e.subject', '=', 'afu')
      .executeTakeFirstOrThrow(),
    day181Q
      .select(['exception', (eb) => eb.fn.countAll<number>().as('n')])
      .select(sql<boolean>`exception is not null and exception_on <= ${f.to}::date`.as('stayed'))
      .groupBy(['exception', 'exception_on'])
      .execute(),
    events()
      .select([
        (eb) => eb.fn.countAll<number>().as('count'),
        sql<number | null>`percentile_cont(0.5) within group (order by e.day)`.as('median'),
      ])
      .where('e.type', '=', 'case.closed')
      .where('e.subject', '=', 'returned-to-work')
      .executeTakeFirstOrThrow(),
    casesQ.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    openQ
      .select(['criterion', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('criterion')
      .execute(),
    overdueQ.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);

  const countsOf = (type: string): Record<string, number> =>
    Object.fromEntries(bySubject.filter((r) => r.type === type && r.subject).map((r) => [r.subject!, Number(r.n)]));
  const requested = countsOf('agency.requested');
  const received = Number(plans.received);
  const reached = day181.reduce((n, r) => n + Number(r.n), 0);
  const byException: Record<string, number> = {};
  for (const r of day181) if (r.stayed && r.exception) byException[r.exception] = (byException[r.exception] ?? 0) + Number(r.n);
  const stayed = Object.values(byException).reduce((a, b) => a + b, 0);
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
      byException,
      shareStayedOnEmployerTrack: reached ? stayed / reached : null,
    },
    overdueTasksOpen: Number(overdue.n),
    casesByCriterion: Object.fromEntries(byCriterion.map((r) => [r.criterion, Number(r.n)])),
    returnedToWork: { count: Number(closed.count), medianDaysToReturn: closed.median === null ? null : Number(closed.median) },
  };
}
