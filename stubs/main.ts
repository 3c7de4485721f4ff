/**
 * Agency stub service entry point: `tsx stubs/main.ts`.
 * Listens on HOST:STUBS_PORT; see stubs/app.ts for the endpoints.
 */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { buildStubsApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('stubs');
  // Callbacks to our API need a bearer token per role; without `tokenFor` they stay off
  // (a scenario or test that wants them builds the app itself with a token issuer).
  const app = buildStubsApp({ logger, apiUrl: config.apiUrl });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'stubs shutting down');
    app.close().then(
      () => process.exit(0),
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
  // eslint-disable-next-line no-console
  console.error('stubs failed to start:', err);
  process.exit(1);
});
