/**
 * Who a bearer token speaks for (docs/security.md). Production: tokens of the identity provider,
 * verified with `jose` against the keys its discovery document publishes (`jwks_uri`; an unknown
 * `kid` makes jose fetch the set again, so a rotated key is honoured), RS256/ES256 only, with
 * required iss, aud and exp and a small clock-skew allowance; our claims come from configured claim
 * names. Development and test: HS256 tokens signed with the development secret are accepted too.
 * A token without `exp` is refused everywhere.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Role } from '../domain/vocabulary';
import type { Config } from './config';
import { CLEARANCES, tokenClaimsSchema, type TokenClaims } from './tokens';

export interface OidcSettings {
  issuer: string;
  audience: string;
  /** claim names: where the provider puts role, team, organisation number, county code, clearances and the insured's personnummer */
  claims: { role: string; team: string; org: string; region: string; clearances: string; personnummer: string };
  clockSkewSeconds: number;
  /** how often the key set may be fetched again for an unknown key, and how long it is kept (jose's defaults otherwise) */
  keyRefresh?: { cooldownMs: number; maxAgeMs: number };
}

/** The provider settings of the configuration; production refuses to start without them. */
export function oidcSettings(c: Config): OidcSettings | undefined {
  if (!c.OIDC_ISSUER || !c.OIDC_AUDIENCE) {
    if (c.SJUKFALL_ENV === 'production')
      throw new Error('production needs an identity provider: set OIDC_ISSUER and OIDC_AUDIENCE (docs/security.md)');
    return undefined;
  }
  return {
    issuer: c.OIDC_ISSUER,
    audience: c.OIDC_AUDIENCE,
    claims: {
      role: c.OIDC_ROLE_CLAIM,
      team: c.OIDC_TEAM_CLAIM,
      org: c.OIDC_ORG_CLAIM,
      region: c.OIDC_REGION_CLAIM,
      clearances: c.OIDC_CLEARANCES_CLAIM,
      personnummer: c.OIDC_PERSONNUMMER_CLAIM,
    },
    clockSkewSeconds: c.OIDC_CLOCK_SKEW_SECONDS,
  };
}

export interface IdentityOptions {
  oidc?: OidcSettings;
  /** HS256 development secret; only given in development and test */
  devSecret?: string;
}

/** Why a token was refused: 401 (not authenticated) or 403 (authenticated, but not one of our users). */
export class TokenRejected extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    message: string,
  ) {
    super(message);
  }
}

export type VerifyToken = (token: string) => Promise<TokenClaims>;

const PROVIDER_ALGORITHMS = ['RS256', 'ES256'];
const UNREACHABLE = 'the identity provider cannot be reached to check the token; try again shortly';

export function createTokenVerifier(o: IdentityOptions): VerifyToken {
  const devKey = o.devSecret ? new TextEncoder().encode(o.devSecret) : undefined;
  const provider = o.oidc ? providerKeys(o.oidc) : undefined;

  // a token is not trusted longer than the key set it was checked with is kept
  const keepMs = Math.min(VERIFIED_TOKEN_MAX_AGE_MS, o.oidc?.keyRefresh?.maxAgeMs ?? Infinity);
  return rememberVerified(keepMs, async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRejected(401, 'the bearer token is not a JWT');
    }
    if (alg === 'HS256') {
      if (!devKey) throw new TokenRejected(401, 'HS256 development tokens are not accepted here; sign in through the identity provider');
      const payload = await verified(jwtVerify(token, devKey, { algorithms: ['HS256'], requiredClaims: ['exp'] }));
      return { claims: ourClaims(payload), exp: payload.exp! };
    }
    if (!provider || !o.oidc)
      throw new TokenRejected(401, `tokens signed with ${alg ?? 'no algorithm'} are not accepted (development tokens are HS256)`);
    if (!PROVIDER_ALGORITHMS.includes(alg ?? ''))
      throw new TokenRejected(401, `tokens signed with ${alg ?? 'no algorithm'} are not accepted (only ${PROVIDER_ALGORITHMS.join(', ')})`);
    const keys = await provider();
    const payload = await verified(
      jwtVerify(token, keys, {
        algorithms: PROVIDER_ALGORITHMS,
        issuer: o.oidc.issuer,
        audience: o.oidc.audience,
        requiredClaims: ['exp', 'iss', 'aud', 'sub'],
        clockTolerance: o.oidc.clockSkewSeconds,
      }),
    );
    return { claims: ourClaims(mapProviderClaims(payload, o.oidc.claims)), exp: payload.exp! };
  });
}

