/** Read-model migration 2026-12-06-011-pending-requests: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
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
};
