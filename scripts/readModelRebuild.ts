/**
 * Rebuilding the read model from the workflows, the source of truth (disaster recovery, or a schema
 * change that is easier to fill anew): the tables are dropped and migrated again, then every case
 * (running or closed) is asked for its whole projection by query and written, and the open cases
 * claim their people again. Closed cases are answered by replay, so a worker must be running.
 * The archive, the access log and the purge log are records, not projections: never dropped here.
 */
import { sql, type Kysely } from 'kysely';
import type { Client } from '@temporalio/client';
import { CASE_WORKFLOW, projectionQuery } from '../workflows/definitions';
import type { ReadModelDb } from '../readModel/connect';
import { migrateToLatest } from '../readModel/migrations';
import { writeProjection } from '../readModel/write';

export async function rebuildReadModel(
  client: Client,
  db: ReadModelDb,
  log: (line: string) => void = () => {},
): Promise<{ cases: number; events: number }> {
  for (const table of [
    'timeline_events',
    'event_counts',
    'team_event_counts',
    'case_counts',
    'pending_requests',
    'tasks',
    'people',
    'open_case_claims',
    'cases',
    'kysely_migration',
    'kysely_migration_lock',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await migrateToLatest(db as unknown as Kysely<unknown>);
  let cases = 0;
  let events = 0;
  const query = `WorkflowType = '${CASE_WORKFLOW}' AND ExecutionStatus != 'ContinuedAsNew'`;
  for await (const wf of client.workflow.list({ query })) {
    const p = await client.workflow.getHandle(wf.workflowId, wf.runId).query(projectionQuery);
    await writeProjection(db, p);
    cases += 1;
    events += p.events.length;
    if (cases % 500 === 0) log(`rebuilt ${cases} cases`);
  }
  // closed cases kept their periods on their people's rows as they were written; open ones claim theirs
  await sql`insert into people (person_key, open_case_id) select person_key, case_id from cases where status = 'open'
    on conflict (person_key) do update set open_case_id = excluded.open_case_id where people.open_case_id is null`.execute(db);
  return { cases, events };
}
