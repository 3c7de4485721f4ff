/**
 * Purging closed cases on time (gallring, docs/records.md). A case is due when its closing day lies
 * `retentionYears` or more before the purge's date. Each due case is purged in one transaction with
 * its purge-log entry: every row of every table that holds the case (found by its `case_id` column,
 * so a table added later is purged too), its period and carried-over facts on the person's row, and
 * the person's row itself once nothing of the person is kept. The access log keeps its own entries
 * (they are purged by their own `keep_until`, accessLog.ts); the purge log is kept for good.
 * Idempotent and resumable: a purged case is no longer due, so a batch interrupted after any case
 * leaves whole cases purged and the rest untouched, and the next batch (or run) continues.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';
import { uncountCaseSql } from './teamRollup';
import { uncountCaseSql as uncountCaseRowSql } from './caseRollup';

/** Tables with a `case_id` column that the purge leaves alone (they have their own retention). */
const KEPT_TABLES = new Set(['access_log', 'purge_log']);

export interface DueCase {
  caseId: string;
  closedOn: string;
  personKey: string;
}

/** Closed cases due for purging on `asOf`, oldest first, at most `limit` (archived or only in the read model). */
export async function dueCases(db: ReadModelDb, asOf: string, retentionYears: number, limit: number): Promise<DueCase[]> {
  const { rows } = await sql<DueCase>`
    select case_id as "caseId", min(closed_on)::text as "closedOn", min(person_key) as "personKey" from (
      select case_id, closed_on, person_key from case_archive
      union all select case_id, closed_on, person_key from cases where status = 'closed' and closed_on is not null
    ) c
    where closed_on + make_interval(years => ${retentionYears}) <= ${asOf}::date
      and not exists (select 1 from purge_log p where p.case_id = c.case_id)
    group by case_id order by min(closed_on), case_id limit ${limit}`.execute(db);
  return rows;
}

/** The read model's tables that hold rows by case ID (information_schema), but the kept ones. */
async function caseTables(db: ReadModelDb): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and c.column_name = 'case_id' and t.table_type = 'BASE TABLE'
     order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name).filter((t) => !KEPT_TABLES.has(t));
}

export interface PurgedCase {
  /** rows removed, per table (`people` 1 when the person's row went with the case) */
  removed: Record<string, number>;
  /** the person's row was removed: nothing of the person is kept */
  personRemoved: boolean;
}

/**
 * Purges one due case in one transaction with its purge-log entry; undefined when another run
 * purged it first (its purge-log entry is there: nothing changes). `beforeCommit` is for tests: a
 * failure there leaves nothing of this case's purge applied.
 */
export async function purgeCase(db: ReadModelDb, c: DueCase, runId: string, beforeCommit?: () => void): Promise<PurgedCase | undefined> {
  const tables = await caseTables(db);
  return db.transaction().execute(async (tx) => {
    const logged = await tx
      .insertInto('purge_log')
      .values({ case_id: c.caseId, closed_on: c.closedOn, run_id: runId, removed: '{}' })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .returning('case_id')
      .executeTakeFirst();
    if (!logged) return undefined;
    // the team's figures count the case's events and the case no longer (teamRollup.ts, caseRollup.ts), as they go below
    await uncountCaseSql(c.caseId).execute(tx);
    await uncountCaseRowSql(c.caseId).execute(tx);
    const removed: Record<string, number> = {};
    for (const t of tables) {
      const res = await sql`delete from ${sql.table(t)} where case_id = ${c.caseId}`.execute(tx);
      removed[t] = Number(res.numAffectedRows ?? 0);
    }
    // the person's row: the case's period and, if they came from it, its carried-over facts go
    await sql`update people set closed_periods = closed_periods - ${c.caseId},
        open_case_id = case when open_case_id = ${c.caseId} then null else open_case_id end,
        carried_over = case when carried_over is not null and not exists (
            select 1 from jsonb_each(closed_periods - ${c.caseId}) p where p.value->>'to' = carried_over->>'to')
          then null else carried_over end
      where person_key = ${c.personKey}`.execute(tx);
    // and the whole row once the person has no case kept any more (open or closed, archived or not)
    const gone = await sql`delete from people p where p.person_key = ${c.personKey} and p.open_case_id is null
        and not exists (select 1 from cases where person_key = p.person_key)
        and not exists (select 1 from case_archive where person_key = p.person_key)`.execute(tx);
    const personRemoved = Number(gone.numAffectedRows ?? 0) > 0;
    removed.people = personRemoved ? 1 : 0;
    await tx
      .updateTable('purge_log')
      .set({ removed: JSON.stringify(removed) })
      .where('case_id', '=', c.caseId)
      .execute();
    beforeCommit?.();
    return { removed, personRemoved };
  });
}
