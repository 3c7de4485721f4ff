/**
 * Bearer-token authentication (@fastify/jwt, HS256) and the role checks of docs/api.md.
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

const CLAIMS_MESSAGE = 'the token\'s claims are not valid: it needs sub and role, an employer its org, a region its region code';

export async function authenticate(req: FastifyRequest): Promise<TokenClaims> {
  try {
    await req.jwtVerify();
  } catch {
    throw new HttpError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
  }
  const claims = tokenClaimsSchema.safeParse(req.user);
  if (!claims.success) throw new HttpError(401, 'UNAUTHENTICATED', CLAIMS_MESSAGE);
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

/** preHandler for routes that carry the token in the path (`:token`), for clients that cannot set headers. */
export const requireRoleWithToken =
  (roles: readonly Role[]) =>
  async (req: FastifyRequest): Promise<void> => {
    const token = (req.params as { token?: string }).token ?? '';
    let decoded: unknown;
    try {
      decoded = req.server.jwt.verify(token);
    } catch {
      throw new HttpError(401, 'UNAUTHENTICATED', 'a valid token is required');
    }
    const claims = tokenClaimsSchema.safeParse(decoded);
    if (!claims.success) throw new HttpError(401, 'UNAUTHENTICATED', CLAIMS_MESSAGE);
    if (!roles.includes(claims.data.role)) throw new HttpError(403, 'FORBIDDEN', `the role ${claims.data.role} may not use ${req.routeOptions.url}`);
  };
