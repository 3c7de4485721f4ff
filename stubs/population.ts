/**
 * The population register (folkbokföring) in development: `POST /population/lookup {personnummer}`
 * → `{name: {given, family}, protectedIdentity, county}`. Every valid number is a person with a
 * synthetic name and county, the same on every call (derived from a hash of the number, so no list of
 * real people is involved); `19121212-1212` is the development person with protected identity
 * (skyddade personuppgifter). The number travels in the body, never in a URL, and is never logged.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parsePersonnummer } from '../domain/identity';
import { HttpError } from '../platform/httpErrors';

/** The development person with protected identity. */
export const PROTECTED_PERSONNUMMER = '19121212-1212';

/** The 21 counties (län) by their two-digit code: the region FK asks for an AFU is the county's. */
export const COUNTY_CODES = [
  '01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13',
  '14', '17', '18', '19', '20', '21', '22', '23', '24', '25',
] as const; // prettier-ignore

const GIVEN_FEMALE = ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Kerstin', 'Emma', 'Ingrid', 'Malin', 'Sofia', 'Åsa'];
const GIVEN_MALE = ['Lars', 'Mikael', 'Anders', 'Johan', 'Erik', 'Per', 'Karl', 'Peter', 'Jan', 'Thomas', 'Daniel', 'Örjan'];
const FAMILY = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Lindström',
  'Björk',
  'Åberg',
];

export interface PopulationRecord {
  name: { given: string; family: string };
  protectedIdentity: boolean;
  county: string;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** The register's record of a normalised personnummer (12 digits). */
export function populationRecord(normalised: string): PopulationRecord {
  const h = crypto.createHash('sha256').update(normalised).digest();
  // the second-last digit is odd for men, even for women (as in real numbers)
  const male = Number(normalised[10]) % 2 === 1;
  return {
    name: { given: pick(male ? GIVEN_MALE : GIVEN_FEMALE, h.readUInt16BE(0)), family: pick(FAMILY, h.readUInt16BE(2)) },
    protectedIdentity: normalised === PROTECTED_PERSONNUMMER.replace('-', ''),
    county: pick(COUNTY_CODES, h.readUInt16BE(4)),
  };
}

const lookupBody = z.object({ personnummer: z.string().min(10).max(13) }).strict();

export function populationRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().post('/population/lookup', { schema: { body: lookupBody } }, async (req) => {
    const pnr = parsePersonnummer(req.body.personnummer, new Date().toISOString().slice(0, 10));
    if (!pnr.ok) throw new HttpError(400, 'INVALID_INPUT', `personnummer: ${pnr.reason}`, { field: 'personnummer' });
    return populationRecord(pnr.value.normalised);
  });
}
