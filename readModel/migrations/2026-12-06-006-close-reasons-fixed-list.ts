/** Read-model migration 2026-12-06-006-close-reasons-fixed-list: applied once, never edited (index.ts lists them in order). */
import { sql, type Migration, type Kysely } from 'kysely';

export const migration: Migration = {
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
};
