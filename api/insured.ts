/**
 * The insured person signed in (role `insured`): their person key from the token's personnummer
 * (the keyed hash; the number itself goes no further), and their own cases from the read model.
 * A case that is not theirs is answered as one that does not exist (404 CASE_NOT_FOUND, not 403):
 * the answer must not tell anyone that a case ID belongs to somebody (docs/security.md).
 */
import type { FastifyInstance } from 'fastify';
import { stockholmDateOf } from '../domain/calendar';
import { parsePersonnummer } from '../domain/identity';
import type { Actor } from '../domain/vocabulary';
import { HttpError } from '../platform/httpErrors';
import { personKey } from '../platform/secrets';
import { actorOf, type TokenClaims } from '../platform/tokens';
import { insuredCases, type InsuredCases } from '../readModel/insuredCases';

/** The person key of the insured's token (its personnummer was checked when the token was). */
export function insuredPersonKey(secret: string, claims: TokenClaims): string {
  const pnr = parsePersonnummer(claims.personnummer ?? '', stockholmDateOf(Date.now()));
  if (!pnr.ok) throw new HttpError(401, 'UNAUTHENTICATED', `the token's personnummer is not valid (${pnr.reason})`);
  return personKey(secret, pnr.value.normalised);
}

/** The insured as an actor on their case: the workflow checks the person key too (domain/parties.ts). */
export const insuredActor = (secret: string, claims: TokenClaims): Actor => ({
  ...actorOf(claims),
  personKey: insuredPersonKey(secret, claims),
});

export const casesOfInsured = (app: FastifyInstance, claims: TokenClaims): Promise<InsuredCases> =>
  insuredCases(app.readModel, insuredPersonKey(app.secrets.personKeySecret, claims));

/** 404 unless the case is the insured's own. */
export async function requireOwnCase(app: FastifyInstance, claims: TokenClaims, caseId: string): Promise<void> {
  const { caseIds } = await casesOfInsured(app, claims);
  if (!caseIds.has(caseId)) throw new HttpError(404, 'CASE_NOT_FOUND', 'there is no case with this ID');
}
