/**
 * A real OpenID provider for the tests (`oidc-provider`, certified), run as its own process by
 * harness/oidcProvider.ts. Its settings come as JSON in OIDC_TEST_PROVIDER: port, signing keys (the
 * first key of an algorithm signs; the rest are only published, as during a key rotation), the API's
 * audience, clients and accounts with the claims their tokens carry. Access tokens for the API are
 * JWTs (resource indicators); people sign in through the provider's development login form.
 */
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface ProviderSettings {
  port: number;
  keys: Record<string, unknown>[];
  audiences: string[];
  /** client_credentials clients: id → { secret, claims, ttlSeconds? } */
  services: Record<string, { secret: string; claims: Record<string, unknown>; ttlSeconds?: number }>;
  /** the web app's client (authorization code + PKCE) */
  web: { clientId: string; secret: string; redirectUris: string[] };
  /** people who sign in: login name → claims of their access token */
  accounts: Record<string, Record<string, unknown>>;
}

const s = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}') as ProviderSettings;
const issuer = `http://127.0.0.1:${s.port}`;

const configuration: Configuration = {
  jwks: { keys: s.keys as never },
  clients: [
    ...Object.entries(s.services).map(([id, c]) => ({
      client_id: id,
      client_secret: c.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
    {
      client_id: s.web.clientId,
      client_secret: s.web.secret,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: s.web.redirectUris,
    },
  ],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf ?? s.audiences[0]!,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx: KoaContextWithOIDC, resource: string) => {
        if (!s.audiences.includes(resource)) throw new Error(`unknown resource ${resource}`);
        const service = ctx.oidc.client && s.services[ctx.oidc.client.clientId];
        return {
          scope: 'api',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: service?.ttlSeconds ?? 600,
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  // the web app is first-party: signing in is consent
  loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
    grant.addOIDCScope('openid');
    for (const a of s.audiences) grant.addResourceScope(a, 'api');
    await grant.save();
    return grant;
  },
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  extraTokenClaims: async (_ctx, token) => {
    const t = token as unknown as { accountId?: string; clientId?: string };
    if (t.accountId) return s.accounts[t.accountId] ?? {};
    return (t.clientId && s.services[t.clientId]?.claims) || {};
  },
};

const provider = new Provider(issuer, configuration);
provider.listen(s.port, '127.0.0.1').on('listening', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
