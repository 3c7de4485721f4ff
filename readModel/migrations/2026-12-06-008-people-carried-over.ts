/** Read-model migration 2026-12-06-008-people-carried-over: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // what a relapse carries over (domain/rules/relapse.ts), kept with the person's closed periods;
  // cases closed before have none: a relapse of them starts as before
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('people').addColumn('carried_over', 'jsonb').execute();
  },
};
