/**
 * `npm start`: the whole system in one command, no prompts.
 * - the Temporal dev server (CLI from .tools/, see setup-temporal.sh) persisting to
 *   DATA_DIR/temporal.sqlite, with the case search attributes registered and its UI on 8233
 *   (skipped when TEMPORAL_ADDRESS points at a server you already run);
 * - the read model: the embedded PGlite in DATA_DIR/read-model, served on READ_MODEL_PORT (skipped
 *   when DATABASE_URL points at a PostgreSQL server);
 * - the agency stubs, the worker and the API, each its own process (the workflow code bundled once,
 *   while the servers start, for the worker and its restarts).
 * Ctrl-C (SIGINT) or SIGTERM stops everything, children first, the dev server last.
 * The production-like topology (Temporal server on PostgreSQL, two workers) is scripts/start-cluster.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { loadSecrets } from '../platform/secrets';
import { temporalCliPath } from '../platform/temporalBinaries';
import { devServerArgs } from '../platform/devServer';
import { waitForReadModel } from '../readModel/connect';
import { tracingWanted } from '../platform/tracing';
import { runServices, Supervisor, waitForTemporal } from '../platform/supervisor';
import { tsProcess } from '../platform/tsProcess';

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
    sup.run('read-model', ...tsProcess('scripts/readModelServer.ts'), { restart: true });
  } else {
    log.info('using the read model at DATABASE_URL');
  }
  const [workflowBundle] = await Promise.all([
    bundleWhileServersStart(),
    waitForTemporal(config.temporalAddress, config.TEMPORAL_NAMESPACE, 60_000),
    waitForReadModel(config.databaseUrl, 60_000),
  ]);
  await runServices(sup, config, 1, workflowBundle);
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

/**
 * The workflow code, bundled here while the servers start: the worker would bundle it as it starts,
 * after them (8 s on a loaded 2-core machine), and again after every restart. With tracing on the
 * worker bundles its own (tracing's workflow interceptors go into its bundle).
 */
async function bundleWhileServersStart(): Promise<string | undefined> {
  if (config.WORKFLOW_BUNDLE) return config.WORKFLOW_BUNDLE;
  if (tracingWanted(config)) return undefined;
  const { bundleWorkflows } = await import('../worker/createWorker');
  return bundleWorkflows(path.join(config.DATA_DIR, 'workflow-bundle.js'));
}

main().catch((err) => {
  log.fatal({ err }, 'start failed');
  void sup.stopAll(1);
});
