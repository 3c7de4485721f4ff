/**
 * The worker's metrics (served on METRICS_PORT by worker/main.ts): the projection's lag and failures
 * (activities/readModel.ts), every attempt at an agency by outcome and duration, and, on the same
 * page, the Temporal SDK's own worker metrics (task slots, poll and schedule-to-start latencies,
 * workflow and activity outcomes), which its runtime exports on a loopback port of its own.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProjectionHealth } from '../activities/readModel';
import type { AgencyAttempt } from '../activities/agencies';

export function workerMetrics(registry: Registry, projection: ProjectionHealth) {
  new Gauge({
    name: 'sjukfall_projection_lag_seconds',
    help: 'how long the oldest case change not yet written to the read model has waited (0: all written)',
    registers: [registry],
    collect() {
      this.set(projection.lagSeconds());
    },
  });
  new Gauge({
    name: 'sjukfall_read_model_writable',
    help: '0 while this worker finds the read model down (it probes it every 2 s)',
    registers: [registry],
    collect() {
      this.set(projection.down() ? 0 : 1);
    },
  });
  let counted = 0;
  new Counter({
    name: 'sjukfall_projection_failures_total',
    help: 'projection writes that failed (retried on a workflow timer)',
    registers: [registry],
    collect() {
      this.inc(projection.failures - counted);
      counted = projection.failures;
    },
  });
  const agency = new Histogram({
    name: 'sjukfall_agency_request_duration_seconds',
    help: 'HTTP attempts at the agencies by agency, request and outcome (ok, refused, failed, unreachable)',
    labelNames: ['agency', 'request', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    observeAgency: (a: AgencyAttempt): void => agency.observe({ agency: a.agency, request: a.request, outcome: a.outcome }, a.seconds),
  };
}

/** The SDK runtime's metrics page, for `serveMetrics`'s `extra`. */
export const sdkMetrics = (port: number) => async (): Promise<string> => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
  return res.ok ? res.text() : '';
};
