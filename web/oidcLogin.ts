/**
 * Production sign-in through the identity provider (docs/security.md), with `openid-client`:
 * authorisation-code flow with PKCE, `state` and `nonce`. The PKCE verifier, state and nonce wait in
 * a short-lived HttpOnly cookie for the provider's redirect back; the callback exchanges the code
 * (openid-client checks the ID token: signature, issuer, audience, nonce), and the session cookie
 * then holds the provider's access token for this API, which every page hands to the API as its
 * bearer token. The session ends when that token expires (sign in again) or at `Logga ut`.
 */
import * as oidc from 'openid-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenRejected } from '../platform/tokenVerifier';
import type { Config } from '../platform/config';
import { renderPage } from './render';

export interface WebLoginOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the API's own address as the browser sees it; the provider redirects to <publicUrl>/app/login/callback */
  publicUrl: string;
  /** the access token's audience: the API (OIDC_AUDIENCE), asked for as a resource indicator (RFC 8707) */
  audience: string;
  /** tests against a local provider only: plain http to the provider */
  allowHttp?: boolean;
}

export function webLoginOf(c: Config): WebLoginOptions | undefined {
  if (!c.OIDC_ISSUER || !c.OIDC_AUDIENCE || !c.OIDC_WEB_CLIENT_ID || !c.OIDC_WEB_CLIENT_SECRET || !c.PUBLIC_URL) return undefined;
  return {
    issuer: c.OIDC_ISSUER,
    audience: c.OIDC_AUDIENCE,
    clientId: c.OIDC_WEB_CLIENT_ID,
    clientSecret: c.OIDC_WEB_CLIENT_SECRET,
    publicUrl: c.PUBLIC_URL,
  };
}

const LOGIN_COOKIE = 'sjukfall_login';
const LOGIN_MS = 10 * 60_000;

interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
}

export function oidcLoginRoutes(
  app: FastifyInstance,
  o: WebLoginOptions,
  session: { cookieName: string; secure: boolean; landingFor: (role: string) => string },
): void {
  const redirectUri = `${o.publicUrl.replace(/\/$/, '')}/app/login/callback`;
  // The provider's redirect back is a cross-site navigation: SameSite=Strict cookies would not come
  // along on it (nor on the redirect after it), so these two are Lax. Forms stay CSRF-protected.
  const pendingCookie = { path: '/app/login', httpOnly: true, sameSite: 'lax' as const, secure: session.secure };
  const sessionCookie = { path: '/app', httpOnly: true, sameSite: 'lax' as const, secure: session.secure };
  let provider: Promise<oidc.Configuration> | undefined;
  const configuration = async (): Promise<oidc.Configuration> => {
    provider ??= oidc.discovery(
      new URL(o.issuer),
      o.clientId,
      o.clientSecret,
      undefined,
      o.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    try {
      return await provider;
    } catch (err) {
      provider = undefined; // look it up again next time
      throw Object.assign(new Error(`the identity provider cannot be reached: ${(err as Error).message}`), {
        statusCode: 503,
        code: 'IDP_UNAVAILABLE',
      });
    }
  };

  app.get('/login', async (_req, reply) => {
    const config = await configuration();
    const pending: PendingLogin = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      resource: o.audience,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    void reply.setCookie(LOGIN_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      ...pendingCookie,
      maxAge: LOGIN_MS / 1000,
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/login/callback', async (req, reply) => {
    const pending = pendingOf(req);
    void reply.clearCookie(LOGIN_COOKIE, pendingCookie);
    if (!pending) return failed(req, reply, 'Inloggningen har gått ut eller startades inte här. Försök igen.');
    const config = await configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(req.url, o.publicUrl),
        { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
        { resource: o.audience },
      );
    } catch (err) {
      req.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'sign-in callback refused');
      return failed(req, reply, 'Inloggningen kunde inte slutföras. Försök igen.');
    }
    // the API must accept the access token; the page says so now rather than on every page after
    let role: string;
    try {
      role = (await app.verifyToken(tokens.access_token)).role;
    } catch (err) {
      const why = err instanceof TokenRejected ? err.message : 'the token could not be checked';
      return failed(req, reply, `Din identitet saknar behörighet i Sjukfall (${why}).`, 403);
    }
    const seconds = Math.max(1, tokens.expiresIn() ?? 300);
    void reply.setCookie(session.cookieName, tokens.access_token, { ...sessionCookie, maxAge: seconds });
    return reply.redirect(session.landingFor(role), 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (_req, reply) => {
    void reply.clearCookie(session.cookieName, sessionCookie);
    const config = await configuration().catch(() => undefined);
    // the provider's own session ends too, where it offers that (RP-initiated logout)
    const end = config?.serverMetadata().end_session_endpoint
      ? oidc.buildEndSessionUrl(config, { client_id: o.clientId }).href
      : '/app/login';
    return reply.redirect(end, 303);
  });
}

function pendingOf(req: FastifyRequest): PendingLogin | undefined {
  try {
    const p = JSON.parse(Buffer.from(req.cookies[LOGIN_COOKIE] ?? '', 'base64url').toString()) as Partial<PendingLogin>;
    return typeof p.verifier === 'string' && typeof p.state === 'string' && typeof p.nonce === 'string' ? (p as PendingLogin) : undefined;
  } catch {
    return undefined;
  }
}

const failed = (req: FastifyRequest, reply: FastifyReply, message: string, status = 400) =>
  renderPage(req, reply, 'login-failed', { title: 'Inloggningen misslyckades', message }, status);
