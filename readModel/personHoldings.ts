/**
 * What the read model holds about one person, by person key (the register extract,
 * docs/records.md): the IDs of their cases (open by the claim, closed by their case rows or archived
 * records), their closed periods and carried-over facts.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';
import type { ClosedPeriod } from './schema';
import type { CarriedOver } from '../domain/rules/relapse';

export interface PersonHoldings {
  caseIds: string[];
  closedPeriods: (ClosedPeriod & { caseId: string })[];
  carriedOver: (CarriedOver & { to: string }) | null;
}

export async function personHoldings(db: ReadModelDb, personKey: string): Promise<PersonHoldings> {
  const [ids, person] = await Promise.all([
    sql<{ case_id: string }>`
      select case_id from cases where person_key = ${personKey}
      union select case_id from case_archive where person_key = ${personKey}
      union select open_case_id from people where person_key = ${personKey} and open_case_id is not null
      order by case_id`.execute(db),
    db.selectFrom('people').select(['closed_periods', 'carried_over']).where('person_key', '=', personKey).executeTakeFirst(),
  ]);
  const closedPeriods = Object.entries(person?.closed_periods ?? {})
    .map(([caseId, p]) => ({ caseId, ...p }))
    .sort((a, b) => a.from.localeCompare(b.from));
  return { caseIds: ids.rows.map((r) => r.case_id), closedPeriods, carriedOver: person?.carried_over ?? null };
}
