/**
 * Bearer-token authentication (@fastify/jwt, HS256) and the role checks of CONTRACT.md.
 * The authorisation matrix itself lives in domain/commands.ts (COMMAND_ROLES, READ_ROLES, …).
 */
import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenClaimsSchema, type TokenClaims } from '../platform/tokens';
import type { Role } from '../domain/vocabulary';
import { HttpError } from './errors';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

export const authPlugin = fp<{ secret: string }>(async (app, opts) => {
  await app.register(jwt, { secret: opts.secret, verify: { algorithms: ['HS256'] } });
});

export async function authenticate(req: FastifyRequest): Promise<TokenClaims> {
  try {
    await req.jwtVerify();
  } catch {
    throw new HttpError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
  }
  const claims = tokenClaimsSchema.safeParse(req.user);
  if (!claims.success) throw new HttpError(401, 'UNAUTHENTICATED', 'the token lacks a valid sub or role');
  return claims.data;
}

/** preHandler: only these roles may use the route. */
export const requireRole =
  (roles: readonly Role[]) =>
  async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const claims = await authenticate(req);
    if (!roles.includes(claims.role)) {
      throw new HttpError(403, 'FORBIDDEN', `the role ${claims.role} may not use ${req.routeOptions.url}`);
    }
  };
