/** Read-model migration 2026-12-06-005-sealed-personnummer: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // the person's number, sealed with the payload keys (platform/sealing.ts), so FK staff can be
  // shown whose case it is; never in clear text (readModel/people.ts)
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('people').addColumn('sealed_personnummer', 'text').execute();
  },
};
