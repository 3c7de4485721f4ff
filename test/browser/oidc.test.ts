/**
 * Issue 16: identities from a real OpenID provider (oidc-provider, its own process), not a mock.
 * Discovery, service tokens (client_credentials) and a person's sign-in (authorization code + PKCE)
 * against the API on a real Temporal dev server; refused: expired, another audience, `alg: none`,
 * HS256 signed with the provider's public key, development tokens in production, no role; a rotated
 * key is accepted after the rotation and the retired one refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { exportSPKI, importJWK, SignJWT, type JWK } from 'jose';
import { buildTestApp, JWT_SECRET, nextPnr, openBody, ORG, startApi, type ApiHarness } from '../../harness/api';
import { generateSigningKeys, TestOidcProvider } from '../../harness/oidcProvider';
import { sharedBrowser } from '../../harness/webSystem';
import { reservePort } from '../../platform/ports';
import { oidcSettings, type OidcSettings } from '../../platform/tokenVerifier';
import { loadConfig } from '../../platform/config';
import { signToken } from '../../platform/tokens';
import { scrubPersonalNumbers } from '../../platform/logger';

const AUDIENCE = 'urn:sjukfall:api';
const PUBLIC_URL = 'https://sjukfall.example';
const secret = (id: string) => `${id}-secret-${'x'.repeat(32)}`;
/** the e-ID sign-in's personnummer claim (the Swedish OIDC profile's name, OIDC_PERSONNUMMER_CLAIM's default) */
const PNR_CLAIM = loadConfig().OIDC_PERSONNUMMER_CLAIM;
const INSURED_PNR = nextPnr();

let h: ApiHarness;
let BROWSER_URL: string;
let browserPort: Awaited<ReturnType<typeof reservePort>>;
let idp: TestOidcProvider;
let prod: FastifyInstance;
let oidc: OidcSettings;

beforeAll(async () => {
  // the provider must know the web app's callback URL now; its server starts in the last test
  browserPort = await reservePort();
  BROWSER_URL = `http://localhost:${browserPort.port}`;
  idp = await TestOidcProvider.start({
    audiences: [AUDIENCE, 'urn:another-api'],
    services: {
      'hk-svc': { secret: secret('hk'), claims: { roles: ['caseworker'], team: 'team-1' } },
      'chef-svc': { secret: secret('chef'), claims: { roles: 'supervisor' } },
      'employer-svc': { secret: secret('employer'), claims: { roles: ['employer'], org: ORG } },
      'employer-no-org-svc': { secret: secret('employer2'), claims: { roles: ['employer'] } },
      'norole-svc': { secret: secret('norole'), claims: { roles: ['admin'] } },
      'tworoles-svc': { secret: secret('two'), claims: { roles: ['caseworker', 'supervisor'] } },
      'insured-svc': { secret: secret('insured'), claims: { roles: ['insured'], [PNR_CLAIM]: INSURED_PNR } },
      'insured-no-pnr-svc': { secret: secret('insured2'), claims: { roles: ['insured'] } },
      'brief-svc': { secret: secret('brief'), claims: { roles: ['caseworker'] }, ttlSeconds: 5 }, // long enough to be used once under load
    },
    web: {
      clientId: 'sjukfall-web',
      secret: secret('web'),
      redirectUris: [`${PUBLIC_URL}/app/login/callback`, `${BROWSER_URL}/app/login/callback`],
    },
    accounts: { 'hk-1': { roles: ['caseworker'], team: 'team-1' }, 'chef-1': { roles: ['supervisor'] }, 'utan-roll': {} },
  });
  h = await startApi();
  oidc = {
    issuer: idp.issuer,
    audience: AUDIENCE,
    claims: { role: 'roles', team: 'team', org: 'org', region: 'region', clearances: 'clearances', personnummer: PNR_CLAIM },
    clockSkewSeconds: 0,
    keyRefresh: { cooldownMs: 0, maxAgeMs: 500 }, // so the test sees a rotation without waiting minutes
  };
  prod = await buildTestApp(h.sys, {
    production: true,
    oidc,
    webLogin: webLogin(PUBLIC_URL),
  });
}, 120_000);
afterAll(async () => {
  await prod?.close();
  await browserPort?.release();
  await h?.stop();
  await idp?.stop();
});

const webLogin = (publicUrl: string) => ({
  issuer: idp.issuer,
  audience: AUDIENCE,
  clientId: 'sjukfall-web',
  clientSecret: secret('web'),
  publicUrl,
  allowHttp: true,
});
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const codec = (app: FastifyInstance, token: string, op = 'encode') =>
  app.inject({ method: 'POST', url: `/codec/${op}`, headers: auth(token), payload: { payloads: [] } });
