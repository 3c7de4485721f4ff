/** Connecting to Temporal with this project's data converter (payload encryption) and, with tracing on, its trace context in every call's headers. */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { Config } from './config';
import { dataConverter } from './codec';
import type { Secrets } from './secrets';
import { activeTracing } from './tracing';

export async function connectClient(config: Config, secrets: Secrets): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporalAddress });
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(secrets.payloadKeys),
    ...(activeTracing() ? { interceptors: { workflow: await tracingInterceptors() } } : {}),
  });
}

/** With tracing on: starting a case, a command (update) and a query are spans whose context the workflow continues. */
async function tracingInterceptors(): Promise<WorkflowClientInterceptor[]> {
  const { OpenTelemetryWorkflowClientInterceptor } = await import('@temporalio/interceptors-opentelemetry');
  return [new OpenTelemetryWorkflowClientInterceptor()];
}
