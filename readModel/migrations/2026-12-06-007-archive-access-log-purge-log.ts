/** Read-model migration 2026-12-06-007-archive-access-log-purge-log: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // closed cases' sealed records (readModel/archive.ts), the access log (readModel/accessLog.ts)
  // and the log of purged cases; docs/records.md. Not derived from the workflows: a read-model
  // rebuild (rebuild.ts) keeps them and runs this again, so every statement here is idempotent.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('case_archive')
      .ifNotExists()
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('person_key', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'date', (c) => c.notNull())
      .addColumn('history_events', 'integer', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('written_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('case_archive_person').ifNotExists().on('case_archive').column('person_key').execute();
    await db.schema.createIndex('case_archive_closed_on').ifNotExists().on('case_archive').column('closed_on').execute();

    await db.schema
      .createTable('access_log')
      .ifNotExists()
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('sub', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('keep_until', 'date', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('access_log_case').ifNotExists().on('access_log').columns(['case_id', 'at']).execute();
    await db.schema.createIndex('access_log_sub').ifNotExists().on('access_log').columns(['sub', 'at']).execute();
    // append-only: an entry is never changed, and deleted only once its own retention has passed
    await sql`create or replace function access_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'DELETE' then raise exception 'access log entries are never changed (%)', tg_op; end if;
        if old.keep_until > current_date then raise exception 'access log entry % is kept until %', old.id, old.keep_until; end if;
        return old;
      end $$`.execute(db);
    await sql`create or replace trigger access_log_append_only before update or delete on access_log
      for each row execute function access_log_append_only()`.execute(db);
    await sql`create or replace trigger access_log_no_truncate before truncate on access_log
      for each statement execute function access_log_append_only()`.execute(db);

    await db.schema
      .createTable('purge_log')
      .ifNotExists()
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('closed_on', 'date', (c) => c.notNull())
      .addColumn('purged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('removed', 'jsonb', (c) => c.notNull())
      .execute();
  },
};
