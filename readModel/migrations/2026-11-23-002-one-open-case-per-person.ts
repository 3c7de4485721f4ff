/** Read-model migration 2026-11-23-002-one-open-case-per-person: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('open_case_claims')
      .addColumn('person_key', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
