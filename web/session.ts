/**
 * Sessions: the cookie holds the token the API takes as its bearer token (HttpOnly, Secure in
 * production). In development a login form mints an HS256 token for any identity; production has no
 * such form: the identity provider signs people in (web/oidcLogin.ts) and the cookie holds its
 * access token. Every page checks the token as the API does (app.verifyToken): an expired one means
 * signing in again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import crypto from 'node:crypto';
import { stockholmDateOf } from '../domain/calendar';
import { parseOrgNr, parsePersonnummer } from '../domain/identity';
import { REGION_CODE } from '../domain/openingRequest';
import { ROLES } from '../domain/vocabulary';
import { signToken } from '../platform/tokens';
import { oidcLoginRoutes, type WebLoginOptions } from './oidcLogin';
import { renderPage } from './render';
import { ISSUE_TEXTS } from './messages';

export const SESSION_COOKIE = 'sjukfall_session';
const SESSION_MS = 8 * 3600_000;
const userId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Användar-ID: 1–64 tecken, bokstäver a–z, siffror, punkt, bindestreck');

const loginForm = z.object({
  // the insured signs in by personnummer only (e-ID in production): their user ID is made up
  sub: z.union([z.literal(''), userId]).optional(),
  role: z.enum(ROLES, { message: 'Välj en roll' }),
  team: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Team: bokstäver a–z, siffror, punkt, bindestreck'),
    ])
    .optional(),
  org: z.string().trim().optional(),
  region: z.string().trim().optional(),
  clearance: z.literal('protected-identity').optional(),
  personnummer: z.string().trim().max(20).optional(),
});

/** The insured's personnummer from the login form, or what is wrong with it (in Swedish, for the field). */
function insuredNumber(given: string | undefined): { ok: true; value: string } | { ok: false; message: string } {
  if (!given) return { ok: false, message: 'Personnummer: fyll i ditt personnummer för att logga in som försäkrad.' };
  const pnr = parsePersonnummer(given, stockholmDateOf(Date.now()));
  return pnr.ok ? { ok: true, value: pnr.value.normalised } : { ok: false, message: `Personnummer: ${ISSUE_TEXTS[pnr.issue]()}` };
}

/** preHandler: the signed-in user from the session cookie, or a redirect to the login page. */
export async function requireSession(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) {
    try {
      req.webUser = { token, claims: await req.server.verifyToken(token) };
      return;
    } catch {
      /* expired or forged: sign in again */
    }
  }
  await reply.redirect('/app/login', 303);
}

const landingFor = (role: string) => (role === 'supervisor' ? '/app/dashboard' : '/app/');

export function sessionRoutes(app: FastifyInstance, o: { jwtSecret?: string; production: boolean; login?: WebLoginOptions }): void {
  if (o.login) return oidcLoginRoutes(app, o.login, { cookieName: SESSION_COOKIE, secure: o.production, landingFor });
  const cookie = { path: '/app', httpOnly: true, sameSite: 'strict' as const, secure: o.production };
  const jwtSecret = o.production ? undefined : o.jwtSecret;

  app.get('/login', async (req, reply) => {
    if (!jwtSecret) return renderPage(req, reply, 'login-off', { title: 'Logga in' }, 404);
    return renderPage(req, reply, 'login', { title: 'Logga in', values: {}, errors: {} });
  });

  app.post('/login', { preHandler: app.csrfProtection }, async (req, reply) => {
    if (!jwtSecret) return renderPage(req, reply, 'login-off', { title: 'Logga in' }, 404);
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
    const region = parsed.success && parsed.data.role === 'region' ? parsed.data.region : undefined;
    if (parsed.success && parsed.data.role === 'region' && !REGION_CODE.test(region ?? ''))
      errors.region = 'Region: ange länskoden med två siffror, 01–25, för en region';
    let personnummer: string | undefined;
    if (parsed.success && parsed.data.role === 'insured') {
      const pnr = insuredNumber(parsed.data.personnummer);
      if (pnr.ok) personnummer = pnr.value;
      else errors.personnummer = pnr.message;
    } else if (parsed.success && !parsed.data.sub) errors.sub = 'Användar-ID: fyll i ett användar-ID';
    const fkStaff = parsed.success && ['caseworker', 'specialist', 'supervisor'].includes(parsed.data.role);
    if (parsed.success && parsed.data.clearance && !fkStaff)
      errors.clearance = 'Bara Försäkringskassans personal kan ha behörighet för skyddad identitet';
    if (!parsed.success || Object.keys(errors).length) {
      return renderPage(req, reply, 'login', { title: 'Logga in', values: form, errors }, 400);
    }
    const { role, team, clearance } = parsed.data;
    const claims = {
      sub: role === 'insured' ? `insured-${crypto.randomUUID().slice(0, 8)}` : parsed.data.sub!,
      role,
      ...(personnummer ? { personnummer } : {}),
      ...(org ? { org } : {}),
      ...(region ? { region } : {}),
      ...(team ? { team } : {}),
      ...(clearance ? { clearances: [clearance] } : {}),
    };
    const token = signToken(jwtSecret, claims, SESSION_MS);
    void reply.setCookie(SESSION_COOKIE, token, { ...cookie, maxAge: SESSION_MS / 1000 });
    return reply.redirect(landingFor(role), 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (_req, reply) => {
    void reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.redirect('/app/login', 303);
  });
}