/** How long a verified token is taken on trust before its signature is checked again, and how many are kept. */
export const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * A client sends the same token with every request until it expires: its signature is checked once
 * and the claims kept for `keepMs` (a minute at most, never past the token's `exp`), keyed by the
 * whole token, so a changed byte is a new token. Refusals are not kept: a refused token is checked
 * again each time. `keepMs` bounds how long a key the provider has withdrawn is still honoured for
 * a token checked with it before; it is never longer than the provider's key set is kept.
 */
export function rememberVerified(
  keepMs: number,
  verify: (token: string) => Promise<{ claims: TokenClaims; exp: number }>,
  now: () => number = Date.now,
): VerifyToken {
  const kept = new Map<string, { claims: TokenClaims; until: number }>();
  return async (token) => {
    const hit = kept.get(token);
    if (hit && now() < hit.until) return hit.claims;
    kept.delete(token);
    const checkedAt = now();
    const { claims, exp } = await verify(token);
    Object.freeze(claims); // shared by every request with this token
    if (kept.size >= VERIFIED_TOKENS_KEPT) kept.delete(kept.keys().next().value!); // the oldest
    kept.set(token, { claims, until: Math.min(exp * 1000, checkedAt + keepMs) });
    return claims;
  };
}

/** The provider's key set from its discovery document, looked up once (again after a failure). */
function providerKeys(oidc: OidcSettings): () => Promise<ReturnType<typeof createRemoteJWKSet>> {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const discover = async () => {
    const url = `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
    // the document must be the issuer's own (OpenID Connect Discovery 1.0, section 4.3)
    if (doc.issuer !== oidc.issuer) throw new Error(`discovery names issuer ${doc.issuer}, configured ${oidc.issuer}`);
    if (!doc.jwks_uri) throw new Error('discovery has no jwks_uri');
    const refresh = oidc.keyRefresh ?? { cooldownMs: 30_000, maxAgeMs: 10 * 60_000 };
    return createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: refresh.cooldownMs, cacheMaxAge: refresh.maxAgeMs });
  };
  return async () => {
    keys ??= discover();
    try {
      return await keys;
    } catch {
      keys = undefined;
      throw new TokenRejected(503, UNREACHABLE);
    }
  };
}

async function verified(p: Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
  try {
    return (await p).payload;
  } catch (err) {
    if (err instanceof TokenRejected) throw err;
    // not the token's fault: the provider's key set could not be fetched
    if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) throw new TokenRejected(503, UNREACHABLE);
    throw new TokenRejected(401, reasonOf(err));
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'the token is for another audience';
    if (err.claim === 'iss') return 'the token is from another issuer';
    if (err.claim === 'exp') return 'the token has no expiry (exp); tokens without one are refused';
    return `the token's ${err.claim} claim is not valid (${err.reason})`;
  }
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key the identity provider does not publish';
  if (err instanceof errors.JWSSignatureVerificationFailed) return "the token's signature is not valid";
  if (err instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  return 'the token is not valid';
}

/** The provider's claims in our names; a role claim may be one string or a list (groups, app roles). */
function mapProviderClaims(p: JWTPayload, names: OidcSettings['claims']): Record<string, unknown> {
  const raw = p[names.role];
  const given = (Array.isArray(raw) ? raw : [raw]).filter((r): r is string => typeof r === 'string');
  const ours = given.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (ours.length === 0)
    throw new TokenRejected(403, `the token carries no Sjukfall role in its "${names.role}" claim (one of ${ROLES.join(', ')})`);
  if (ours.length > 1)
    throw new TokenRejected(403, `the token carries more than one Sjukfall role (${ours.join(', ')}); an identity has exactly one`);
  const str = (name: string) => (typeof p[name] === 'string' ? (p[name] as string) : undefined);
  const cleared = p[names.clearances];
  const clearances = Array.isArray(cleared) ? cleared.filter((c) => (CLEARANCES as readonly unknown[]).includes(c)) : undefined;
  // the personnummer of an e-ID sign-in is taken for the insured only (staff tokens may carry one too)
  const personnummer = ours[0] === 'insured' ? str(names.personnummer) : undefined;
  const claims = {
    sub: p.sub,
    role: ours[0],
    team: str(names.team),
    org: str(names.org),
    region: str(names.region),
    clearances,
    personnummer,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

function ourClaims(payload: Record<string, unknown>): TokenClaims {
  const { sub, role, team, org, region, clearances, personnummer } = payload;
  const parsed = tokenClaimsSchema.safeParse(
    Object.fromEntries(Object.entries({ sub, role, team, org, region, clearances, personnummer }).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'claims'}: ${i.message}`).join('; ');
    throw new TokenRejected(
      401,
      `the token's claims are not valid: it needs sub and role, an employer its org, a region its region code, the insured a personnummer (${issues})`,
    );
  }
  return parsed.data;
}
