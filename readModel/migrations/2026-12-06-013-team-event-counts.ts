/** Read-model migration 2026-12-06-013-team-event-counts: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // the statistics' roll-up per team (readModel/teamRollup.ts), kept by the projection from now on
  // and filled here from the events and the cases' teams already projected; the key as in 012.
  // Derived from timeline_events and cases alone, so a re-run fills it anew
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('team_event_counts').ifExists().execute();
    await db.schema
      .createTable('team_event_counts')
      .addColumn('team', 'text', (c) => c.notNull())
      .addColumn('date', 'date', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('variant', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('team_event_counts_pk', ['team', 'date', 'type', 'subject', 'value', 'variant'])
      .execute();
    await sql`insert into team_event_counts (team, date, type, subject, value, variant, n)
      select c.team, e.date, e.type, coalesce(e.subject, ''),
        case when e.type = 'agency.responded' and e.subject = 'afu' then coalesce((e.attrs->>'turnaroundDays')::int, -1)
          when (e.type = 'agency.responded' and e.subject = 'return-to-work-plan') or (e.type = 'command.recorded' and e.subject = 'register-plan')
            or (e.type = 'case.closed' and e.subject = 'returned-to-work') then e.day
          else -1 end,
        case when (e.type = 'agency.responded' and e.subject = 'return-to-work-plan') or (e.type = 'command.recorded' and e.subject = 'register-plan')
          then coalesce(e.attrs->>'via', '') else '' end,
        count(*)
      from timeline_events e join cases c on c.case_id = e.case_id
      where c.team is not null and (e.type in ('meeting.held', 'meeting.scheduled', 'agency.requested', 'agency.responded')
        or (e.type = 'command.recorded' and e.subject = 'register-plan') or (e.type = 'case.closed' and e.subject = 'returned-to-work'))
      group by 1, 2, 3, 4, 5, 6`.execute(db);
  },
};
