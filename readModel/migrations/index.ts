/**
 * The read model's schema, as Kysely migrations kept in code (applied in order on start, each
 * once: Kysely records them in its own table, so a second start changes nothing). A schema change is
 * a new migration: a new file here, named as its key below and appended to the list, never an edit
 * of an old one.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { Migrator } from 'kysely';
import { migration as casesTasksEvents } from './2026-11-23-001-cases-tasks-events';
import { migration as oneOpenCasePerPerson } from './2026-11-23-002-one-open-case-per-person';
import { migration as statisticsIndex } from './2026-11-23-003-statistics-index';
import { migration as people } from './2026-11-24-004-people';
import { migration as sealedPersonnummer } from './2026-12-06-005-sealed-personnummer';
import { migration as closeReasonsFixedList } from './2026-12-06-006-close-reasons-fixed-list';
import { migration as archiveAccessLogPurgeLog } from './2026-12-06-007-archive-access-log-purge-log';
import { migration as peopleCarriedOver } from './2026-12-06-008-people-carried-over';
import { migration as pendingRequests } from './2026-12-06-011-pending-requests';
import { migration as eventCounts } from './2026-12-06-012-event-counts';
import { migration as teamEventCounts } from './2026-12-06-013-team-event-counts';
import { migration as caseCounts } from './2026-12-07-015-case-counts';
import { migration as peopleOpenCaseIndex } from './2026-12-07-016-people-open-case-index';

/** In the order they apply. Exported for the tests that run one migration over data of the schema before it. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-cases-tasks-events': casesTasksEvents,
  '2026-11-23-002-one-open-case-per-person': oneOpenCasePerPerson,
  '2026-11-23-003-statistics-index': statisticsIndex,
  '2026-11-24-004-people': people,
  '2026-12-06-005-sealed-personnummer': sealedPersonnummer,
  '2026-12-06-006-close-reasons-fixed-list': closeReasonsFixedList,
  '2026-12-06-007-archive-access-log-purge-log': archiveAccessLogPurgeLog,
  '2026-12-06-008-people-carried-over': peopleCarriedOver,
  '2026-12-06-011-pending-requests': pendingRequests,
  '2026-12-06-012-event-counts': eventCounts,
  '2026-12-06-013-team-event-counts': teamEventCounts,
  '2026-12-07-015-case-counts': caseCounts,
  '2026-12-07-016-people-open-case-index': peopleOpenCaseIndex,
};

/** True when every migration is recorded as applied (a plain read: no lock, no transaction). */
async function upToDate(db: Kysely<unknown>): Promise<boolean> {
  const table = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!table.rows[0]?.t) return false; // a new database
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return Object.keys(migrations).every((m) => applied.has(m));
}

/**
 * Apply every migration not yet applied; throws with the failing migration's name. A database that
 * is up to date is only read: on the embedded PGlite, whose one session the clients share, the
 * migrator's locking transaction runs once, in the process that serves it (embedded.ts).
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`read model migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
