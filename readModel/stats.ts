/**
 * The follow-up figures a supervisor asks for (meetings by type, plans, AFU turnaround against 5
 * and 9 weeks, day-181 outcomes, overdue tasks, cases by phase, days to return), aggregated in SQL
 * over the projected timelines and cases (for the whole caseload and for a team over their roll-ups,
 * rollup.ts, teamRollup.ts and caseRollup.ts), per period and optionally per team or caseworker (the case's current ones). An event counts in a period when its date lies within [from, to]. The figures mean
 * what domain/statistics.ts computes from timelines (test/integration/readModel.test.ts holds them equal):
 * a case reaches day 181 in the period when the day its chain passed 181 lies in it (never on the
 * unemployed track); its outcome is the exception decided by the end of the period. The AFU weeks
 * and the plan's day come from the rulebook in force at the period's end.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ReadModelDatabase } from './schema';
import type { ReadModelDb } from './connect';
import { caseFigures, type CaseFigures } from './caseRollup';
import { medianOf, NO_VALUE, rolledUpSql, rollupKeySql, type EventGroup } from './rollup';
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

/** The national counters, or one team's (the same columns, read by unqualified names only). */
const counters = (db: ReadModelDb, team?: string): SelectQueryBuilder<ReadModelDatabase, 'event_counts', object> =>
  team
    ? (db.selectFrom('team_event_counts').where('team', '=', team) as unknown as SelectQueryBuilder<
        ReadModelDatabase,
        'event_counts',
        object
      >)
    : db.selectFrom('event_counts');

/**
 * The events of the period the figures read, grouped by the roll-up's key (rollup.ts): from the
 * national roll-up for the whole caseload, from the team roll-up (teamRollup.ts) for one team; from
 * the events themselves for one caseworker (the case's current one, which no roll-up follows),
 * grouped by the same SQL key. (`fromEvents` for the bench and the tests, which count both ways.)
 */
