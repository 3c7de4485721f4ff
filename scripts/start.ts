/**
 * `npm start`: the whole system in one command, no prompts.
 * - the Temporal dev server (CLI from .tools/, see setup-temporal.sh) persisting to
 *   DATA_DIR/temporal.sqlite, with the case search attributes registered and its UI on 8233
 *   (skipped when TEMPORAL_ADDRESS points at a server you already run);
 * - the read model: the embedded PGlite in DATA_DIR/read-model, served on READ_MODEL_PORT (skipped
 *   when DATABASE_URL points at a PostgreSQL server);
 * - the agency stubs, the worker and the API, each its own process.
 * Ctrl-C (SIGINT) or SIGTERM stops everything, children first, the dev server last.
 * The production-like topology (Temporal server on PostgreSQL, two workers) is scripts/start-cluster.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../platform/config';
import { createLogger } from '../platform/logger';
import { loadSecrets } from '../platform/secrets';
import { temporalCliPath } from '../platform/temporalBinaries';
import { devServerArgs } from '../platform/devServer';
import { waitForReadModel } from '../readModel/connect';
import { runServices, Supervisor, waitForTemporal } from '../platform/supervisor';

const log = createLogger('start');
const config = loadConfig();
fs.mkdirSync(config.DATA_DIR, { recursive: true });
// generate development secrets once, before the services read them
loadSecrets(config, (m) => log.warn(m));
const sup = new Supervisor(log);

async function main(): Promise<void> {
  sup.stopOnSignals();
  if (!config.TEMPORAL_ADDRESS) {
    const db = path.join(config.DATA_DIR, 'temporal.sqlite');
    // No --ui-codec-endpoint: the dev UI has no login, so a default endpoint could only answer 401 and
    // the UI would show "Codec Server could not connect" on every page. A supervisor sets a personal
    // endpoint in the UI instead (README "Seeing decoded cases in the Temporal UI").
    const args = devServerArgs({
      dbFile: db,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    log.info({ db, port: config.TEMPORAL_PORT, ui: `http://localhost:${config.TEMPORAL_UI_PORT}` }, 'starting the Temporal dev server');
    sup.run('temporal', temporalCliPath(), args);
  } else {
    log.info({ address: config.TEMPORAL_ADDRESS }, 'using the Temporal server at TEMPORAL_ADDRESS');
  }
  if (!config.DATABASE_URL) {
    log.info({ dir: path.join(config.DATA_DIR, 'read-model'), port: config.READ_MODEL_PORT }, 'starting the read model (embedded PGlite)');
    sup.run('read-model', `${projectRoot}/node_modules/.bin/tsx`, ['scripts/readModelServer.ts'], { restart: true });
  } else {
    log.info('using the read model at DATABASE_URL');
  }
  await Promise.all([
    waitForTemporal(config.temporalAddress, config.TEMPORAL_NAMESPACE, 60_000),
    waitForReadModel(config.databaseUrl, 60_000),
  ]);
  await runServices(sup, config);
  log.info(
    {
      api: config.apiUrl,
      docs: `${config.apiUrl}/docs`,
      temporalUi: config.TEMPORAL_ADDRESS ? undefined : `http://localhost:${config.TEMPORAL_UI_PORT}`,
      stubs: config.stubsUrl,
    },
    'Sjukfall is up (Ctrl-C stops everything)',
  );
}

main().catch((err) => {
  log.fatal({ err }, 'start failed');
  void sup.stopAll(1);
});
