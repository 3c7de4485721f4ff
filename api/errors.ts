/**
 * One error shape for every response: {"error": {"code", "message", "details?"}}.
 * Temporal's answers are mapped here too: a validator's rejection carries its code and HTTP status.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import { rejectionOf } from '../workflows/rejections';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Translate what Temporal said about a case into an HttpError, or undefined if it is not ours. */
export function fromTemporal(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'CASE_NOT_FOUND', 'no such case');
  const rejection = rejectionOf(err);
  return rejection && new HttpError(rejection.status, rejection.code, rejection.message);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = [err.validationContext, ...(first?.instancePath ?? '').split('/').filter(Boolean)].join('.');
      return reply.status(400).send({
        error: { code: 'INVALID_INPUT', message: `${field}: ${first?.message ?? 'invalid'}`, details: { field } },
      });
    }
    const mapped = err instanceof HttpError ? err : fromTemporal(err);
    if (mapped) {
      return reply.status(mapped.statusCode).send({
        error: { code: mapped.code, message: mapped.message, ...(mapped.details ? { details: mapped.details } : {}) },
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: err.code ?? 'BAD_REQUEST', message: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'the service could not complete the request; retry later' } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );
}
