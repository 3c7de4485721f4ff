/**
 * Whose case it is: the person's sealed personnummer (platform/sealing.ts) on the person's row, found
 * from a case ID. An open case is found by the claim (written before the case starts, so a case is
 * known from its first moment); a closed one by its case row's person key.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';

/** Keep the sealed number on the person's row (the row exists: the claim made it). */
export async function rememberPerson(db: ReadModelDb, personKey: string, sealedPersonnummer: string): Promise<void> {
  await db.updateTable('people').set({ sealed_personnummer: sealedPersonnummer }).where('person_key', '=', personKey).execute();
}

/**
 * The sealed personnummer of each case that has one, by case ID: two index lookups per case (the
 * claim's `open_case_id`, else the case row's person key). One join on either of the two made the
 * planner scan every person for every case ID (3.5 ms of the read model's CPU per ID at 2,000 people;
 * docs/performance.md, "Round 4").
 */
export async function sealedPeopleOfCases(db: ReadModelDb, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (!caseIds.length) return new Map();
  const { rows } = await sql<{ case_id: string; sealed: string }>`
    select c.id as case_id, p.sealed as sealed
      from unnest(${sql.val([...caseIds])}::text[]) as c(id)
      cross join lateral (
        select sealed_personnummer as sealed from people where open_case_id = c.id and sealed_personnummer is not null
        union all
        select p.sealed_personnummer from cases k join people p on p.person_key = k.person_key
         where k.case_id = c.id and p.sealed_personnummer is not null
        limit 1) p`.execute(db);
  return new Map(rows.map((r) => [r.case_id, r.sealed]));
}
