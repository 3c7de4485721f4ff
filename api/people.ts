/**
 * Whose case it is, for FK staff: the person's personnummer (sealed in the read model,
 * readModel/people.ts) opened at read time and the population register's name. A person with
 * protected identity (skyddade personuppgifter) is shown only to users holding the
 * `protected-identity` clearance (docs/security.md); everyone else gets `{protectedIdentity: true}`.
 * Nothing of this is logged, cached or stored in clear text.
 */
import fp from 'fastify-plugin';
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

export const peoplePlugin = fp<{ register: PopulationRegister; payloadKeys: PayloadKey[] }>(async (app, o) => {
  const register = rememberedForAMinute(o.register);
  const lookup = async (normalised: string): Promise<PopulationRecord> => {
    try {
      return await register.lookup(normalised);
    } catch (err) {
      if (err instanceof PopulationRegisterUnavailable)
        throw new HttpError(503, 'POPULATION_REGISTER_UNAVAILABLE', 'the population register does not answer; retry in a moment');
      throw err;
    }
  };
  app.decorate('people', {
    lookup,
    remember: (personKey, normalised) => rememberPerson(app.readModel, personKey, seal(o.payloadKeys, normalised)),
    sealed: (normalised) => seal(o.payloadKeys, normalised),
    async ofCases(caseIds, user) {
      const sealed = await sealedPeopleOfCases(app.readModel, caseIds);
      const people = await Promise.all(
        [...sealed].map(async ([caseId, s]) => {
          const normalised = unseal(o.payloadKeys, s);
          // the register's answer (at most a minute old); without it the person cannot be shown,
          // since whether the identity is protected is the register's to say
          const record = await register.lookup(normalised).catch(() => undefined);
          return record ? ([caseId, personView(normalised, record, user)] as const) : undefined;
        }),
      );
      return new Map(people.filter((p) => p !== undefined));
    },
  } satisfies People);
});