const refused = (res: { statusCode: number; json(): { error: { code: string; message: string } } }, status: number, message: RegExp) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  expect(res.json().error.message).toMatch(message);
};
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('the API with the identity provider (production)', () => {
  it("finds the keys by discovery and takes the provider's tokens: a case opened and read, the role matrix applied", async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(idp.issuer);
    const caseworker = await idp.serviceToken('hk-svc');
    expect(payloadOf(caseworker)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, roles: ['caseworker'] });
    const opened = await prod.inject({ method: 'POST', url: '/cases', headers: auth(caseworker), payload: openBody() });
    expect(opened.statusCode).toBe(201);
    const read = await prod.inject({ url: `/cases/${opened.json().caseId}`, headers: auth(caseworker) });
    expect(read.statusCode).toBe(200);
    // a role as a plain string works too; decoding the history is for supervisors, not caseworkers
    expect((await codec(prod, await idp.serviceToken('chef-svc'), 'decode')).statusCode).toBe(200);
    refused(await codec(prod, caseworker, 'decode'), 403, /the role caseworker may not use/);
    // an employer's organisation number comes from its claim; without one it is refused
    refused(await codec(prod, await idp.serviceToken('employer-svc')), 403, /the role employer may not use/);
    refused(await codec(prod, await idp.serviceToken('employer-no-org-svc')), 401, /an employer needs a valid organisation number/);
  });

  it("the insured's personnummer comes from the e-ID claim: their own case at GET /me/case, nothing without the claim", async () => {
    const caseworker = await idp.serviceToken('hk-svc');
    const opened = await prod.inject({
      method: 'POST',
      url: '/cases',
      headers: auth(caseworker),
      payload: openBody({ personnummer: INSURED_PNR }),
    });
    expect(opened.statusCode).toBe(201);
    const mine = await prod.inject({ url: '/me/case', headers: auth(await idp.serviceToken('insured-svc')) });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().caseId).toBe(opened.json().caseId);
    refused(
      await prod.inject({ url: '/me/case', headers: auth(await idp.serviceToken('insured-no-pnr-svc')) }),
      401,
      /the insured needs a valid personnummer/,
    );
    // a caseworker's token is no insured's, whatever claims it carries
    refused(await prod.inject({ url: '/me/case', headers: auth(caseworker) }), 403, /the role caseworker may not use/);
  });

  it('refuses an expired token, a token for another audience, and a token without a request header', async () => {
    const brief = await idp.serviceToken('brief-svc');
    expect((await codec(prod, brief)).statusCode).toBe(200);
    const exp = payloadOf(brief).exp as number;
    while (Date.now() / 1000 <= exp + 0.5) await new Promise((r) => setTimeout(r, 250));
    refused(await codec(prod, brief), 401, /expired/);
    refused(await codec(prod, await idp.serviceToken('hk-svc', 'urn:another-api')), 401, /another audience/);
    refused(await prod.inject({ method: 'POST', url: '/codec/encode', payload: { payloads: [] } }), 401, /no Authorization: Bearer header/);
  });

  it("refuses forged tokens: alg none, HS256 signed with the provider's public key, a development token", async () => {
    const genuine = payloadOf(await idp.serviceToken('chef-svc'));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(genuine)).toString('base64url')}.`;
    refused(await codec(prod, none), 401, /signed with none are not accepted/);
    refused(await codec(h.app, none), 401, /signed with none are not accepted/);

    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: JWK[] };
    const rsa = jwks.keys.find((k) => k.kty === 'RSA')!;
    const pem = await exportSPKI((await importJWK(rsa, 'RS256')) as Parameters<typeof exportSPKI>[0]);
    for (const publicKeyAsSecret of [pem, JSON.stringify(rsa)]) {
      const forged = await new SignJWT(genuine)
        .setProtectedHeader({ alg: 'HS256', kid: rsa.kid! })
        .sign(new TextEncoder().encode(publicKeyAsSecret));
      refused(await codec(prod, forged), 401, /HS256 development tokens are not accepted here/);
      refused(await codec(h.app, forged), 401, /signature is not valid/); // development: only the development secret signs HS256
    }
    // a genuine development token: accepted in development, refused in production
    const dev = signToken(JWT_SECRET, { sub: 'chef-1', role: 'supervisor' });
    expect((await codec(h.app, dev, 'decode')).statusCode).toBe(200);
    refused(await codec(prod, dev, 'decode'), 401, /HS256 development tokens are not accepted here/);
  });

  it('refuses a token without exp, also a development one', async () => {
    const noExp = await new SignJWT({ sub: 'chef-1', role: 'supervisor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(JWT_SECRET));
    refused(await codec(h.app, noExp, 'decode'), 401, /no expiry/);
  });

  it('an identity without a Sjukfall role, or with two, is 403 with the claim named', async () => {
    refused(await codec(prod, await idp.serviceToken('norole-svc')), 403, /no Sjukfall role in its "roles" claim/);
    refused(await codec(prod, await idp.serviceToken('tworoles-svc')), 403, /more than one Sjukfall role/);
  });

  it('production has no token-in-path codec; development keeps it', async () => {
    const chef = await idp.serviceToken('chef-svc');
    expect((await prod.inject({ method: 'POST', url: `/codec/t/${chef}/decode`, payload: { payloads: [] } })).statusCode).toBe(404);
    const dev = signToken(JWT_SECRET, { sub: 'chef-1', role: 'supervisor' });
    expect((await h.app.inject({ method: 'POST', url: `/codec/t/${dev}/decode`, payload: { payloads: [] } })).statusCode).toBe(200);
  });

  it('production refuses to start without an identity provider', async () => {
    await expect(buildTestApp(h.sys, { production: true })).rejects.toThrow(/OIDC_ISSUER and OIDC_AUDIENCE/);
    expect(() => oidcSettings(loadConfig({ SJUKFALL_ENV: 'production' }))).toThrow(/OIDC_ISSUER and OIDC_AUDIENCE/);
    expect(oidcSettings(loadConfig({ SJUKFALL_ENV: 'development' }))).toBeUndefined();
  });
});

describe('key rotation', () => {
  it('a token signed with a new key is accepted after the rotation; once the old key is retired, its tokens are refused', async () => {
    const before = await idp.serviceToken('hk-svc');
    expect((await codec(prod, before)).statusCode).toBe(200);
    const first = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: JWK[] };
    const next = await generateSigningKeys('second');
    // publish the new keys first (they sign), the old ones still published for tokens in flight
    const old = idp.currentKeys();
    await idp.rotate([...next, ...old]);
    const after = await idp.serviceToken('hk-svc');
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe('second-ES256');
    expect(first.keys.map((k) => k.kid)).not.toContain('second-ES256');
    expect((await codec(prod, after)).statusCode).toBe(200);
    expect((await codec(prod, before)).statusCode).toBe(200);
    // the old keys retired: the API learns it when its cached key set ages out
    await idp.rotate(next);
    await new Promise((r) => setTimeout(r, 1000));
    refused(await codec(prod, before), 401, /a key the identity provider does not publish/);
    expect((await codec(prod, after)).statusCode).toBe(200);
    // a key the API has not seen while the provider is down: 503, not a verdict on the token
    await idp.stop();
    const [, unseen] = await generateSigningKeys('third');
    const signed = await new SignJWT(payloadOf(after))
      .setProtectedHeader({ alg: 'ES256', kid: 'third-ES256' })
      .sign(await importJWK(unseen as JWK, 'ES256'));
    const down = await codec(prod, signed);
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/identity provider cannot be reached/) });
    await idp.rotate(next); // up again for the tests after this one
  });
});

/** A browser at the provider: follows its redirects with its cookies and fills its login form, until it sends us back to the app. */
async function signInAtProvider(authorizeUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizeUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 10; step++) {
    if (url.startsWith(PUBLIC_URL)) return url;
    const res = await fetch(url, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      headers: { cookie: cookieHeader(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: form } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
    form = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="login"'))
      throw new Error(`unexpected page at the provider (${res.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url).href;
    form = new URLSearchParams({ prompt: 'login', login, password: 'any' });
  }
  throw new Error('the provider never sent the browser back');
}

