/**
 * The case roll-up (`case_counts`): the figures a supervisor reads from the cases themselves (how
 * many were open in a period, the open cases by assessment criterion and by caseworker, the overdue
 * tasks, the cases stuck, day 181 reached and its outcome) kept as counters per team, so a team's
 * dashboard sums a few hundred counter rows instead of reading the team's thousands of cases.
 *
 * The projection's statement (write.ts) keeps them, as it keeps the event roll-ups (rollup.ts,
 * teamRollup.ts): the case's row before the statement counts −1 and its row after it +1, under the
 * keys below, and only when the statement really wrote the case (a late or repeated projection
 * writes nothing, so counts nothing). The purge (purge.ts) takes a purged case out. Keys:
 * - `status:open` / `status:closed` × criterion (`label`): cases, their overdue tasks (the case
 *   row's `overdue_tasks`, the count of its open tasks marked overdue) and stuck cases;
 * - `caseworker:open` × caseworker: the same of the open cases, per caseworker (a key of its own, so
 *   the figures above read a few rows per team however many caseworkers it has);
 * - `opened` on opened_on and `closed` on closed_on: the cases open at some time in [from, to] are
 *   those opened by `to` less those closed before `from` (a case closes on or after it opened);
 * - `day181:open` / `day181:closed` on day181_on, with the exception (`label`) and when it was
 *   decided (`label_on`): a closed case only when it closed on or after that day, an open case
 *   when the day has come (the reader's today).
 * A case without a team or caseworker counts under ''. The whole caseload is the sum over teams.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ReadModelDatabase } from './schema';

/** The read model (connect.ts's ReadModelDb; named here without it, which runs the migrations that fill this). */
type ReadModelDb = Kysely<ReadModelDatabase>;

/** The case row's columns the counters read (the projection's snapshot and its upsert's `returning`, in this order). */
export const COUNTED_COLUMNS = [
  'team',
  'status',
  'caseworker_id',
  'criterion',
  'overdue_tasks',
  'stuck',
  'opened_on',
  'closed_on',
  'day181_on',
  'exception',
  'exception_on',
] as const;

export const countedColumnsSql = (): RawBuilder<unknown> => sql.join(COUNTED_COLUMNS.map((c) => sql.ref(c)));

/** A date key where the counter has none ('0001-01-01'), or no exception decided ('9999-12-31'). */
const NO_DATE = sql`'0001-01-01'::date`;
const NEVER = sql`'9999-12-31'::date`;

/**
 * Adds the counters of the rows of `case_deltas` (a relation with a `sign` and COUNTED_COLUMNS) to
 * `case_counts`, in key order (two projections touching the same counters lock them in one order).
 */
export function countCasesSql(): RawBuilder<unknown> {
  return sql`insert into case_counts (team, kind, caseworker, date, label, label_on, n, overdue, stuck)
    select team, kind, caseworker, date, label, label_on, sum(n), sum(overdue), sum(stuck) from (
      select coalesce(team, '') as team, 'status:' || status as kind, '' as caseworker,
        ${NO_DATE} as date, criterion as label, ${NO_DATE} as label_on, sign as n, sign * overdue_tasks as overdue, sign * stuck::int as stuck
      from case_deltas
      union all
      select coalesce(team, ''), 'caseworker:open', coalesce(caseworker_id, ''), ${NO_DATE}, '', ${NO_DATE}, sign, sign * overdue_tasks, sign * stuck::int
      from case_deltas where status = 'open'
      union all
      select coalesce(team, ''), 'opened', '', opened_on, '', ${NO_DATE}, sign, 0, 0 from case_deltas
      union all
      select coalesce(team, ''), 'closed', '', closed_on, '', ${NO_DATE}, sign, 0, 0 from case_deltas where closed_on is not null
      union all
      select coalesce(team, ''), case when closed_on is null then 'day181:open' else 'day181:closed' end, '', day181_on,
        coalesce(exception, ''), coalesce(exception_on, ${NEVER}), sign, 0, 0
      from case_deltas where day181_on is not null and (closed_on is null or day181_on <= closed_on)
    ) as k
    group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 or sum(overdue) <> 0 or sum(stuck) <> 0 order by 1, 2, 3, 4, 5, 6
    on conflict (team, kind, caseworker, date, label, label_on) do update
      set n = case_counts.n + excluded.n, overdue = case_counts.overdue + excluded.overdue, stuck = case_counts.stuck + excluded.stuck`;
}

