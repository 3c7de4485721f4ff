/**
 * The embedded read-model database as its own process (started by `npm start` unless DATABASE_URL
 * names a PostgreSQL server): PGlite with its data in DATA_DIR/read-model, served on
 * READ_MODEL_PORT (loopback) to the API and the worker. SIGTERM/SIGINT close it cleanly.
 */
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startEmbeddedReadModel } from '../readModel/embedded';

const log = createLogger('read-model');

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = path.join(config.DATA_DIR, 'read-model');
  const server = await startEmbeddedReadModel({
    dataDir,
    port: config.READ_MODEL_PORT,
    ...(config.READ_MODEL_TEMPLATE ? { template: config.READ_MODEL_TEMPLATE } : {}),
  });
  log.info({ dataDir, port: config.READ_MODEL_PORT }, 'read model (PGlite) ready');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    log.info('read model stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'read model failed to start');
  process.exit(1);
});
