/**
 * Process configuration, read once from the environment and validated with zod.
 * Every service (worker, API, stubs, scripts) reads its settings here and nowhere else.
 */
import path from 'node:path';
import { z } from 'zod';
import { RECORDS_POLICY } from '../domain/rulebook';

const root = path.resolve(__dirname, '..');

/** An OTEL_* variable: optional, and set to the empty string counts as unset (as the OpenTelemetry specification says). */
const otel = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const schema = z.object({
  SJUKFALL_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATA_DIR: z.string().default(path.join(root, '.data')),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  STUBS_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  STUBS_URL: z.string().url().optional(),
  API_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  /** `npm run start:cluster` only: the port of its own PostgreSQL (loopback). */
  POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(55432),
  /** `npm run start:cluster` only: its Prometheus (loopback; HTTP API and /metrics). */
  PROMETHEUS_PORT: z.coerce.number().int().min(1).max(65535).default(9090),
  /** `npm run start:cluster` only: its Jaeger's query API and UI (loopback; the query's gRPC on the port below) */
  JAEGER_PORT: z.coerce.number().int().min(2).max(65535).default(16686),
  /** `npm run start:cluster` only: its Jaeger's OTLP/HTTP receiver, where the services send their traces */
  JAEGER_OTLP_PORT: z.coerce.number().int().min(1).max(65535).default(4318),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TASK_QUEUE: z.string().default('sick-leave-cases'),
  /** workflows kept in the worker's sticky cache: bounds its memory (docs/performance.md) */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  /** the task queue's share of the worker's pollers (the sticky queue has the rest): 1 while a caseload is loaded in bulk (docs/performance.md) */
  WORKER_NON_STICKY_POLL_RATIO: z.coerce.number().min(0).max(1).default(0.2),
  /** a workflow bundle built beforehand from this code (bundleWorkflows); unset: the worker bundles workflows/ as it starts */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** the embedded read model (scripts/readModelServer.ts): a migrated database (writeReadModelTemplate) a new one starts as, instead of PGlite's initdb; the tests' processes */
  READ_MODEL_TEMPLATE: z.string().min(1).optional(),
  /** how long the API waits for Temporal on a read (query, history) and for /health before it answers 503 */
  TEMPORAL_READ_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** how long the API waits for Temporal to start a case or apply a command before it answers 503 */
  TEMPORAL_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** this process's Prometheus metrics port (GET /metrics; default API 9464, worker 9465; docs/operations.md) */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** API requests a minute per signed-in user (per address without a token) */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HS256 secret for bearer tokens. Development gets a generated one (see platform/secrets.ts). */
  JWT_SECRET: z.string().min(32).optional(),
  /** The identity provider (docs/security.md): its issuer URL (discovery at /.well-known/openid-configuration). Required in production. */
  OIDC_ISSUER: z.string().url().optional(),
  /** the `aud` the API requires in access tokens (the provider's name for this API). Required in production. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** claim names where the provider puts our role (a string or a list), team, organisation number and county code */
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  OIDC_TEAM_CLAIM: z.string().min(1).default('team'),
  OIDC_ORG_CLAIM: z.string().min(1).default('org'),
  OIDC_REGION_CLAIM: z.string().min(1).default('region'),
  /** claim with the list of clearances (`protected-identity`: may see a person with protected identity) */
  OIDC_CLEARANCES_CLAIM: z.string().min(1).default('clearances'),
  /** claim with the insured's personnummer from the e-ID sign-in (the Swedish OIDC profile's name by default) */
  OIDC_PERSONNUMMER_CLAIM: z.string().min(1).default('https://id.oidc.se/claim/personalIdentityNumber'),
  /** allowed clock difference to the provider when checking exp/nbf/iat */
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** the web app's client at the provider (authorization code + PKCE); the redirect URI is PUBLIC_URL/app/login/callback */
  OIDC_WEB_CLIENT_ID: z.string().min(1).optional(),
  OIDC_WEB_CLIENT_SECRET: z.string().min(1).optional(),
  /** the API's address as browsers see it (https://… in production), for the sign-in redirect */
  PUBLIC_URL: z.string().url().optional(),
  /** Payload encryption keys: "keyId:base64Key[,keyId:base64Key…]"; the last one encrypts new data. */
  PAYLOAD_KEYS: z.string().optional(),
  /** Secret for the person key (HMAC of the normalised personnummer). */
  PERSON_KEY_SECRET: z.string().min(32).optional(),
  /** the read model's PostgreSQL server (postgres://…); unset: the embedded PGlite started by `npm start` */
  DATABASE_URL: z.string().url().optional(),
  /** loopback port of the embedded read model (PGlite) when DATABASE_URL is unset */
  READ_MODEL_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  /** closed cases' records are purged this many years after closing (gallring; the rulebook's policy by default, docs/records.md) */
  RECORD_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(RECORDS_POLICY.recordRetentionYears),
  /** OpenTelemetry (platform/tracing.ts, docs/operations.md): traces only when an OTLP endpoint is set */
  OTEL_EXPORTER_OTLP_ENDPOINT: otel(z.string().url()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otel(z.string().url()),
  OTEL_EXPORTER_OTLP_PROTOCOL: otel(z.enum(['http/protobuf', 'http/json', 'grpc'])),
  /** the service name on this process's spans (default sjukfall-api, sjukfall-worker, sjukfall-stubs) */
  OTEL_SERVICE_NAME: otel(z.string()),
  OTEL_SDK_DISABLED: otel(z.enum(['true', 'false'])),
  /** TESTS ONLY, refused in production: `exit-after-archive-write` kills the worker right after a case's archive write */
  FAULT_INJECTION: z.enum(['exit-after-archive-write']).optional(),
  /** TESTS ONLY, refused in production: `1` lets a purge run with an `asOf` date after today (the purge tests' clock offset) */
  PURGE_ALLOW_FUTURE_AS_OF: z.enum(['1']).optional(),
});

export type Config = z.infer<typeof schema> & { stubsUrl: string; apiUrl: string; temporalAddress: string; databaseUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.FAULT_INJECTION && c.SJUKFALL_ENV === 'production')
    throw new Error('invalid configuration:\n  FAULT_INJECTION: is for tests, never production');
  if (c.PURGE_ALLOW_FUTURE_AS_OF && c.SJUKFALL_ENV === 'production')
    throw new Error('invalid configuration:\n  PURGE_ALLOW_FUTURE_AS_OF: is for tests, never production');
  return {
    ...c,
    DATA_DIR: path.resolve(c.DATA_DIR),
    stubsUrl: c.STUBS_URL ?? `http://127.0.0.1:${c.STUBS_PORT}`,
    apiUrl: c.API_URL ?? `http://127.0.0.1:${c.PORT}`,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    databaseUrl: c.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${c.READ_MODEL_PORT}/postgres?sslmode=disable`,
  };
}

export const projectRoot = root;

/** Every environment variable the services read (the docker-compose test checks against this). */
export const configKeys = Object.keys(schema.shape) as (keyof typeof schema.shape)[];
