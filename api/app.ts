/**
 * The caseworker and supervisor API (Fastify), as one plugin: one plugin per route group inside it;
 * zod schemas validate, type and document every route. The Temporal client is injected and wrapped
 * once (`app.cases`, api/temporalCases.ts). The server it runs in (server/app.ts) registers it beside
 * the web app and owns what both share: the error handler (platform/httpErrors.ts), the zod
 * compilers, the body limit.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import { authenticate, authPlugin } from './auth';
import type { OidcSettings } from '../platform/tokenVerifier';
import { HttpError } from '../platform/httpErrors';
import { loadConfig } from '../platform/config';
import type { Deadlines } from './deadlines';
import type { Registry } from 'prom-client';
import { apiMetricsPlugin } from './metrics';
import { temporalCasesPlugin } from './temporalCases';
import { peoplePlugin } from './people';
import type { PopulationRegister } from '../platform/populationRegister';
import { caseRecordsPlugin } from './caseRecords';
import { healthRoutes } from './routes/health';
import { caseRoutes } from './routes/cases';
import { commandRoutes } from './routes/commands';
import { codecRoutes } from './routes/codec';
import { historyRoutes } from './routes/history';
import { accessLogRoutes } from './routes/accessLog';
import { statsRoutes } from './routes/stats';
import { caseworkerRoutes } from './routes/caseworkers';
import { inboxRoutes } from './routes/inbox';
import { taskRoutes } from './routes/tasks';
import { extractRoutes, type RenderExtractPdf } from './routes/extract';
import { myCaseRoutes } from './routes/myCase';
import { AesGcmPayloadCodec, type PayloadKey } from '../platform/codec';
import { RECORDS_POLICY } from '../domain/rulebook';
import type { ReadModelDb } from '../readModel/connect';
import { apiReads, type ApiReads } from './reads';

declare module 'fastify' {
  interface FastifyInstance {
    secrets: { personKeySecret: string };
    /** the SQL read model: lists, tasks, person search, statistics, relapse lookup (readModel/) */
    readModel: ReadModelDb;
    /** the reads of contract/reads.ts (api/reads.ts): the routes answer with them, the web app calls them in-process */
    reads: ApiReads;
  }
}

export interface ApiOptions {
  /** renders the register extract as a PDF in Swedish (the server passes web/extractPdf.ts); without it only JSON */
  renderExtractPdf?: RenderExtractPdf;
  temporal: Client;
  /** the read model's database (readModel/connect.ts) */
  readModel: ReadModelDb;
  taskQueue: string;
  /** HS256 development secret: accepted only outside production (docs/security.md); the server passes none in production */
  devSecret?: string;
  /** production: provider tokens only, no token-in-path codec */
  production: boolean;
  /** the identity provider whose tokens the API accepts (required in production) */
  oidc?: OidcSettings;
  personKeySecret: string;
  /** payload keys for the codec server (Temporal UI / CLI) */
  payloadKeys: PayloadKey[];
  /** origins of the Temporal UI allowed to call /codec (CORS is off for everything else) */
  uiOrigins?: string[];
  /** requests per minute per signed-in user (per address for requests without a valid token) */
  rateLimitPerMinute?: number;
  /** how long a request waits for Temporal before it answers 503 (default: TEMPORAL_*_TIMEOUT_MS) */
  deadlines?: Deadlines;
  /** the population register (folkbokföring): names, protected identity, county (api/people.ts) */
  populationRegister: PopulationRegister;
  /** where the API's metrics go (api/metrics.ts); none when absent */
  metrics?: Registry;
}

export const apiPlugin = fp<ApiOptions>(async (app: FastifyInstance, o) => {
  const { production, devSecret } = o;
  const config = loadConfig();
  const deadlines = o.deadlines ?? { readMs: config.TEMPORAL_READ_TIMEOUT_MS, commandMs: config.TEMPORAL_COMMAND_TIMEOUT_MS };
  app.decorate('secrets', { personKeySecret: o.personKeySecret });
  app.decorate('readModel', o.readModel);
  app.decorate('reads', apiReads(app));
  // JSON only: a text body is 415, not a string handed to validation
  app.removeContentTypeParser('text/plain');

  if (o.metrics) await app.register(apiMetricsPlugin, { registry: o.metrics });
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(authPlugin, { ...(o.oidc ? { oidc: o.oidc } : {}), ...(devSecret ? { devSecret } : {}) });
  await app.register(temporalCasesPlugin, { client: o.temporal, taskQueue: o.taskQueue, deadlines });
  await app.register(peoplePlugin, { register: o.populationRegister, payloadKeys: o.payloadKeys });
  await app.register(caseRecordsPlugin, { keys: o.payloadKeys, accessLogYears: RECORDS_POLICY.accessLogRetentionYears });
  // Per user, not per address: an office behind one address is many users. A request without a
  // valid token is counted by its address.
  await app.register(rateLimit, {
    max: o.rateLimitPerMinute ?? 600, // RATE_LIMIT_PER_MINUTE's default (platform/config.ts)
    timeWindow: '1 minute',
    keyGenerator: async (req) => {
      if (req.headers.authorization?.startsWith('Bearer ')) {
        try {
          return `user:${(await authenticate(req)).sub}`;
        } catch {
          /* counted by address */
        }
      }
      return `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(429, 'RATE_LIMITED', `more than ${ctx.max} requests a minute; retry in ${Math.ceil(ctx.ttl / 1000)} s`, {
        limitPerMinute: ctx.max,
        retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
      }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sjukfall API', version: '0.1.0', description: 'Sick-leave cases on the rehabilitation chain' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(caseRoutes);
  await app.register(commandRoutes);
  await app.register(historyRoutes);
  await app.register(accessLogRoutes);
  await app.register(statsRoutes);
  await app.register(caseworkerRoutes);
  await app.register(taskRoutes);
  await app.register(inboxRoutes);
  await app.register(extractRoutes, o.renderExtractPdf ? { renderPdf: o.renderExtractPdf } : {});
  await app.register(myCaseRoutes);
  await app.register(codecRoutes, { codec: new AesGcmPayloadCodec(o.payloadKeys), uiOrigins: o.uiOrigins ?? [], tokenInPath: !production });
});
