/** Read-model migration 2026-12-07-015-case-counts: applied once, never edited (index.ts lists them in order). */
import { type Migration, type Kysely } from 'kysely';
import { fillCaseCounts } from '../caseRollup';

export const migration: Migration = {
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
};
