/**
 * Issue 26, item 1: metrics. The API's request durations by route and status and its business
 * gauges read from the read model, on a registry of its own (served on METRICS_PORT, never on the
 * API port); the metrics server; the worker's projection and agency metrics. Real dev server,
 * worker and stubs (the worker processes' pages, with the SDK's metrics, in test/integration/faults.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, caseworker, startApi, type ApiHarness } from '../../harness/api';
import { processRegistry, serveMetrics } from '../../platform/metrics';
import { workerMetrics } from '../../worker/metrics';
import { projectionHealth } from '../../activities/readModel';

let h: ApiHarness;
let app: FastifyInstance;
const registry = new Registry();

beforeAll(async () => {
  h = await startApi();
  app = await buildTestApp(h.sys, { metrics: registry });
});
afterAll(async () => {
  await app?.close();
  await h?.stop();
});

/** The value of one sample line of the Prometheus text, e.g. `name{a="b"}`. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('the API', () => {
  it('counts requests by route pattern and status, never by URL', async () => {
    const caseId = await h.openCase();
    await h.projected(caseId); // (its first workflow task done: the query answers at once)
    expect((await app.inject({ url: `/cases/${caseId}`, headers: caseworker })).statusCode).toBe(200);
    expect((await app.inject({ url: '/cases/nosuchcase0', headers: caseworker })).statusCode).toBe(404);
    const text = await registry.metrics();
    expect(sample(text, 'sjukfall_http_request_duration_seconds_count{method="GET",route="/cases/:caseId",status_code="200"}')).toBe(1);
    expect(sample(text, 'sjukfall_http_request_duration_seconds_count{method="GET",route="/cases/:caseId",status_code="404"}')).toBe(1);
    expect(text).not.toContain(caseId);
  });

  it('reads the business gauges from the read model at each scrape', async () => {
    const before = await registry.metrics();
    const open = (t: string) =>
      t
        .split('\n')
        .filter((l) => l.startsWith('sjukfall_open_cases{'))
        .reduce((n, l) => n + Number(l.split(' ')[1]), 0);
    const caseId = await h.openCase();
    await h.projected(caseId);
    const after = await registry.metrics();
    expect(open(after)).toBe(open(before) + 1);
    const row = await h.sys.readModel.db.selectFrom('cases').select('criterion').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(sample(after, `sjukfall_open_cases{criterion="${row.criterion}"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'sjukfall_read_model_up')).toBe(1);
    for (const g of [
      'sjukfall_overdue_tasks',
      'sjukfall_stuck_cases',
      'sjukfall_pending_requests',
      'sjukfall_oldest_pending_request_seconds',
    ])
      expect(sample(after, g), g).toBeGreaterThanOrEqual(0);
  });

  it('has no /metrics on the API port', async () => {
    expect((await app.inject('/metrics')).statusCode).toBe(404);
  });
});

describe('the metrics server', () => {
  it('serves the registry and the extra text at /metrics, and nothing else', async () => {
    const reg = processRegistry('test');
    const server = await serveMetrics({
      registry: reg,
      port: 0,
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
      extra: async () => 'extra_metric 7\n',
    });
    try {
      const res = await fetch(`http://127.0.0.1:${server!.port}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain('process_cpu_seconds_total{service="test"}');
      expect(sample(text, 'extra_metric')).toBe(7);
      expect((await fetch(`http://127.0.0.1:${server!.port}/`)).status).toBe(404);
    } finally {
      await server?.close();
    }
  });
});

describe('the worker', () => {
  it('reports the projection lag and failures and each agency attempt', async () => {
    const reg = new Registry();
    const health = projectionHealth();
    const { observeAgency } = workerMetrics(reg, health);
    health.lagSeconds = () => 42;
    health.down = () => true;
    health.failures = 3;
    observeAgency({ agency: 'employer', request: 'sick-report', outcome: 'failed', seconds: 0.2 });
    const text = await reg.metrics();
    expect(sample(text, 'sjukfall_projection_lag_seconds')).toBe(42);
    expect(sample(text, 'sjukfall_read_model_writable')).toBe(0);
    expect(sample(text, 'sjukfall_projection_failures_total')).toBe(3);
    expect(sample(text, 'sjukfall_agency_request_duration_seconds_count{agency="employer",request="sick-report",outcome="failed"}')).toBe(
      1,
    );
    health.failures = 5;
    expect(sample(await reg.metrics(), 'sjukfall_projection_failures_total')).toBe(5);
  });
});
