/**
 * `npm run read-model:rebuild`: drops the read model and fills it again from the workflows (see
 * scripts/readModelRebuild.ts). Needs Temporal, a worker and the read model's database running, as
 * `npm start` runs them; uses the same configuration (DATA_DIR, DATABASE_URL, TEMPORAL_ADDRESS).
 */
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { loadSecrets } from '../platform/secrets';
import { connectClient } from '../platform/temporal';
import { openReadModel } from '../readModel/connect';
import { rebuildReadModel } from './readModelRebuild';

async function main(): Promise<void> {
  const log = createLogger('read-model-rebuild');
  const config = loadConfig();
  const secrets = loadSecrets(config, (m) => log.warn(m));
  const client = await connectClient(config, secrets);
  const db = await openReadModel({ url: config.databaseUrl, migrate: false });
  try {
    const started = Date.now();
    const { cases, events } = await rebuildReadModel(client, db, (line) => log.info(line));
    log.info({ cases, events, seconds: (Date.now() - started) / 1000 }, 'read model rebuilt from the workflows');
  } finally {
    await db.destroy();
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  createLogger('read-model-rebuild').fatal({ err }, 'rebuild failed');
  process.exit(1);
});
