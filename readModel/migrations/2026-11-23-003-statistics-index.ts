/** Read-model migration 2026-11-23-003-statistics-index: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
  // the statistics ask for one event type over a period: type first makes each a narrow range
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('timeline_events_type_date').on('timeline_events').columns(['type', 'date', 'subject']).execute();
    await db.schema.dropIndex('timeline_events_date_type').execute();
  },
};