export async function eventGroups(db: ReadModelDb, f: StatsFilter, fromEvents = !!f.caseworker): Promise<EventGroup[]> {
  if (!fromEvents) {
    return (
      counters(db, f.team)
        .select(['type', 'subject', 'value', 'variant', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('date', '>=', f.from)
        .where('date', '<=', f.to)
        .groupBy(['type', 'subject', 'value', 'variant'])
        // a team's counter a reassignment emptied stays, at 0
        .having((eb) => eb.fn.sum('n'), '<>', 0)
        .execute()
    );
  }
  const key = rollupKeySql('e');
  let q = db
    .selectFrom('timeline_events as e')
    .innerJoin('cases as c', 'c.case_id', 'e.case_id')
    .select([
      'e.type',
      sql<string>`coalesce(e.subject, '')`.as('subject'),
      key.value.as('value'),
      key.variant.as('variant'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('e.date', '>=', f.from)
    .where('e.date', '<=', f.to)
    .where(rolledUpSql('e'));
  if (f.team) q = q.where('c.team', '=', f.team);
  if (f.caseworker) q = q.where('c.caseworker_id', '=', f.caseworker);
  return q.groupBy(['e.type', sql`2`, sql`3`, sql`4`]).execute();
}

/** Meetings held, by calendar month (YYYY-MM) and type, of the events in [from, to]; from the same source as eventGroups. */
export async function meetingsHeldByMonth(
  db: ReadModelDb,
  f: Omit<StatsFilter, 'today'>,
): Promise<{ month: string; meeting: string; n: number }[]> {
  const month = (d: string) => sql<string>`to_char(${sql.ref(d)}, 'YYYY-MM')`;
  if (!f.caseworker) {
    const rows = await counters(db, f.team)
      .select([month('date').as('month'), 'subject as meeting', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('type', '=', 'meeting.held')
      .where('subject', '<>', '')
      .where('date', '>=', f.from)
      .where('date', '<=', f.to)
      .groupBy([sql`1`, 'subject'])
      .having((eb) => eb.fn.sum('n'), '<>', 0)
      .orderBy(sql`1`)
      .execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
  let q = db
    .selectFrom('timeline_events as e')
    .innerJoin('cases as c', 'c.case_id', 'e.case_id')
    .select([month('e.date').as('month'), sql<string>`e.subject`.as('meeting'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('e.type', '=', 'meeting.held')
    .where('e.subject', 'is not', null)
    .where('e.date', '>=', f.from)
    .where('e.date', '<=', f.to)
    .where('c.caseworker_id', '=', f.caseworker);
  if (f.team) q = q.where('c.team', '=', f.team);
  const rows = await q
    .groupBy([sql`1`, 'e.subject'])
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * The case figures (cases open in the period, open cases by criterion, overdue tasks, day 181) from
 * the cases themselves: for one caseworker (the case's current one, which no roll-up follows); the
 * case roll-up (caseRollup.ts) answers the same for a team and the whole caseload.
 */
async function caseFiguresOfCaseworker(db: ReadModelDb, f: StatsFilter & { caseworker: string }): Promise<CaseFigures> {
  const cases = () =>
    db
      .selectFrom('cases')
      .where('caseworker_id', '=', f.caseworker)
      .$if(!!f.team, (q) => q.where('team', '=', f.team!));
  const [day181, open, byCriterion, overdue] = await Promise.all([
    cases()
      .where('day181_on', '>=', f.from)
      .where('day181_on', '<=', f.to)
      .where((eb) => eb('day181_on', '<=', eb.fn.coalesce('closed_on', sql<string>`${f.today}::date`)))
      .select(['exception', (eb) => eb.fn.countAll<number>().as('n')])
      .select(sql<boolean>`exception is not null and exception_on <= ${f.to}::date`.as('stayed'))
      .groupBy(['exception', 'exception_on'])
      .execute(),
    cases()
      .where('opened_on', '<=', f.to)
      .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', f.from)]))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    cases()
      .where('status', '=', 'open')
      .select(['criterion', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('criterion')
      .execute(),
    db
      .selectFrom('tasks')
      .where('caseworker_id', '=', f.caseworker)
      .$if(!!f.team, (q) => q.where('team', '=', f.team!))
      .where('overdue', '=', true)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const byException: Record<string, number> = {};
  for (const r of day181) if (r.stayed && r.exception) byException[r.exception] = (byException[r.exception] ?? 0) + Number(r.n);
  return {
    cases: Number(open.n),
    overdueTasksOpen: Number(overdue.n),
    casesByCriterion: Object.fromEntries(byCriterion.map((r) => [r.criterion, Number(r.n)])),
    day181: { reached: day181.reduce((n, r) => n + Number(r.n), 0), byException },
  };
}

export async function readModelStats(db: ReadModelDb, f: StatsFilter): Promise<ReadModelStats> {
  const policy = policyOn(f.to);
  const { normal, extended } = policy.afuReportDays;
  const planDay = policy.plan?.requestDay ?? 30;
  const [groups, figures] = await Promise.all([
    eventGroups(db, f),
    f.caseworker ? caseFiguresOfCaseworker(db, { ...f, caseworker: f.caseworker }) : caseFigures(db, f),
  ]);

  const sum = (gs: EventGroup[]): number => gs.reduce((n, g) => n + Number(g.n), 0);
  const of = (type: string, subject?: string): EventGroup[] =>
    groups.filter((g) => g.type === type && (subject === undefined || g.subject === subject)).map((g) => ({ ...g, n: Number(g.n) }));
  const countsOf = (type: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const g of of(type)) if (g.subject) out[g.subject] = (out[g.subject] ?? 0) + g.n;
    return out;
  };
  const requested = countsOf('agency.requested');
  const plans = [...of('agency.responded', 'return-to-work-plan'), ...of('command.recorded', 'register-plan')];
  const received = sum(plans);
  const oral = sum(plans.filter((g) => g.variant === 'oral'));
  const afu = of('agency.responded', 'afu');
  const turnarounds = afu.filter((g) => g.value !== NO_VALUE);
  const returned = of('case.closed', 'returned-to-work');
  const { reached, byException } = figures.day181;
  const stayed = Object.values(byException).reduce((a, b) => a + b, 0);
  return {
    from: f.from,
    to: f.to,
    cases: figures.cases,
    meetingsHeld: countsOf('meeting.held'),
    meetingsScheduled: countsOf('meeting.scheduled'),
    plans: {
      requested: requested['return-to-work-plan'] ?? 0,
      received,
      receivedByForm: received - oral,
      receivedOrally: oral,
      receivedByDay30: sum(plans.filter((g) => g.value <= planDay)),
    },
    afu: {
      ordered: requested.afu ?? 0,
      reported: sum(afu),
      within5Weeks: sum(turnarounds.filter((g) => g.value <= normal)),
      within9Weeks: sum(turnarounds.filter((g) => g.value > normal && g.value <= extended)),
      later: sum(turnarounds.filter((g) => g.value > extended)),
      medianTurnaroundDays: medianOf(turnarounds),
    },
    day181: {
      reached,
      stayedOnEmployerTrack: stayed,
      byException,
      shareStayedOnEmployerTrack: reached ? stayed / reached : null,
    },
    overdueTasksOpen: figures.overdueTasksOpen,
    casesByCriterion: figures.casesByCriterion,
    returnedToWork: { count: sum(returned), medianDaysToReturn: medianOf(returned) },
  };
}
