/**
 * Every call the API makes to Temporal or the read model has a deadline: a frozen or crashed
 * server must cost a request a few seconds and an honest 503, never a minute of silence. The gRPC
 * deadline stops the SDK's own retries; the timer beside it answers even if a call ignores it.
 */
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { HttpError } from '../platform/httpErrors';
import { DeadlineExceeded, withinMs } from '../platform/deadline';

/** How long the API waits for each part before it answers 503 (TEMPORAL_*_TIMEOUT_MS, platform/config.ts). */
export interface Deadlines {
  /** a query, a describe, a history, the health check */
  readMs: number;
  /** starting a case, sending a command (an update waits for the worker to apply it) */
  commandMs: number;
}

/** gRPC status 14: the server cannot be reached (the SDK's retries gave up) */
const GRPC_UNAVAILABLE = 14;

/** Temporal did not answer in time, or could not be reached: what was it asked, and what to do. */
function unavailable(kind: 'read' | 'command', ms: number): HttpError {
  return new HttpError(
    503,
    'TEMPORAL_UNAVAILABLE',
    kind === 'command'
      ? `Temporal did not confirm the command within ${ms} ms; its outcome is unknown: retry with the same Idempotency-Key`
      : `Temporal did not answer within ${ms} ms; retry later`,
    { retryAfterSeconds: 5 },
  );
}

/** True for the SDK's ways of saying "no answer in time" or "server not reachable". */
function isOutage(err: unknown): boolean {
  return (
    err instanceof DeadlineExceeded ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcDeadlineError(err) ||
    isGrpcCancelledError(err) ||
    (isGrpcServiceError(err) && err.code === GRPC_UNAVAILABLE) ||
    (err instanceof Error && err.cause !== undefined && isOutage(err.cause))
  );
}

/** Run `fn` (calls on `client`) within the deadline of its kind; an outage becomes a 503 HttpError. */
export async function temporalCall<T>(client: Client, ms: number, kind: 'read' | 'command', fn: () => Promise<T>): Promise<T> {
  try {
    return await withinMs(ms, client.withDeadline(Date.now() + ms, fn));
  } catch (err) {
    if (isOutage(err)) throw unavailable(kind, ms);
    throw err;
  }
}
