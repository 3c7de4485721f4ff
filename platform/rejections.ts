/**
 * How the case workflow rejects a command, and how a client reads that rejection back: the error
 * code travels as the ApplicationFailure type (after a prefix), the HTTP status as its first detail.
 * Both sides live here so the encoding is defined once.
 */
import { ApplicationFailure } from '@temporalio/common';

const REJECTION_FAILURE_PREFIX = 'CaseRejection:';

export interface CaseRejection {
  /** the HTTP status the API answers with */
  status: number;
  code: string;
  message: string;
}

/** Workflow side: the failure an update handler or validator throws to reject a command. */
export function rejectionFailure({ status, code, message }: CaseRejection): ApplicationFailure {
  return ApplicationFailure.create({ type: `${REJECTION_FAILURE_PREFIX}${code}`, message, details: [status], nonRetryable: true });
}

/**
 * Client side: the case's rejection inside a failed update (a WorkflowUpdateFailedError), or
 * undefined if `err` is anything else. A rejection without a status is a conflict (409).
 */
export function rejectionOf(err: unknown): CaseRejection | undefined {
  // by name: importing @temporalio/client here would pull it into the workflow bundle
  if (!(err instanceof Error) || err.name !== 'WorkflowUpdateFailedError') return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type?.startsWith(REJECTION_FAILURE_PREFIX)) return undefined;
  const status = cause.details?.[0];
  return {
    status: typeof status === 'number' ? status : 409,
    code: cause.type.slice(REJECTION_FAILURE_PREFIX.length),
    message: cause.message,
  };
}
