/**
 * The cluster topology's trace store (`npm run start:cluster`): Jaeger v2, built by
 * scripts/setup-jaeger.sh, keeping traces in memory (the newest 100,000; a restart forgets them).
 * It listens on loopback only: OTLP over HTTP on JAEGER_OTLP_PORT (where the services send their
 * spans), its query API and UI on JAEGER_PORT, the query's gRPC on the port below it
 * (docs/operations.md, "Traces"). It sends no metrics or traces of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../config';

export const jaegerBinary = (): string => {
  const p = path.join(projectRoot, '.tools', 'jaeger', 'jaeger');
  if (!fs.existsSync(p)) throw new Error(`${p} not found: run "bash scripts/setup-jaeger.sh" (builds it with Go)`);
  return p;
};

export interface JaegerPorts {
  /** the query API and UI (HTTP) */
  query: number;
  /** OTLP over HTTP: the services' OTEL_EXPORTER_OTLP_ENDPOINT */
  otlp: number;
}

/** Every port the Jaeger process listens on (the query's gRPC is the port below its HTTP). */
export const allJaegerPorts = (p: JaegerPorts): number[] => [p.query, p.query - 1, p.otlp];

/** The config file (written into `dir`): the all-in-one pipeline, OTLP/HTTP in, memory storage, the query service. */
export function writeJaegerConfig(dir: string, ports: JaegerPorts): string {
  fs.mkdirSync(dir, { recursive: true });
  const config = {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn', encoding: 'json' } },
    },
    extensions: {
      jaeger_storage: { backends: { traces: { memory: { max_traces: 100_000 } } } },
      jaeger_query: {
        storage: { traces: 'traces' },
        http: { endpoint: `127.0.0.1:${ports.query}` },
        grpc: { endpoint: `127.0.0.1:${ports.query - 1}` },
      },
    },
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${ports.otlp}` } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'traces' } },
  };
  const file = path.join(dir, 'jaeger.yaml');
  fs.writeFileSync(file, stringify(config));
  return file;
}

export const jaegerArgs = (configFile: string): string[] => [`--config=file:${configFile}`];
