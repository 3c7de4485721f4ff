/** The HTTP server's process (API and web app): config, secrets, Temporal client, the read model, Fastify. */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { activeTracing, startTracing } from '../platform/tracing';
import { loadSecrets } from '../platform/secrets';
import { oidcSettings } from '../platform/tokenVerifier';
import { webLoginOf } from '../web/oidcLogin';
import { connectClient } from '../platform/temporal';
import { openReadModel } from '../readModel/connect';
import { METRICS_PORTS, processRegistry, serveMetrics } from '../platform/metrics';
import { buildApp } from './app';
import { httpPopulationRegister } from '../platform/populationRegister';

async function main(): Promise<void> {
  const config = loadConfig();
  startTracing(config, 'sjukfall-api'); // before the logger: its lines carry the trace ID
  const log = createLogger('api');
  const oidc = oidcSettings(config); // production refuses to start without an identity provider
  const webLogin = webLoginOf(config);
  const secrets = loadSecrets(config, (m) => log.warn(m));
  const temporal = await connectClient(config, secrets);
  const readModel = await openReadModel({ url: config.databaseUrl });
  const metrics = processRegistry('api');
  const app = await buildApp({
    metrics,
    temporal,
    readModel,
    taskQueue: config.TASK_QUEUE,
    jwtSecret: secrets.jwtSecret,
    ...(oidc ? { oidc } : {}),
    ...(webLogin ? { webLogin } : {}),
    personKeySecret: secrets.personKeySecret,
    payloadKeys: secrets.payloadKeys,
    uiOrigins: [`http://localhost:${config.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`],
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    logger: log,
    populationRegister: httpPopulationRegister(config.stubsUrl),
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const metricsServer = await serveMetrics({ registry: metrics, host: config.HOST, port: config.METRICS_PORT ?? METRICS_PORTS.api, log });
  const stop = async (): Promise<void> => {
    await app.close(); // graceful: stops accepting, finishes in-flight requests
    await metricsServer?.close();
    await temporal.connection.close();
    await readModel.destroy();
    await activeTracing()?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  createLogger('api').fatal({ err }, 'API failed to start');
  process.exit(1);
});
