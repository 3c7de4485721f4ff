/**
 * Agency stub service entry point: `tsx stubs/main.ts`.
 * Listens on HOST:STUBS_PORT; see stubs/app.ts for the endpoints (one file per concern beside it).
 */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { activeTracing, startTracing } from '../platform/tracing';
import { loadSecrets } from '../platform/secrets';
import { signToken } from '../platform/tokens';
import { buildStubsApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  startTracing(config, 'sjukfall-stubs'); // before the logger: its lines carry the trace ID
  const logger = createLogger('stubs');
  const secrets = loadSecrets(config, (m) => logger.warn(m));
  // Like a real agency, the stubs answer later by calling our API back (plans, AFU reports, …),
  // authenticated as their own role (an employer with its organisation number).
  const app = buildStubsApp({
    logger,
    apiUrl: config.apiUrl,
    tokenFor: (role, party) => signToken(secrets.jwtSecret, { sub: `stub-${role}`, role, ...party }, 300_000),
    behaviour: { callbacks: true, callbackDelayMs: 2_000 },
  });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'stubs shutting down');
    app.close().then(
      async () => {
        await activeTracing()?.shutdown();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while closing stubs');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const address = await app.listen({ host: config.HOST, port: config.STUBS_PORT });
  logger.info({ address }, 'agency stubs listening');
}

main().catch((err: unknown) => {
  console.error('stubs failed to start:', err);
  process.exit(1);
});
