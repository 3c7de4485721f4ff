/**
 * One open case per person, made certain: before the API starts a case it reserves the person's row
 * in `people` (a primary key, and the reservation an upsert on it, so of two openings at the same
 * moment exactly one wins); closing the case releases it in the statement that records the case's
 * period there (write.ts). The reservation returns the person's closed periods with it: one
 * statement, and atomic with every close of the person's earlier cases (the row lock orders them),
 * which is what the relapse rule needs. A reservation whose case the read model already shows as
 * closed is stale (the case ended without its closing projection, e.g. a rebuild in between) and is
 * taken over. Single statements only (see embedded.ts). ("Claims" are a token's, platform/tokens.ts.)
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';
import type { CarriedOver } from '../domain/rules/relapse';
import type { ClosedPeriod } from './schema';
import { literal } from './literals';

/** A won reservation carries the person's closed periods and what their latest closed case established (a relapse takes it over). */
export type Reservation = { won: true; closedPeriods: ClosedPeriod[]; carriedOver?: CarriedOver } | { won: false; holder: string };

const inOrder = (periods: Record<string, ClosedPeriod>): ClosedPeriod[] =>
  Object.values(periods).sort((a, b) => a.from.localeCompare(b.from));

/**
 * Claim the person for `caseId`: won (with the person's closed periods, oldest first), or the open
 * case that holds it. A won claim keeps the person's sealed number on the row in the same statement
 * (readModel/people.ts: whose case it is), so opening a case writes the person once.
 */
export async function reserveOpenCase(
  db: ReadModelDb,
  personKey: string,
  caseId: string,
  sealedPersonnummer?: string,
): Promise<Reservation> {
  // Every opening runs this: SQL written out (the query builder cost the API a third more CPU per
  // claim), its values as literals (readModel/literals.ts), so it travels as one simple-protocol message.
  const claim = sql.raw<{ closed_periods: Record<string, ClosedPeriod>; carried_over: (CarriedOver & { to: string }) | null }>(`
      insert into people (person_key, open_case_id, sealed_personnummer)
      values (${literal(personKey)}, ${literal(caseId)}, ${literal(sealedPersonnummer ?? null)})
      on conflict (person_key) do update set open_case_id = excluded.open_case_id,
        sealed_personnummer = coalesce(excluded.sealed_personnummer, people.sealed_personnummer)
      where people.open_case_id is null or people.open_case_id = excluded.open_case_id
      returning closed_periods, carried_over`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await claim.execute(db);
    const won = rows[0];
    if (won) {
      const { to: _to, ...carriedOver } = won.carried_over ?? { to: '' };
      return { won: true, closedPeriods: inOrder(won.closed_periods), ...(won.carried_over ? { carriedOver } : {}) };
    }
    const holder = await db.selectFrom('people').select('open_case_id').where('person_key', '=', personKey).executeTakeFirst();
    if (!holder?.open_case_id) continue; // released between the two statements: try again
    const held = await db.selectFrom('cases').select('status').where('case_id', '=', holder.open_case_id).executeTakeFirst();
    if (held?.status !== 'closed') return { won: false, holder: holder.open_case_id };
    await releaseClosedCase(db, holder.open_case_id);
  }
  throw new Error('the claim on this person kept changing');
}

/** Give a claim back (the case could not be started after all). */
export async function releaseReservation(db: ReadModelDb, personKey: string, caseId: string): Promise<void> {
  await db
    .updateTable('people')
    .set({ open_case_id: null })
    .where('person_key', '=', personKey)
    .where('open_case_id', '=', caseId)
    .execute();
}

/** A stale claim's case is closed: release it and keep its period, from its case row. */
async function releaseClosedCase(db: ReadModelDb, caseId: string): Promise<void> {
  await sql`update people set open_case_id = null,
      closed_periods = people.closed_periods || coalesce(
        (select jsonb_build_object(c.case_id, jsonb_build_object('from', c.period_from, 'to', c.period_to))
           from cases c where c.case_id = ${caseId} and c.period_from is not null and c.period_to is not null),
        '{}'::jsonb)
    where open_case_id = ${caseId}`.execute(db);
}
