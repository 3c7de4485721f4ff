/**
 * One open case per person, made certain: before the API starts a case it claims the person key
 * (a primary key, so of two openings at the same moment exactly one wins); closing the case releases
 * the claim (write.ts). A claim whose case the read model already shows as closed is stale (its
 * release was lost) and is taken over. Single statements only (see embedded.ts).
 */
import type { ReadModelDb } from './connect';

/** Claim the person for `caseId`: the case ID that holds the claim afterwards (ours, or the open one). */
export async function claimOpenCase(db: ReadModelDb, personKey: string, caseId: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    // the usual case, a person without a claim, takes one statement: the insert says it won
    const won = await db
      .insertInto('open_case_claims')
      .values({ person_key: personKey, case_id: caseId })
      .onConflict((oc) => oc.column('person_key').doNothing())
      .returning('case_id')
      .executeTakeFirst();
    if (won) return caseId;
    const holder = await db.selectFrom('open_case_claims').select('case_id').where('person_key', '=', personKey).executeTakeFirst();
    if (!holder) continue; // released between the two statements: try again
    if (holder.case_id === caseId) return caseId;
    const held = await db.selectFrom('cases').select('status').where('case_id', '=', holder.case_id).executeTakeFirst();
    if (held?.status !== 'closed') return holder.case_id;
    await db.deleteFrom('open_case_claims').where('person_key', '=', personKey).where('case_id', '=', holder.case_id).execute();
  }
  throw new Error('the claim on this person kept changing');
}

/** Give a claim back (the case could not be started after all). */
export async function releaseClaim(db: ReadModelDb, personKey: string, caseId: string): Promise<void> {
  await db.deleteFrom('open_case_claims').where('person_key', '=', personKey).where('case_id', '=', caseId).execute();
}
