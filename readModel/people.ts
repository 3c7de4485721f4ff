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

/** The sealed personnummer of each case that has one, by case ID. */
export async function sealedPeopleOfCases(db: ReadModelDb, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (!caseIds.length) return new Map();
  const { rows } = await sql<{ case_id: string; sealed: string }>`
    select c.id as case_id, p.sealed_personnummer as sealed
      from unnest(${sql.val([...caseIds])}::text[]) as c(id)
      join people p on p.open_case_id = c.id
        or p.person_key = (select person_key from cases where case_id = c.id)
     where p.sealed_personnummer is not null`.execute(db);
  return new Map(rows.map((r) => [r.case_id, r.sealed]));
}
