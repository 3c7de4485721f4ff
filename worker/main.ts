/**
 * The worker process: runs case workflows, the agency activities and the read-model projection. Temporal's own Runtime logs go
 * through the same pino logger (JSON, redacted) as everything else.
 */
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { activeTracing, startTracing } from '../platform/tracing';
import { loadSecrets } from '../platform/secrets';
import { dataConverter } from '../platform/codec';
import { openReadModel } from '../readModel/connect';
import { freePort } from '../platform/ports';
import { METRICS_PORTS, processRegistry, serveMetrics } from '../platform/metrics';
import { projectionHealth } from '../activities/readModel';
import { createCaseWorker } from './createWorker';
import { ensurePurgeSchedule } from './purgeSchedule';
import { connectClient } from '../platform/temporal';
import { PURGE_SCHEDULE_ID } from '../platform/temporalNames';
import { sdkMetrics, workerMetrics } from './metrics';
import { workerTracingOptions } from './tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  startTracing(config, 'sjukfall-worker'); // before the logger: its lines carry the trace ID
  const log = createLogger('worker');
  const toPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const sdkMetricsPort = await freePort(); // the SDK's exporter, read through this process's METRICS_PORT
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}`, useSecondsForDurations: true } },
    },
    logger: new DefaultLogger('INFO', (entry) => log[toPino[entry.level]]({ ...entry.meta }, entry.message)),
  });
  const secrets = loadSecrets(config, (m) => log.warn(m));
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const readModel = await openReadModel({ url: config.databaseUrl });
  const registry = processRegistry('worker');
  const projection = projectionHealth();
  const { observeAgency } = workerMetrics(registry, projection);
  const metricsServer = await serveMetrics({
    registry,
    host: config.HOST,
    port: config.METRICS_PORT ?? METRICS_PORTS.worker,
    log,
    extra: sdkMetrics(sdkMetricsPort),
  });
  // tracing's workflow interceptors are bundled in with the workflow code: a bundle built without them would drop its spans
  const workflowBundlePath = activeTracing() ? undefined : config.WORKFLOW_BUNDLE;
  if (config.WORKFLOW_BUNDLE && !workflowBundlePath) log.warn('WORKFLOW_BUNDLE not used: with tracing on, the worker bundles its own');
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    dataConverter: dataConverter(secrets.payloadKeys),
    agencies: { agenciesUrl: config.stubsUrl, observe: observeAgency },
    readModel,
    ...(workflowBundlePath ? { workflowBundlePath } : {}),
    projectionHealth: projection,
    payloadKeys: secrets.payloadKeys,
    purge: { retentionYears: config.RECORD_RETENTION_YEARS, allowFutureAsOf: config.PURGE_ALLOW_FUTURE_AS_OF === '1' },
    // fault injection for the archive test (test/integration/archive.test.ts): the process dies after the write
    ...(config.FAULT_INJECTION === 'exit-after-archive-write' ? { afterArchiveWrite: () => process.kill(process.pid, 'SIGKILL') } : {}),
    extra: {
      ...(await workerTracingOptions()),
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      nonStickyToStickyPollRatio: config.WORKER_NON_STICKY_POLL_RATIO,
    },
  });
  // the daily purge's Schedule, wherever a worker runs (worker/purgeSchedule.ts argues why here)
  const client = await connectClient(config, secrets);
  const created = await ensurePurgeSchedule(client, config.TASK_QUEUE);
  await client.connection.close();
  log.info({ schedule: PURGE_SCHEDULE_ID, created }, 'purge schedule in place');
  log.info(
    {
      taskQueue: config.TASK_QUEUE,
      temporal: config.temporalAddress,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      nonStickyPollRatio: config.WORKER_NON_STICKY_POLL_RATIO,
      workflowBundle: workflowBundlePath ?? 'bundled at start',
    },
    'worker started',
  );
  await worker.run(); // Runtime shuts the worker down gracefully on SIGINT/SIGTERM
  await connection.close();
  await readModel.destroy();
  await metricsServer?.close();
  await activeTracing()?.shutdown();
  log.info('worker stopped');
}

main().catch((err) => {
  createLogger('worker').fatal({ err }, 'worker failed');
  process.exit(1);
});
