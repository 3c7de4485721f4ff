/**
 * Sessions: the cookie holds the same JWT the API takes as a bearer token (HttpOnly, SameSite=Strict,
 * Secure in production). In development a login form mints it for any identity; production has no
 * such form: an OIDC identity provider's callback would mint it instead (README, "Web app").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrgNr } from '../domain/identity';
import { ROLES } from '../domain/vocabulary';
import { signToken, tokenClaimsSchema } from '../platform/tokens';
import { renderPage } from './render';

export const SESSION_COOKIE = 'sjukfall_session';
const SESSION_MS = 8 * 3600_000;
const userId = z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'Användar-ID: 1–64 tecken, bokstäver a–z, siffror, punkt, bindestreck');

const loginForm = z.object({
  sub: userId,
  role: z.enum(ROLES, { message: 'Välj en roll' }),
  team: z.union([z.literal(''), z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'Team: bokstäver a–z, siffror, punkt, bindestreck')]).optional(),
  org: z.string().trim().optional(),
});

/** preHandler: the signed-in user from the session cookie, or a redirect to the login page. */
export async function requireSession(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) {
    try {
      const claims = tokenClaimsSchema.safeParse(req.server.jwt.verify(token));
      if (claims.success) {
        req.webUser = { token, claims: claims.data };
        return;
      }
    } catch {
      /* expired or forged: sign in again */
    }
  }
  await reply.redirect('/app/login', 303);
}

export function sessionRoutes(app: FastifyInstance, o: { jwtSecret: string; production: boolean }): void {
  const cookie = { path: '/app', httpOnly: true, sameSite: 'strict' as const, secure: o.production };

  app.get('/login', async (req, reply) => {
    if (o.production) return renderPage(req, reply, 'login-off', { title: 'Logga in' }, 404);
    return renderPage(req, reply, 'login', { title: 'Logga in', values: {}, errors: {} });
  });

  app.post('/login', { preHandler: app.csrfProtection }, async (req, reply) => {
    if (o.production) return renderPage(req, reply, 'login-off', { title: 'Logga in' }, 404);
    const form = (req.body ?? {}) as Record<string, string>;
    const parsed = loginForm.safeParse(form);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    let org: string | undefined;
    if (parsed.success && parsed.data.role === 'employer') {
      const o2 = parseOrgNr(parsed.data.org ?? '');
      if (o2.ok) org = o2.value.normalised;
      else errors.org = 'Organisationsnummer: ange ett giltigt nummer (NNNNNN-NNNN) för arbetsgivare';
    }
    if (!parsed.success || Object.keys(errors).length) {
      return renderPage(req, reply, 'login', { title: 'Logga in', values: form, errors }, 400);
    }
    const { sub, role, team } = parsed.data;
    // `team` is passed on for when the token schema carries it (docs/api.md: FK staff have a team)
    const claims = { sub, role, ...(org ? { org } : {}), ...(team ? { team } : {}) };
    const token = signToken(o.jwtSecret, claims, SESSION_MS);
    void reply.setCookie(SESSION_COOKIE, token, { ...cookie, maxAge: SESSION_MS / 1000 });
    return reply.redirect(role === 'supervisor' ? '/app/dashboard' : '/app/', 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (_req, reply) => {
    void reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.redirect('/app/login', 303);
  });
}
