/** Read-model migration 2026-11-24-004-people: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
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
};
