/** Read-model migration 2026-11-23-001-cases-tasks-events: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
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
};
