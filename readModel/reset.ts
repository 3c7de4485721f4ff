/**
 * Empties an embedded read model back to the state its migrations left, so the tests' harness can
 * serve one database to test after test instead of loading a new one (about 1 s of CPU each). Only
 * for a database nobody is connected to: PGlite has ONE session, shared by every client of its socket.
 */
import type { PGlite } from '@electric-sql/pglite';

/** The migrator's own tables (Kysely's record of what is applied and its lock): kept as they are. */
const BOOKKEEPING = ['kysely_migration', 'kysely_migration_lock'];

/**
 * Every table but the migrator's emptied (sequences restarted, materialized views refreshed) and the
 * session's state dropped: an open transaction, settings, prepared statements, temporary tables,
 * advisory locks, listeners. The migrations insert no row into an empty database (a freshly migrated
 * one has none outside the bookkeeping; test/integration/readModelReset.test.ts checks it), so there
 * is nothing to put back.
 */
export async function resetEmbeddedDatabase(db: PGlite): Promise<void> {
  await db.runExclusive(async () => undefined); // a query a client sent before it went finishes first
  if (db.isInTransaction()) await db.exec('rollback');
  await db.exec('discard all');
  const relations = async (sql: string) => (await db.query<{ name: string }>(sql)).rows.map((r) => r.name);
  const user = `not in ('pg_catalog', 'information_schema')`;
  const tables = (
    await relations(`select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname ${user}`)
  ).filter((t) => !BOOKKEEPING.includes(t.replace(/^public\./, '')));
  const sequences = await relations(`select format('%I.%I', schemaname, sequencename) as name from pg_sequences where schemaname ${user}`);
  const views = await relations(`select format('%I.%I', schemaname, matviewname) as name from pg_matviews where schemaname ${user}`);
  // replica: no trigger fires (the access log refuses TRUNCATE: its entries are removed only by age)
  await db.exec(
    [
      `set session_replication_role = replica`,
      tables.length ? `truncate ${tables.join(', ')} restart identity cascade` : '',
      ...sequences.map((s) => `alter sequence ${s} restart`),
      ...views.map((v) => `refresh materialized view ${v}`),
    ]
      .filter(Boolean)
      .join(';\n'),
  );
  await db.exec('discard all'); // alone: it cannot run in the statements' implicit transaction
}
