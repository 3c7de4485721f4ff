/**
 * OpenTelemetry tracing of one process (API, worker, stubs), configured only by the standard OTEL_*
 * variables (docs/operations.md, "Traces"):
 *  - off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, and off
 *    when OTEL_SDK_DISABLED=true: then nothing of the SDK is even loaded, no hook or interceptor is
 *    added, and a request costs what it cost without tracing;
 *  - on: the SDK (`@opentelemetry/sdk-node`) exports spans over OTLP by OTEL_EXPORTER_OTLP_PROTOCOL
 *    (`http/protobuf` by default, `http/json`, `grpc`), names the service by OTEL_SERVICE_NAME (else
 *    this process's default, `sjukfall-api`, `sjukfall-worker`, `sjukfall-stubs`) and samples by
 *    OTEL_TRACES_SAMPLER; incoming HTTP requests and outgoing `fetch` calls are spans, and the
 *    context travels in W3C `traceparent` headers and, through Temporal, in workflow and activity
 *    headers (platform/temporal.ts, worker/tracing.ts);
 *  - every log line written inside a span carries its `trace_id` and `span_id` (platform/logger.ts).
 *
 * Scrapes and health checks (`GET /metrics`, `GET /health`) are not traced: they would bury the
 * requests people make under one trace every few seconds. A span's URL is its path without the query
 * string, scrubbed like a log line (platform/redaction.ts); a request's span is named by its route
 * pattern (`POST /cases/:caseId/commands/:command`).
 */
import type { IncomingMessage } from 'node:http';
import type { Span, SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { scrubPersonalNumbers } from './redaction';

export type TracedService = 'sjukfall-api' | 'sjukfall-worker' | 'sjukfall-stubs';

/** What a started SDK hands the Temporal interceptors: where spans go, and the process's resource. */
export interface ActiveTracing {
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** the span of the current async context, if any */
  activeSpan(): Span | undefined;
  /** flushes the spans not yet exported; called once when the process stops */
  shutdown(): Promise<void>;
}

let active: ActiveTracing | undefined;

/** Whether the OTEL_* variables ask for traces: an OTLP endpoint, and the SDK not disabled. */
export function tracingWanted(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SDK_DISABLED'>,
): boolean {
  return Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && config.OTEL_SDK_DISABLED !== 'true';
}

/** This process's tracing, once startTracing() started it; undefined when tracing is off. */
export function activeTracing(): ActiveTracing | undefined {
  return active;
}

const UNTRACED_PATHS = new Set(['/metrics', '/health']);
const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0]!;

/**
 * Starts the SDK when the OTEL_* variables ask for it (once per process; before the logger is made,
 * so that its lines carry the trace ID). The SDK's modules are loaded only here, only then.
 */
export function startTracing(config: Config, service: TracedService): ActiveTracing | undefined {
  if (active || !tracingWanted(config)) return active;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const namedByEnv = Boolean(config.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name=/.test(process.env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    ...(namedByEnv ? {} : { serviceName: service }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => req.method === 'GET' && UNTRACED_PATHS.has(pathOf(req)),
        startIncomingSpanHook: (req) => {
          const path = scrubPersonalNumbers(pathOf(req as IncomingMessage));
          return { 'http.target': path, 'http.url': path, 'url.path': path };
        },
      }),
      new UndiciInstrumentation(),
    ],
    logRecordProcessors: [], // logs stay pino lines on stdout, with the trace ID in them
  });
  sdk.start();
  // node:http was loaded before (fastify, the metrics server): asking for it again lets the
  // instrumentation patch it now, before the first server listens or request goes out
  require('node:http'); // eslint-disable-line @typescript-eslint/no-require-imports
  require('node:https'); // eslint-disable-line @typescript-eslint/no-require-imports
  const provider = (api.trace.getTracerProvider() as import('@opentelemetry/api').ProxyTracerProvider).getDelegate() as unknown as {
    getActiveSpanProcessor?(): SpanProcessor;
    resource: Resource;
  };
  if (!provider.getActiveSpanProcessor) {
    void sdk.shutdown(); // no exporter after all (OTEL_TRACES_EXPORTER=none): as off
    return undefined;
  }
  active = {
    spanProcessor: provider.getActiveSpanProcessor(),
    resource: provider.resource,
    activeSpan: () => api.trace.getSpan(api.context.active()),
    shutdown: () => sdk.shutdown(),
  };
  return active;
}

/** The trace and span IDs for a log line written now (pino's mixin); nothing outside a span. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const context: SpanContext | undefined = active?.activeSpan()?.spanContext();
  return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
}

/** With tracing on: a request's span is named by its route pattern, e.g. `POST /cases/:caseId/commands/:command` (never a URL with IDs). */
export function nameSpansByRoute(app: FastifyInstance): void {
  const tracing = active;
  if (!tracing) return;
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (route) tracing.activeSpan()?.updateName(`${req.method} ${route}`).setAttribute('http.route', route);
  });
}
