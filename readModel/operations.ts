/**
 * What the on-call engineer reads from the read model (the API's business gauges, platform/metrics.ts):
 * open cases by criterion, overdue tasks, stuck cases, and the oldest agency request still waiting
 * for its answer. Small aggregate queries: a scrape every 15 s costs the database little.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';

export interface OperationalFigures {
  openByCriterion: { criterion: string; cases: number }[];
  overdueTasks: number;
  stuckCases: number;
  /** the date of the oldest request to an agency of an open case with no answer yet */
  oldestPendingRequestOn: string | null;
  pendingRequests: number;
}

export async function operationalFigures(db: ReadModelDb): Promise<OperationalFigures> {
  const [byCriterion, overdue, stuck, pending] = await Promise.all([
    db
      .selectFrom('cases')
      .select(['criterion', db.fn.countAll<number>().as('cases')])
      .where('status', '=', 'open')
      .groupBy('criterion')
      .execute(),
    db.selectFrom('tasks').select(db.fn.countAll<number>().as('n')).where('overdue', '=', true).executeTakeFirstOrThrow(),
    db
      .selectFrom('cases')
      .select(db.fn.countAll<number>().as('n'))
      .where('status', '=', 'open')
      .where('stuck', '=', true)
      .executeTakeFirstOrThrow(),
    // an agency.requested with no later agency.responded for the same agency and request
    sql<{ oldest: string | null; n: number }>`
      select min(r.date) as oldest, count(*) as n
      from timeline_events r join cases c on c.case_id = r.case_id and c.status = 'open'
      where r.type = 'agency.requested'
        and not exists (
          select 1 from timeline_events a
          where a.case_id = r.case_id and a.type = 'agency.responded' and a.seq > r.seq
            and a.subject is not distinct from r.subject and a.attrs->>'agency' = r.attrs->>'agency')`.execute(db),
  ]);
  return {
    openByCriterion: byCriterion.map((r) => ({ criterion: r.criterion, cases: Number(r.cases) })),
    overdueTasks: Number(overdue.n),
    stuckCases: Number(stuck.n),
    oldestPendingRequestOn: pending.rows[0]?.oldest ?? null,
    pendingRequests: Number(pending.rows[0]?.n ?? 0),
  };
}
