/**
 * The statistics' roll-up per team (`team_event_counts`): the same counters as the national one
 * (rollup.ts, the same key), per the team the case has now. A team's figures count the events of
 * the cases that are the team's today (a case reassigned to another team takes its whole history
 * with it), so the counters follow the case: the projection's statement (write.ts) counts its new
 * events for the team the case has after it, and when it moves the case to another team it moves
 * the case's earlier events from the old team's counters to the new one's. The purge (purge.ts)
 * takes a purged case's events out of its team's counters, as it takes the events themselves.
 * A case without a team counts in no team's figures (as before: `team = …` never matches none).
 */
import { sql, type RawBuilder } from 'kysely';
import { rolledUpSql, rollupKeySql } from './rollup';

/**
 * The team roll-up's part of the projection's statement (write.ts), as two CTEs. `prior` is the
 * case's row before the statement (its snapshot), `case_row` the upsert's `returning team` (a row
 * only when this projection wrote the case: a late or repeated one writes nothing), `new_events`
 * the events this statement really inserted. Projections of one case are written one after the
 * other (the workflow waits for each; a late retry of an older one changes no row), so the snapshot
 * holds every earlier event of the case and the team they are counted for.
 */
export function teamRollupCtes(caseId: string): RawBuilder<unknown> {
  const ne = rollupKeySql('ne');
  const e = rollupKeySql('e');
  return sql`team_deltas as (
      -- the new events, for the team the case has after this statement
      select (case when exists (select 1 from case_row) then (select team from case_row) else (select team from prior) end) as team,
        date, type, coalesce(subject, '') as subject, ${ne.value} as value, ${ne.variant} as variant, 1 as n
      from new_events as ne where ${rolledUpSql('ne')}
      union all
      -- a move to another team: the case's earlier events leave the old team's counters for the new one's
      select t.team, e.date, e.type, coalesce(e.subject, ''), ${e.value}, ${e.variant}, t.sign
      from timeline_events as e
      cross join (select team, -1 as sign from prior union all select team, 1 from case_row) as t
      where e.case_id = ${caseId} and ${rolledUpSql('e')}
        and exists (select 1 from prior) and exists (select 1 from case_row)
        and (select team from prior) is distinct from (select team from case_row)
    ), team_counted as (
      -- in key order, so two projections touching the same counters take their row locks in one order
      insert into team_event_counts (team, date, type, subject, value, variant, n)
      select team, date, type, subject, value, variant, sum(n) from team_deltas where team is not null
      group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
      on conflict (team, date, type, subject, value, variant) do update set n = team_event_counts.n + excluded.n
    )`;
}

/** Takes a case's events out of its team's counters (the purge, before it deletes them). */
export function uncountCaseSql(caseId: string): RawBuilder<unknown> {
  const key = rollupKeySql('e');
  return sql`insert into team_event_counts (team, date, type, subject, value, variant, n)
    select c.team, e.date, e.type, coalesce(e.subject, ''), ${key.value}, ${key.variant}, -count(*)
    from timeline_events as e join cases as c on c.case_id = e.case_id
    where e.case_id = ${caseId} and c.team is not null and ${rolledUpSql('e')}
    group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
    on conflict (team, date, type, subject, value, variant) do update set n = team_event_counts.n + excluded.n`;
}

/** Fills the team roll-up from the events and cases already there (a fresh table: migration, bench seeding). */
export function fillTeamRollupSql(): RawBuilder<unknown> {
  const key = rollupKeySql('e');
  return sql`insert into team_event_counts (team, date, type, subject, value, variant, n)
    select c.team, e.date, e.type, coalesce(e.subject, ''), ${key.value}, ${key.variant}, count(*)
    from timeline_events as e join cases as c on c.case_id = e.case_id
    where c.team is not null and ${rolledUpSql('e')}
    group by 1, 2, 3, 4, 5, 6`;
}
