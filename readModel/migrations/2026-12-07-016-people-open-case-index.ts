/** Read-model migration 2026-12-07-016-people-open-case-index: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // whose case it is, found by the claim (readModel/people.ts): an index lookup, not a scan of every person
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('people_open_case_id').ifNotExists().on('people').column('open_case_id').execute();
  },
};
