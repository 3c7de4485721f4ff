/**
 * Bearer tokens (docs/api.md): HS256 JWTs with claims sub, role, `team` for FK staff, `org` (its
 * organisation number) for an employer, `region` (its county code) for a region, and `clearances`
 * (`protected-identity`) for the few FK staff cleared to see a protected person, and `personnummer`
 * for the insured (role `insured`: production's e-ID sign-in supplies it). Signing here is
 * for development tokens (`npm run token`) and for the agency stubs' callbacks (fast-jwt); the API
 * verifies with jose (platform/tokenVerifier.ts), and accepts these only outside production.
 */
import { createSigner } from 'fast-jwt';
import { z } from 'zod';
import { stockholmDateOf } from '../domain/calendar';
import { parseOrgNr, parsePersonnummer } from '../domain/identity';
import { REGION_CODE } from '../domain/openingRequest';
import { ROLES, type Actor } from '../domain/vocabulary';

/**
 * Clearances a user may hold besides the role. `protected-identity`: may see the name and number of
 * a person with protected identity (skyddade personuppgifter); granted by FK to a few staff only.
 */
export const CLEARANCES = ['protected-identity'] as const;
export type Clearance = (typeof CLEARANCES)[number];
const FK_ROLES = ['caseworker', 'specialist', 'supervisor'] as const;

export const tokenClaimsSchema = z
  .object({
    sub: z.string().min(1).max(100),
    role: z.enum(ROLES),
    team: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional(),
    org: z.string().optional(),
    region: z.string().regex(REGION_CODE, 'a two-digit county code, 01 to 25').optional(),
    /** what the user is cleared for beyond the role: `protected-identity` (docs/security.md) */
    clearances: z.array(z.enum(CLEARANCES)).max(CLEARANCES.length).optional(),
    /** the insured's personnummer (role `insured` only): personal data, never logged nor in a URL */
    personnummer: z.string().max(20).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.role === 'employer') {
      const org = c.org === undefined ? undefined : parseOrgNr(c.org);
      if (!org?.ok)
        ctx.addIssue({
          code: 'custom',
          path: ['org'],
          message: `an employer needs a valid organisation number (${org ? org.reason : 'missing'})`,
        });
    }
    if (c.clearances?.length && !(FK_ROLES as readonly string[]).includes(c.role))
      ctx.addIssue({ code: 'custom', path: ['clearances'], message: 'only FK staff can be cleared' });
    if (c.role === 'region' && c.region === undefined)
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'a region needs its region code' });
    if (c.role === 'insured') {
      const pnr = c.personnummer === undefined ? undefined : parsePersonnummer(c.personnummer, stockholmDateOf(Date.now()));
      // the reason names what is wrong, never the number itself
      if (!pnr?.ok)
        ctx.addIssue({
          code: 'custom',
          path: ['personnummer'],
          message: `the insured needs a valid personnummer (${pnr ? pnr.reason : 'missing'})`,
        });
    } else if (c.personnummer !== undefined)
      ctx.addIssue({ code: 'custom', path: ['personnummer'], message: 'only the insured carries a personnummer' });
  });
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export function signToken(secret: string, claims: TokenClaims, expiresInMs = 8 * 3600_000): string {
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: expiresInMs });
  return sign(tokenClaimsSchema.parse(claims));
}

/**
 * The actor a token speaks for; an employer's organisation number in its normal form. The insured
 * is `insured` on the timeline whoever the provider says they are (a case has one insured person;
 * an e-ID subject may itself be personal data); the API adds their person key (api/insured.ts).
 */
export const actorOf = (c: TokenClaims): Actor => {
  if (c.role === 'insured') return { sub: 'insured', role: 'insured' };
  const org = c.org === undefined ? undefined : parseOrgNr(c.org);
  return {
    sub: c.sub,
    role: c.role,
    ...(c.role === 'employer' && org?.ok ? { org: org.value.normalised } : {}),
    ...(c.role === 'region' && c.region ? { region: c.region } : {}),
    ...(c.team ? { team: c.team } : {}),
  };
};