const cookieFrom = (setCookie: string | string[] | undefined, name: string): string | undefined =>
  ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith(`${name}=`));
const valueOf = (cookie: string | undefined) => cookie?.split(';')[0]!.split('=').slice(1).join('=') ?? '';

async function startSignIn() {
  const start = await prod.inject('/app/login');
  expect(start.statusCode).toBe(303);
  const pending = cookieFrom(start.headers['set-cookie'], 'sjukfall_login');
  return { location: start.headers.location as string, pending, pendingValue: valueOf(pending) };
}

describe('the web app signs people in through the provider (production)', () => {
  it('authorization code with PKCE, state and nonce: the session cookie holds an access token the API takes; sign-out ends it', async () => {
    const { location, pending, pendingValue } = await startSignIn();
    const authorize = new URL(location);
    expect(authorize.href.startsWith(`${idp.issuer}/auth`)).toBe(true);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'sjukfall-web',
      code_challenge_method: 'S256',
      redirect_uri: `${PUBLIC_URL}/app/login/callback`,
      resource: AUDIENCE,
    });
    for (const p of ['code_challenge', 'state', 'nonce']) expect(authorize.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(pending).toMatch(/HttpOnly/);
    expect(pending).toMatch(/Secure/);
    expect(pending).toMatch(/SameSite=Lax/);

    const back = new URL(await signInAtProvider(location, 'hk-1'));
    expect(back.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    const callback = await prod.inject({ url: back.pathname + back.search, cookies: { sjukfall_login: pendingValue } });
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/app/');
    const session = cookieFrom(callback.headers['set-cookie'], 'sjukfall_session');
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=\d+/);
    const token = valueOf(session);
    // the request log never holds the code or the state
    const logged = scrubPersonalNumbers(`"url":"${back.pathname}${back.search}"`);
    expect(logged).not.toContain(back.searchParams.get('code')!);
    expect(logged).not.toContain(back.searchParams.get('state')!);
    expect(payloadOf(token)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub: 'hk-1', roles: ['caseworker'] });

    const page = await prod.inject({ url: '/app/', cookies: { sjukfall_session: token } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('hk-1');
    // the code is used once: the same callback again is refused and signs no one in
    const replay = await prod.inject({ url: back.pathname + back.search, cookies: { sjukfall_login: pendingValue } });
    expect(replay.statusCode).toBe(400);
    expect(cookieFrom(replay.headers['set-cookie'], 'sjukfall_session')).toBeUndefined();

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const out = await prod.inject({
      method: 'POST',
      url: '/app/logout',
      cookies: { sjukfall_session: token, _csrf: valueOf(cookieFrom(page.headers['set-cookie'], '_csrf')) },
      payload: { _csrf: csrf },
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(new RegExp(`^${idp.issuer}/session/end`));
    expect(cookieFrom(out.headers['set-cookie'], 'sjukfall_session')).toMatch(/sjukfall_session=;/);
  });

  it('refuses a callback whose state is not the one this browser started with, and a person without a role', async () => {
    const first = await startSignIn();
    const other = await startSignIn();
    const back = new URL(await signInAtProvider(first.location, 'hk-1'));
    const crossed = await prod.inject({ url: back.pathname + back.search, cookies: { sjukfall_login: other.pendingValue } });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.body).toContain('Inloggningen kunde inte slutföras');
    expect(cookieFrom(crossed.headers['set-cookie'], 'sjukfall_session')).toBeUndefined();
    const none = await prod.inject({ url: back.pathname + back.search });
    expect(none.statusCode).toBe(400);

    const noRole = await startSignIn();
    const back2 = new URL(await signInAtProvider(noRole.location, 'utan-roll'));
    const denied = await prod.inject({ url: back2.pathname + back2.search, cookies: { sjukfall_login: noRole.pendingValue } });
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('saknar behörighet');
    expect(cookieFrom(denied.headers['set-cookie'], 'sjukfall_session')).toBeUndefined();
  });

  it('an expired session sends the person to sign in again; the development login is not there', async () => {
    const brief = await idp.serviceToken('brief-svc');
    expect((await prod.inject({ url: '/app/', cookies: { sjukfall_session: brief } })).statusCode).toBe(200);
    const exp = payloadOf(brief).exp as number;
    while (Date.now() / 1000 <= exp + 0.5) await new Promise((r) => setTimeout(r, 250));
    const expired = await prod.inject({ url: '/app/', cookies: { sjukfall_session: brief } });
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/app/login');
    const devLogin = await prod.inject({ method: 'POST', url: '/app/login', payload: { sub: 'x', role: 'supervisor' } });
    expect(devLogin.statusCode).toBe(404);
  });
});

describe('in a browser (headless Chromium)', () => {
  it("signs in at the provider's login form, lands on the work list, and signs out", async () => {
    const app = await buildTestApp(h.sys, { production: true, oidc, webLogin: webLogin(BROWSER_URL) });
    await browserPort.release();
    await app.listen({ host: '127.0.0.1', port: browserPort.port });
    const page = await (await sharedBrowser()).newPage(); // in a context of its own
    try {
      await page.goto(`${BROWSER_URL}/app/`);
      expect(page.url().startsWith(`${idp.issuer}/interaction/`)).toBe(true); // sent to sign in at the provider
      await page.fill('input[name="login"]', 'chef-1');
      await page.fill('input[name="password"]', 'any');
      await page.click('button[type="submit"]');
      await page.waitForURL(`${BROWSER_URL}/app/dashboard`);
      expect(await page.textContent('header')).toContain('chef-1');
      const [session] = (await page.context().cookies(`${BROWSER_URL}/app/`)).filter((c) => c.name === 'sjukfall_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await page.getByRole('button', { name: 'Logga ut' }).click();
      await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/session/end`));
      expect((await page.context().cookies(`${BROWSER_URL}/app/`)).some((c) => c.name === 'sjukfall_session')).toBe(false);
    } finally {
      await page.close();
      await app.close();
    }
  }, 120_000);
});
