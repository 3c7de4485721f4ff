/**
 * The API's metrics (served on METRICS_PORT by server/main.ts, never on the API port): the duration of
 * every request by route and status, and the business gauges read from the read model at each
 * scrape (within the read deadline; a scrape while the database is down says so in
 * sjukfall_read_model_up and keeps the other gauges at their last values).
 */
import fp from 'fastify-plugin';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { withinMs } from '../platform/deadline';
import { operationalFigures, type OperationalFigures } from '../readModel/operations';

export const apiMetricsPlugin = fp<{ registry: Registry }>(async (app, { registry }) => {
  const duration = new Histogram({
    name: 'sjukfall_http_request_duration_seconds',
    help: 'API requests by method, route (its pattern, never the URL) and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  // one read of the figures per scrape, shared by the gauges below (they are collected together)
  let pending: Promise<OperationalFigures | undefined> | undefined;
  const figures = (): Promise<OperationalFigures | undefined> => {
    pending ??= withinMs(app.cases.deadlines.readMs, operationalFigures(app.readModel))
      .catch(() => undefined)
      .finally(() => (pending = undefined));
    return pending;
  };
  new Gauge({
    name: 'sjukfall_read_model_up',
    help: '1 when the read model answered this scrape',
    registers: [registry],
    async collect() {
      this.set((await figures()) ? 1 : 0);
    },
  });
  const gauge = (name: string, help: string, set: (g: Gauge, f: OperationalFigures) => void, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const f = await figures();
        if (f) set(this, f);
      },
    });
  gauge(
    'sjukfall_open_cases',
    'open cases by the criterion their work capacity is assessed against',
    (g, f) => {
      g.reset();
      for (const r of f.openByCriterion) g.set({ criterion: r.criterion }, r.cases);
    },
    ['criterion'],
  );
  gauge('sjukfall_overdue_tasks', 'open tasks past their due day', (g, f) => g.set(f.overdueTasks));
  gauge('sjukfall_stuck_cases', 'open cases with an agency request failing past its retries', (g, f) => g.set(f.stuckCases));
  gauge('sjukfall_pending_requests', 'requests to agencies of open cases not yet answered', (g, f) => g.set(f.pendingRequests));
  gauge('sjukfall_oldest_pending_request_seconds', 'age of the oldest unanswered agency request of an open case (0: none)', (g, f) =>
    g.set(
      f.oldestPendingRequestOn ? Math.max(0, Math.floor((Date.now() - Date.parse(`${f.oldestPendingRequestOn}T00:00:00Z`)) / 1000)) : 0,
    ),
  );
});
