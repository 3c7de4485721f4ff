/**
 * With tracing on (platform/tracing.ts): the worker continues the trace a command started. The
 * workflow interceptors (bundled into the workflow code; Temporal's own module, deterministic: they
 * add headers and spans, never a command) make the update, the activities it schedules and queries
 * spans; the spans made inside the workflow sandbox leave it through a sink into this process's span
 * processor (never during replay). The activity interceptors continue the trace in the activity, so
 * the agency's HTTP call (a traced `fetch`) carries it on to the agency.
 */
import type { WorkerOptions } from '@temporalio/worker';
import { activeTracing } from '../platform/tracing';

export async function workerTracingOptions(): Promise<Pick<WorkerOptions, 'interceptors' | 'sinks'>> {
  const tracing = activeTracing();
  if (!tracing) return {};
  const otel = await import('@temporalio/interceptors-opentelemetry');
  return {
    interceptors: {
      workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
      activity: [
        (ctx) => ({
          inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: otel.makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