/** The projection's part (write.ts), after `prior` (the case's row before, COUNTED_COLUMNS) and `case_row` (its upsert's returning). */
export function caseRollupCtes(): RawBuilder<unknown> {
  return sql`case_deltas as (
      select -1 as sign, p.* from prior as p where exists (select 1 from case_row)
      union all
      select 1, r.* from case_row as r
    ), case_counted as (${countCasesSql()})`;
}

/** Takes a case out of the counters (the purge, before it deletes the case). */
export const uncountCaseSql = (caseId: string): RawBuilder<unknown> =>
  sql`with case_deltas as (select -1 as sign, ${countedColumnsSql()} from cases where case_id = ${caseId}) ${countCasesSql()}`;

/**
 * Fills the counters from the cases already there (a fresh table: the migration, the bench's
 * seeding), a team at a time: each statement stays well inside the connection's query timeout at
 * a national caseload (all 200,000 cases at once outlasted its 15 s on a loaded machine).
 */
export async function fillCaseCounts(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ team: string | null }>`select distinct team from cases`.execute(db);
  for (const { team } of rows)
    await sql`with case_deltas as (select 1 as sign, ${countedColumnsSql()} from cases
      where ${team === null ? sql`team is null` : sql`team = ${team}`}) ${countCasesSql()}`.execute(db);
}

export interface CaseFigures {
  /** cases open at some time within [from, to] */
  cases: number;
  overdueTasksOpen: number;
  casesByCriterion: Record<string, number>;
  day181: { reached: number; byException: Record<string, number> };
}

/** The case figures of a period, for a team or (no team) the whole caseload; `today` bounds the open cases' day 181. */
export async function caseFigures(db: ReadModelDb, f: { from: string; to: string; today: string; team?: string }): Promise<CaseFigures> {
  const { rows } = await sql<{ kind: string; label: string; stayed: boolean; n: number; overdue: number }>`
    select kind, label, label_on <= ${f.to}::date as stayed, sum(n) as n, sum(overdue) as overdue from case_counts
    where ${f.team === undefined ? sql`true` : sql`team = ${f.team}`}
      and (kind like 'status:%' or (kind = 'opened' and date <= ${f.to}::date) or (kind = 'closed' and date < ${f.from}::date)
        or (kind like 'day181:%' and date between ${f.from}::date and ${f.to}::date and (kind = 'day181:closed' or date <= ${f.today}::date)))
    group by 1, 2, 3`.execute(db);
  const out: CaseFigures = { cases: 0, overdueTasksOpen: 0, casesByCriterion: {}, day181: { reached: 0, byException: {} } };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.kind.startsWith('status:')) out.overdueTasksOpen += Number(r.overdue);
    if (r.kind === 'status:open' && n) out.casesByCriterion[r.label] = (out.casesByCriterion[r.label] ?? 0) + n;
    if (r.kind === 'opened') out.cases += n;
    if (r.kind === 'closed') out.cases -= n;
    if (r.kind.startsWith('day181:')) {
      out.day181.reached += n;
      if (r.label && r.stayed && n) out.day181.byException[r.label] = (out.day181.byException[r.label] ?? 0) + n;
    }
  }
  return out;
}

export interface CaseworkerLoad {
  /** null: the open cases with no caseworker */
  caseworkerId: string | null;
  openCases: number;
  overdueTasks: number;
  stuckCases: number;
}

/** The open cases, overdue tasks and stuck cases per caseworker, of a team or (no team) the whole caseload; by caseworker. */
export async function caseloadByCaseworker(db: ReadModelDb, team?: string): Promise<CaseworkerLoad[]> {
  const { rows } = await sql<{ caseworker: string; n: number; overdue: number; stuck: number }>`
    select caseworker, sum(n) as n, sum(overdue) as overdue, sum(stuck) as stuck from case_counts
    where kind = 'caseworker:open' and ${team === undefined ? sql`true` : sql`team = ${team}`}
    group by 1 having sum(n) <> 0 order by 1`.execute(db);
  return rows.map((r) => ({
    caseworkerId: r.caseworker || null,
    openCases: Number(r.n),
    overdueTasks: Number(r.overdue),
    stuckCases: Number(r.stuck),
  }));
}
