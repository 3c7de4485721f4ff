/**
 * `npm run start:cluster`: the production topology on this machine, with the same programs as
 * docker-compose.yml runs in containers:
 * - PostgreSQL (Debian's) with its data in DATA_DIR/postgresql, on 127.0.0.1:POSTGRES_PORT;
 * - its two Temporal databases (persistence, SQL visibility) created or upgraded by temporal-sql-tool;
 * - Temporal Server 1.32 (built by scripts/setup-cluster.sh) on TEMPORAL_PORT, namespace and case
 *   search attributes created through the Temporal CLI;
 * - a database `sjukfall` for the read model, passed to the services as DATABASE_URL;
 * - Jaeger, the trace store: OTLP/HTTP on JAEGER_OTLP_PORT, its query API and UI on JAEGER_PORT;
 *   the services send it their traces (OTEL_EXPORTER_OTLP_ENDPOINT, unless that is set already);
 * - the agency stubs, two workers and the API;
 * - Prometheus on PROMETHEUS_PORT scraping the API, the workers and the server (docs/operations.md).
 * Ctrl-C stops everything: the services, then the server, then PostgreSQL.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { loadSecrets } from '../platform/secrets';
import { preparePostgres, waitForPostgres } from '../platform/cluster/postgres';
import {
  allServerPorts,
  serverPorts,
  clusterBinary,
  createDatabase,
  registerNamespace,
  serverArgs,
  setupSchemas,
  writeServerConfig,
} from '../platform/cluster/temporalServer';
import { runServices, Supervisor, waitForHttp, waitForTemporal } from '../platform/supervisor';
import { prometheusArgs, prometheusBinary, writePrometheusConfig } from '../platform/cluster/prometheus';
import { METRICS_PORTS } from '../platform/metrics';
import { allJaegerPorts, jaegerArgs, jaegerBinary, writeJaegerConfig } from '../platform/cluster/jaeger';

const CLUSTER_WORKERS = 2;
const READ_MODEL_DATABASE = 'sjukfall';

const log = createLogger('start-cluster');
const config = loadConfig();
fs.mkdirSync(config.DATA_DIR, { recursive: true });
loadSecrets(config, (m) => log.warn(m));
const sup = new Supervisor(log);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  sup.stopOnSignals();
  if (config.TEMPORAL_ADDRESS)
    throw new Error('start:cluster runs its own Temporal server: unset TEMPORAL_ADDRESS (or use npm start with it)');
  const metricsBase = config.METRICS_PORT ?? METRICS_PORTS.api;
  const jaegerPorts = { query: config.JAEGER_PORT, otlp: config.JAEGER_OTLP_PORT };
  const metricsPorts = Array.from({ length: CLUSTER_WORKERS + 1 }, (_, i) => metricsBase + i);
  const ports = [
    config.POSTGRES_PORT,
    ...allServerPorts(config.TEMPORAL_PORT),
    config.STUBS_PORT,
    config.PORT,
    config.PROMETHEUS_PORT,
    ...allJaegerPorts(jaegerPorts),
    ...metricsPorts,
  ];
  const taken = [];
  for (const p of ports) if (!(await portFree(p))) taken.push(p);
  if (taken.length)
    throw new Error(
      `ports already in use on 127.0.0.1: ${taken.join(', ')} (another Sjukfall or Temporal running? see POSTGRES_PORT, TEMPORAL_PORT, PORT, STUBS_PORT, PROMETHEUS_PORT, JAEGER_PORT, JAEGER_OTLP_PORT, METRICS_PORT)`,
    );

  const pg = preparePostgres(config.DATA_DIR, config.POSTGRES_PORT);
  log.info({ dir: pg.dir, port: pg.port }, 'starting PostgreSQL');
  sup.run('postgresql', pg.command, pg.args, { stopSignal: 'SIGINT', ownGroup: true, ...(pg.runAs ?? {}) });
  await waitForPostgres(pg, 60_000);
  await setupSchemas(pg);
  // the read model's database, on the same PostgreSQL (the services read DATABASE_URL)
  await createDatabase(pg, READ_MODEL_DATABASE);
  process.env.DATABASE_URL = `postgres://${pg.user}:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/${READ_MODEL_DATABASE}`;
  log.info(
    { ms: Date.now() - started, readModel: `127.0.0.1:${pg.port}/${READ_MODEL_DATABASE}` },
    'PostgreSQL up, Temporal schemas set up',
  );

  const configFile = writeServerConfig(path.join(config.DATA_DIR, 'temporal-server'), pg, config.TEMPORAL_PORT);
  sup.run('temporal', clusterBinary('temporal-server'), serverArgs(configFile), { ownGroup: true });
  await waitForTemporal(config.temporalAddress, undefined, 120_000);
  if (await registerNamespace(config.temporalAddress, config.TEMPORAL_NAMESPACE)) {
    // new namespace or attributes reach every service's cache within its 2 s refresh
    await new Promise((r) => setTimeout(r, 3_000));
  }
  await waitForTemporal(config.temporalAddress, config.TEMPORAL_NAMESPACE, 60_000);
  log.info({ ms: Date.now() - started, address: config.temporalAddress }, 'Temporal Server up');

  // the trace store, before the services: their first requests are traced too
  const jaegerConfig = writeJaegerConfig(path.join(config.DATA_DIR, 'jaeger'), jaegerPorts);
  sup.run('jaeger', jaegerBinary(), jaegerArgs(jaegerConfig), { restart: true });
  const jaegerUrl = `http://127.0.0.1:${config.JAEGER_PORT}`;
  await waitForHttp(`${jaegerUrl}/api/services`, 60_000);
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT && !config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${config.JAEGER_OTLP_PORT}`;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
  }

  await runServices(sup, config, CLUSTER_WORKERS);

  const promDir = path.join(config.DATA_DIR, 'prometheus');
  const promConfig = writePrometheusConfig(promDir, {
    api: [`127.0.0.1:${metricsPorts[0]}`],
    workers: metricsPorts.slice(1).map((p) => `127.0.0.1:${p}`),
    temporal: [`127.0.0.1:${serverPorts(config.TEMPORAL_PORT).metrics}`],
  });
  sup.run('prometheus', prometheusBinary('prometheus'), prometheusArgs(promConfig, path.join(promDir, 'data'), config.PROMETHEUS_PORT), {
    restart: true,
  });
  const prometheusUrl = `http://127.0.0.1:${config.PROMETHEUS_PORT}`;
  await waitForHttp(`${prometheusUrl}/-/ready`, 60_000);
  log.info(
    {
      api: config.apiUrl,
      docs: `${config.apiUrl}/docs`,
      temporal: config.temporalAddress,
      stubs: config.stubsUrl,
      workers: CLUSTER_WORKERS,
      prometheus: prometheusUrl,
      jaeger: jaegerUrl,
      startMs: Date.now() - started,
    },
    'Sjukfall (cluster topology) is up (Ctrl-C stops everything)',
  );
}

main().catch((err) => {
  log.fatal({ err }, 'start:cluster failed');
  void sup.stopAll(1);
});
