/** Read-model migration 2026-12-06-012-event-counts: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // the statistics' roll-up (readModel/rollup.ts), written with the events from now on and filled
  // here from the events already projected; the key as it stood at this migration. Derived from
  // timeline_events alone, so a re-run (the migration test runs again from 004) fills it anew
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('event_counts').ifExists().execute();
    await db.schema
      .createTable('event_counts')
      .addColumn('date', 'date', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('variant', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_counts_pk', ['date', 'type', 'subject', 'value', 'variant'])
      .execute();
    await db.schema.createIndex('event_counts_type_date').on('event_counts').columns(['type', 'date']).execute();
    await sql`insert into event_counts (date, type, subject, value, variant, n)
      select date, type, coalesce(subject, ''),
        case when type = 'agency.responded' and subject = 'afu' then coalesce((attrs->>'turnaroundDays')::int, -1)
          when (type = 'agency.responded' and subject = 'return-to-work-plan') or (type = 'command.recorded' and subject = 'register-plan')
            or (type = 'case.closed' and subject = 'returned-to-work') then day
          else -1 end,
        case when (type = 'agency.responded' and subject = 'return-to-work-plan') or (type = 'command.recorded' and subject = 'register-plan')
          then coalesce(attrs->>'via', '') else '' end,
        count(*)
      from timeline_events
      where type in ('meeting.held', 'meeting.scheduled', 'agency.requested', 'agency.responded')
        or (type = 'command.recorded' and subject = 'register-plan') or (type = 'case.closed' and subject = 'returned-to-work')
      group by 1, 2, 3, 4, 5`.execute(db);
  },
};
