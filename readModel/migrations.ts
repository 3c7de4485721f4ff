/**
 * The read model's schema, as Kysely migrations kept in code (applied in order on start, each
 * once: Kysely records them in its own table, so a second start changes nothing). A schema change is
 * a new migration appended here, never an edit of an old one.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely';
import { fillCaseCounts } from './caseRollup';

/** Exported for the tests that run one migration over data of the schema before it. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-cases-tasks-events': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cases')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('person_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('criterion', 'text', (c) => c.notNull())
        .addColumn('caseworker_id', 'text')
        .addColumn('team', 'text')
        .addColumn('first_sick_day', 'date', (c) => c.notNull())
        .addColumn('prior_days', 'integer', (c) => c.notNull())
        .addColumn('opened_on', 'date', (c) => c.notNull())
        .addColumn('closed_on', 'date')
        .addColumn('close_reason', 'text')
        .addColumn('period_from', 'date')
        .addColumn('period_to', 'date')
        .addColumn('exception', 'text')
        .addColumn('exception_on', 'date')
        .addColumn('day181_on', 'date')
        .addColumn('next_deadline', 'date')
        .addColumn('deadline_sort', 'date', (c) => c.notNull())
        .addColumn('overdue_tasks', 'integer', (c) => c.notNull())
        .addColumn('stuck', 'boolean', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('cases_worklist').on('cases').columns(['status', 'deadline_sort', 'case_id']).execute();
      await db.schema.createIndex('cases_caseworker').on('cases').columns(['caseworker_id', 'status', 'deadline_sort']).execute();
      await db.schema.createIndex('cases_team').on('cases').columns(['team', 'status', 'deadline_sort']).execute();
      await db.schema.createIndex('cases_person').on('cases').column('person_key').execute();

      await db.schema
        .createTable('tasks')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'integer', (c) => c.notNull())
        .addColumn('task', 'text', (c) => c.notNull())
        .addColumn('due_day', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'date', (c) => c.notNull())
        .addColumn('overdue', 'boolean', (c) => c.notNull())
        .addColumn('criterion', 'text')
        .addColumn('caseworker_id', 'text')
        .addColumn('team', 'text')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('tasks_pk', ['case_id', 'task_id'])
        .execute();
      await db.schema.createIndex('tasks_due').on('tasks').columns(['due_date', 'case_id', 'task_id']).execute();
      await db.schema.createIndex('tasks_caseworker').on('tasks').columns(['caseworker_id', 'due_date']).execute();
      await db.schema.createIndex('tasks_team').on('tasks').columns(['team', 'due_date']).execute();

      await db.schema
        .createTable('timeline_events')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('date', 'date', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('attrs', 'jsonb', (c) => c.notNull())
        .addPrimaryKeyConstraint('timeline_events_pk', ['case_id', 'seq'])
        .execute();
      await db.schema.createIndex('timeline_events_date_type').on('timeline_events').columns(['date', 'type', 'subject']).execute();
    },
  },
  '2026-11-23-002-one-open-case-per-person': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('open_case_claims')
        .addColumn('person_key', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '2026-11-23-003-statistics-index': {
    // the statistics ask for one event type over a period: type first makes each a narrow range
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('timeline_events_type_date').on('timeline_events').columns(['type', 'date', 'subject']).execute();
      await db.schema.dropIndex('timeline_events_date_type').execute();
    },
  },
  '2026-11-24-004-people': {
    // the claim on a person and the person's closed sick periods in one row, so opening a case reads
    // both in the statement that claims (openCaseReservation.ts); open_case_claims is folded into it
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('people')
        .addColumn('person_key', 'text', (c) => c.primaryKey())
        .addColumn('open_case_id', 'text')
        .addColumn('closed_periods', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
      await sql`insert into people (person_key, closed_periods)
        select person_key, jsonb_object_agg(case_id, jsonb_build_object('from', period_from, 'to', period_to))
        from cases where status = 'closed' and period_from is not null and period_to is not null group by person_key`.execute(db);
      await sql`insert into people (person_key, open_case_id) select person_key, case_id from open_case_claims
        on conflict (person_key) do update set open_case_id = excluded.open_case_id`.execute(db);
      await db.schema.dropTable('open_case_claims').execute();
    },
  },
  '2026-12-06-005-sealed-personnummer': {
    // the person's number, sealed with the payload keys (platform/sealing.ts), so FK staff can be
    // shown whose case it is; never in clear text (readModel/people.ts)
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('people').addColumn('sealed_personnummer', 'text').execute();
    },
  },
  '2026-12-06-006-close-reasons-fixed-list': {
    // Closing reasons became a fixed list (docs/rules.md "Closing reasons"): a caseworker's free-text
    // reason of an earlier close (possibly health data) is scrubbed to `other`, in the case row and
    // in its case.closed event; the text itself stays only in the case's encrypted workflow state.
    async up(db: Kysely<unknown>): Promise<void> {
      // the list as it stood at this migration (a migration never changes with later code)
      const list = [
        'returned-to-work',
        'benefit-ended',
        'deceased',
        'sickness-compensation',
        'emigrated',
        'claim-withdrawn',
        'opened-in-error',
        'other',
      ];
      const fixed = sql.join(list.map((r) => sql.lit(r)));
      await sql`update cases set close_reason = 'other' where close_reason is not null and close_reason not in (${fixed})`.execute(db);
      await sql`update timeline_events set subject = 'other', attrs = jsonb_set(attrs, '{reason}', '"other"')
        where type = 'case.closed' and coalesce(attrs->>'reason', '') not in (${fixed})`.execute(db);
    },
  },
  '2026-12-06-007-archive-access-log-purge-log': {
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
  },
  '2026-12-06-008-people-carried-over': {
    // what a relapse carries over (domain/rules/relapse.ts), kept with the person's closed periods;
    // cases closed before have none: a relapse of them starts as before
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('people').addColumn('carried_over', 'jsonb').execute();
    },
  },
  '2026-12-06-011-pending-requests': {
    // what each open case waits for from an outside party (domain/pending.ts), addressed to the
    // party (an employer's organisation number, a region's code; none for AF): the parties' inboxes.
    // Cases project it from their next change on; a rebuild fills it for all.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('pending_requests')
        .ifNotExists()
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('party', 'text')
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('meeting', 'text')
        .addColumn('requested_on', 'date', (c) => c.notNull())
        .addColumn('due_on', 'date')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('pending_requests_pk', ['case_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('pending_requests_by_party')
        .ifNotExists()
        .on('pending_requests')
        .columns(['agency', 'party', 'due_on'])
        .execute();
    },
  },
  '2026-12-06-012-event-counts': {
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
  },
  '2026-12-06-013-team-event-counts': {
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
  },
  '2026-12-07-015-case-counts': {
    // the case roll-up (readModel/caseRollup.ts), kept by the projection from now on and filled here
    // from the cases already projected (derived from them alone, so a re-run fills it anew)
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('case_counts').ifExists().execute();
      await db.schema
        .createTable('case_counts')
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('caseworker', 'text', (c) => c.notNull())
        .addColumn('date', 'date', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_on', 'date', (c) => c.notNull())
        .addColumn('n', 'bigint', (c) => c.notNull())
        .addColumn('overdue', 'bigint', (c) => c.notNull())
        .addColumn('stuck', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_counts_pk', ['team', 'kind', 'caseworker', 'date', 'label', 'label_on'])
        .execute();
      await fillCaseCounts(db);
    },
  },
  '2026-12-07-016-people-open-case-index': {
    // whose case it is, found by the claim (readModel/people.ts): an index lookup, not a scan of every person
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('people_open_case_id').ifNotExists().on('people').column('open_case_id').execute();
    },
  },
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
