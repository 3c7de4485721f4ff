/**
 * Prometheus metrics of one process (prom-client), served as text on its own port (METRICS_PORT:
 * API 9464, worker 9465, the next worker 9466), never on the public API port. `extra` adds text
 * from elsewhere to the same page (the worker: the Temporal SDK's runtime metrics).
 */
import http from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';

/** The default port of each kind of process (docs/operations.md). */
export const METRICS_PORTS = { api: 9464, worker: 9465 } as const;

/** A registry with the process's own metrics (CPU, memory, event loop lag) labelled by service. */
export function processRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** GET /metrics on host:port; a port taken is logged, not fatal (the process serves its users without metrics). */
export async function serveMetrics(o: {
  registry: Registry;
  port: number;
  host: string;
  log: Logger;
  extra?: () => Promise<string>;
}): Promise<MetricsServer | undefined> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('metrics are at /metrics\n');
      return;
    }
    void Promise.all([o.registry.metrics(), o.extra?.().catch(() => '') ?? ''])
      .then(([own, extra]) => res.writeHead(200, { 'content-type': o.registry.contentType }).end(`${own}\n${extra}`))
      .catch((err: unknown) => {
        o.log.warn({ err }, 'metrics could not be collected');
        res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => resolve());
    });
  } catch (err) {
    o.log.error({ err, port: o.port }, 'the metrics port is taken: this process serves no metrics (set METRICS_PORT)');
    return undefined;
  }
  const port = (server.address() as { port: number }).port;
  o.log.info({ port }, 'metrics at /metrics');
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}
