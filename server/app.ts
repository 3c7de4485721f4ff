/**
 * The HTTP server: the JSON API (api/) and the web app (web/) as sibling Fastify plugins, and what
 * both share: one error handler and error shape (platform/httpErrors.ts), zod validation and
 * serialisation, the body limit. Neither plugin imports the other; the web app reaches the API
 * through the API's reads given to it here (contract/reads.ts) and `app.inject()` (web/apiClient.ts). Tests build it and call `app.inject()` without listening.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { apiPlugin, type ApiOptions } from '../api/app';
import { loadConfig } from '../platform/config';
import { nameSpansByRoute } from '../platform/tracing';
import { BODY_LIMIT_BYTES, frameworkErrorBody, registerErrorHandler, shedWhileClosing } from '../platform/httpErrors';
import { OneLinePerRequest } from '../platform/requestLog';
import { webApp } from '../web';
import { renderExtractPdf } from '../web/extractPdf';
import type { WebLoginOptions } from '../web/oidcLogin';

export interface AppOptions extends Omit<ApiOptions, 'production' | 'devSecret'> {
  /** HS256 development secret: accepted only outside production (docs/security.md) */
  jwtSecret?: string;
  /** production: provider tokens only, no token-in-path codec, no development login (default: SJUKFALL_ENV) */
  production?: boolean;
  /** the web app's sign-in through the identity provider (production; web/oidcLogin.ts) */
  webLogin?: WebLoginOptions;
  logger?: Logger | false;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const production = o.production ?? loadConfig().SJUKFALL_ENV === 'production';
  if (production && !o.oidc) throw new Error('production needs an identity provider: set OIDC_ISSUER and OIDC_AUDIENCE (docs/security.md)');
  // development tokens are for development and tests only: production never accepts HS256
  const devSecret = production ? undefined : o.jwtSecret;
  const { jwtSecret: _secret, webLogin, logger, ...api } = o;
  const app = Fastify({
    loggerInstance: (logger || undefined) as FastifyBaseLogger | undefined,
    logController: new OneLinePerRequest(), // one line per request (platform/requestLog.ts)
    bodyLimit: BODY_LIMIT_BYTES,
    // our own 503 in our error shape while closing (shedWhileClosing), not Fastify's
    return503OnClosing: false,
    routerOptions: { maxParamLength: 2000 }, // a token in the codec URL (/codec/t/:token) is longer than the default 100
    // router-level errors (bad URL, too long parameter, bad content type) get the one error shape too
    frameworkErrors: (err, _req, reply) => {
      const { status, body } = frameworkErrorBody(err);
      void (reply as unknown as FastifyReply).status(status).send(body);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  shedWhileClosing(app);
  nameSpansByRoute(app);

  await app.register(apiPlugin, { renderExtractPdf, ...api, production, ...(devSecret ? { devSecret } : {}) });
  await app.register(webApp, {
    prefix: '/app',
    reads: app.reads,
    production,
    ...(devSecret ? { jwtSecret: devSecret } : {}),
    ...(webLogin ? { login: webLogin } : {}),
  });
  return app as unknown as FastifyInstance;
}
