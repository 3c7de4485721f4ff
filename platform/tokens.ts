/**
 * Bearer tokens (CONTRACT.md): HS256 JWTs with claims sub, role and, for an employer, org.
 * Signing here is for development tokens (`npm run token`) and for the agency stubs' callbacks;
 * the API verifies with @fastify/jwt. Both use fast-jwt: no hand-rolled crypto.
 */
import { createSigner } from 'fast-jwt';
import { z } from 'zod';
import { ROLES, type Actor } from '../domain/vocabulary';

export const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(100),
  role: z.enum(ROLES),
  org: z.string().optional(),
  team: z.string().min(1).max(100).optional(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export function signToken(secret: string, claims: TokenClaims, expiresInMs = 8 * 3600_000): string {
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: expiresInMs });
  return sign(tokenClaimsSchema.parse(claims));
}

export const actorOf = (c: TokenClaims): Actor => ({ sub: c.sub, role: c.role, ...(c.org ? { org: c.org } : {}), ...(c.team ? { team: c.team } : {}) });
