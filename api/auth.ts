/**
 * Bearer-token authentication (platform/tokenVerifier.ts) and the role checks of docs/api.md.
 * The authorisation matrix itself lives in domain/commands.ts (COMMAND_ROLES, READ_ROLES, …).
 */
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createTokenVerifier, TokenRejected, type IdentityOptions, type VerifyToken } from '../platform/tokenVerifier';
import type { TokenClaims } from '../platform/tokens';
import type { Role } from '../domain/vocabulary';
import { HttpError } from '../platform/httpErrors';

declare module 'fastify' {
  interface FastifyInstance {
    /** the claims of a token, or TokenRejected (the web session checks its cookie with it too) */
    verifyToken: VerifyToken;
  }
  interface FastifyRequest {
    /** the signed-in user's claims, set by authenticate() (every route behind requireRole) */
    user: TokenClaims;
  }
}

export const authPlugin = fp<IdentityOptions>(async (app, opts) => {
  app.decorate('verifyToken', createTokenVerifier(opts));
});

// One verification per request, however many hooks ask (rate limit, role check).
const verifiedRequests = new WeakMap<FastifyRequest, Promise<TokenClaims>>();

/** The claims of a token, or an HttpError: 401 UNAUTHENTICATED / 403 FORBIDDEN with the reason. */
export async function claimsOf(req: FastifyRequest, token: string): Promise<TokenClaims> {
  try {
    return await req.server.verifyToken(token);
  } catch (err) {
    if (!(err instanceof TokenRejected)) throw err;
    if (err.status === 403) throw new HttpError(403, 'FORBIDDEN', err.message);
    if (err.status === 503) throw new HttpError(503, 'UNAVAILABLE', err.message);
    throw new HttpError(401, 'UNAUTHENTICATED', `a valid bearer token is required: ${err.message}`);
  }
}

export function authenticate(req: FastifyRequest): Promise<TokenClaims> {
  let claims = verifiedRequests.get(req);
  if (!claims) {
    const auth = req.headers.authorization ?? '';
    claims = auth.startsWith('Bearer ')
      ? claimsOf(req, auth.slice(7).trim()).then((c) => (req.user = c))
      : Promise.reject(
          new HttpError(401, 'UNAUTHENTICATED', 'a valid bearer token is required: the request has no Authorization: Bearer header'),
        );
    claims.catch(() => {}); // awaited by whoever asks; not an unhandled rejection meanwhile
    verifiedRequests.set(req, claims);
  }
  return claims;
}

const mayUse = (claims: TokenClaims, roles: readonly Role[], req: FastifyRequest): void => {
  if (!roles.includes(claims.role)) throw new HttpError(403, 'FORBIDDEN', `the role ${claims.role} may not use ${req.routeOptions.url}`);
};

/** preHandler: only these roles may use the route. */
export const requireRole =
  (roles: readonly Role[]) =>
  async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    mayUse(await authenticate(req), roles, req);
  };

/** preHandler for routes that carry the token in the path (`:token`): development only (api/routes/codec.ts). */
export const requireRoleWithToken =
  (roles: readonly Role[]) =>
  async (req: FastifyRequest): Promise<void> => {
    mayUse(await claimsOf(req, (req.params as { token?: string }).token ?? ''), roles, req);
  };
