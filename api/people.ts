/**
 * Whose case it is, for FK staff: the person's personnummer (sealed in the read model,
 * readModel/people.ts) opened at read time and the population register's name. A person with
 * protected identity (skyddade personuppgifter) is shown only to users holding the
 * `protected-identity` clearance (docs/security.md); everyone else gets `{protectedIdentity: true}`.
 * Nothing of this is logged or stored in clear text; the API's memory holds the register's answers
 * and, for the read of one case, the case's sealed number, each for at most a minute.
 */
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { PayloadKey } from '../platform/codec';
import {
  PopulationRegisterUnavailable,
  rememberedForAMinute,
  type PopulationRecord,
  type PopulationRegister,
} from '../platform/populationRegister';
import { seal, unseal } from '../platform/sealing';
import type { TokenClaims } from '../platform/tokens';
import { rememberPerson, sealedPeopleOfCases } from '../readModel/people';
import { HttpError } from '../platform/httpErrors';
import { personSchema, type PersonView } from '../contract/people';

export { personSchema, type PersonView };

export interface People {
  /** the register's record of a (normalised) personnummer; 503 when the register does not answer */
  lookup(normalised: string): Promise<PopulationRecord>;
  /** keep the person's number, sealed, on the person's read-model row */
  remember(personKey: string, normalised: string): Promise<void>;
  /** the person's number sealed as `remember` keeps it (for the claim that writes it with the person's row) */
  sealed(normalised: string): string;
  /** the people of these cases as this user may see them (cases without a known person are left out) */
  ofCases(caseIds: readonly string[], user: TokenClaims): Promise<Map<string, PersonView>>;
  /**
   * The person of one case as this user may see it (undefined when not known), for a read of that
   * case only: the link is kept in memory a minute, so the caller serves it only beside the case's
   * own read, which answers 410 GONE once the case is purged (api/reads.ts).
   */
  ofCase(caseId: string, user: TokenClaims): Promise<PersonView | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    people: People;
  }
}

/** `ÅÅÅÅMMDDNNNN` → `ÅÅÅÅMMDD-NNNN`, the form people read. */
export const displayPersonnummer = (normalised: string): string => `${normalised.slice(0, 8)}-${normalised.slice(8)}`;

export const clearedForProtected = (user: TokenClaims): boolean => user.clearances?.includes('protected-identity') ?? false;

export function personView(normalised: string, record: PopulationRecord, user: TokenClaims): PersonView {
  if (record.protectedIdentity && !clearedForProtected(user)) return { protectedIdentity: true };
  return { personnummer: displayPersonnummer(normalised), name: record.name, protectedIdentity: false };
}

/**
 * A case's person never changes, but its read-model row was one more statement on every read of the
 * case (docs/performance.md, "Round 4"): the sealed number is kept by case for a minute, as the
 * register's answers are. Only a number that was found is kept.
 */
const CASE_LINK_TTL_MS = 60_000;
const CASE_LINKS_KEPT = 20_000;

export const peoplePlugin = fp<{ register: PopulationRegister; payloadKeys: PayloadKey[] }>(async (app, o) => {
  const register = rememberedForAMinute(o.register);
  const sealedOfCase = new LRUCache<string, string>({ max: CASE_LINKS_KEPT, ttl: CASE_LINK_TTL_MS, ttlResolution: 0 });
  const lookup = async (normalised: string): Promise<PopulationRecord> => {
    try {
      return await register.lookup(normalised);
    } catch (err) {
      if (err instanceof PopulationRegisterUnavailable)
        throw new HttpError(503, 'POPULATION_REGISTER_UNAVAILABLE', 'the population register does not answer; retry in a moment');
      throw err;
    }
  };
  const viewOf = async (sealed: string, user: TokenClaims): Promise<PersonView | undefined> => {
    const normalised = unseal(o.payloadKeys, sealed);
    // the register's answer (at most a minute old); without it the person cannot be shown,
    // since whether the identity is protected is the register's to say
    const record = await register.lookup(normalised).catch(() => undefined);
    return record && personView(normalised, record, user);
  };
  app.decorate('people', {
    lookup,
    remember: (personKey, normalised) => rememberPerson(app.readModel, personKey, seal(o.payloadKeys, normalised)),
    sealed: (normalised) => seal(o.payloadKeys, normalised),
    async ofCases(caseIds, user) {
      const sealed = await sealedPeopleOfCases(app.readModel, caseIds);
      const people = await Promise.all(
        [...sealed].map(async ([caseId, s]) => {
          const view = await viewOf(s, user);
          return view ? ([caseId, view] as const) : undefined;
        }),
      );
      return new Map(people.filter((p) => p !== undefined));
    },
    async ofCase(caseId, user) {
      let sealed = sealedOfCase.get(caseId);
      if (sealed === undefined) {
        sealed = (await sealedPeopleOfCases(app.readModel, [caseId])).get(caseId);
        if (sealed === undefined) return undefined;
        sealedOfCase.set(caseId, sealed);
      }
      return viewOf(sealed, user);
    },
  } satisfies People);
});
