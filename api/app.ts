/**
 * The caseworker and supervisor API (Fastify). Built as plugins, one per route group; zod schemas
 * validate, type and document every route; one error handler. The Temporal client is injected, so
 * tests build the app and call `app.inject()` without listening.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { authPlugin } from './auth';
import { registerErrorHandler } from './errors';
import { healthRoutes } from './routes/health';
import { caseRoutes } from './routes/cases';
import { commandRoutes } from './routes/commands';
import { codecRoutes } from './routes/codec';
import { historyRoutes } from './routes/history';
import { statsRoutes } from './routes/stats';
import { AesGcmPayloadCodec, type PayloadKey } from '../platform/codec';
import { webApp } from '../web';

declare module 'fastify' {
  interface FastifyInstance {
    temporal: Client;
    taskQueue: string;
    secrets: { personKeySecret: string };
  }
}

export interface AppOptions {
  temporal: Client;
  taskQueue: string;
  jwtSecret: string;
  personKeySecret: string;
  logger?: Logger | false;
  /** payload keys for the codec server (Temporal UI / CLI) */
  payloadKeys: PayloadKey[];
  /** origins of the Temporal UI allowed to call /codec (CORS is off for everything else) */
  uiOrigins?: string[];
  /** requests per minute per client (rate limit) */
  rateLimitPerMinute?: number;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (o.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 2000 }, // a token in the codec URL (/codec/t/:token) is longer than the default 100
    // router-level errors (bad URL, too long parameter, bad content type) get the one error shape too
    frameworkErrors: (err, _req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      void (reply as unknown as FastifyReply).status(status).send({ error: { code: err.code ?? 'BAD_REQUEST', message: err.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('temporal', o.temporal);
  app.decorate('taskQueue', o.taskQueue);
  app.decorate('secrets', { personKeySecret: o.personKeySecret });
  registerErrorHandler(app);

  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, { max: o.rateLimitPerMinute ?? 600, timeWindow: '1 minute' });
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
  await app.register(authPlugin, { secret: o.jwtSecret });

  await app.register(healthRoutes);
  await app.register(caseRoutes);
  await app.register(commandRoutes);
  await app.register(historyRoutes);
  await app.register(statsRoutes);
  await app.register(codecRoutes, { codec: new AesGcmPayloadCodec(o.payloadKeys), uiOrigins: o.uiOrigins ?? [] });
  await app.register(webApp, { prefix: '/app', jwtSecret: o.jwtSecret });
  return app as unknown as FastifyInstance;
}
