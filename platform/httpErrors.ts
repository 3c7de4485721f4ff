/**
 * One error vocabulary for every response: {"error": {"code", "message", "details?"}}. Codes are
 * ours (never a framework's), messages are written for people, and `details.field` names a field in
 * one form: its dotted path in the request (`degree`, `employment.employer.orgNr`), or a header name.
 * Temporal's answers are mapped here too: a validator's rejection carries its code and HTTP status.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { z } from 'zod';
import { rejectionOf } from './rejections';
import type { FieldIssue, FieldProblem } from '../domain/fieldIssues';
import type { ErrorCode } from './errorCodes';

/** Largest request body (bytes). */
export const BODY_LIMIT_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const invalidInput = (field: string, message: string, issue: FieldIssue = 'invalid'): HttpError =>
  invalidInputs(field ? [{ field, issue, message }] : [{ field: '', issue, message }]);

/**
 * 400 INVALID_INPUT naming every field that is wrong at once: `details.issues` lists each
 * `{field, issue, limit?}` (domain/fieldIssues.ts), `details.field` is the first (older clients).
 */
export function invalidInputs(problems: readonly FieldProblem[]): HttpError {
  const named = problems.filter((p) => p.field);
  const message = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  if (!named.length) return new HttpError(400, 'INVALID_INPUT', message);
  const issues = named.map(({ field, issue, limit }) => ({ field, issue, ...(limit !== undefined ? { limit } : {}) }));
  return new HttpError(400, 'INVALID_INPUT', message, { field: named[0]!.field, issues });
}

/** Translate what Temporal said about a case into an HttpError, or undefined if it is not ours. */
export function fromTemporal(err: unknown): HttpError | undefined {
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'CASE_NOT_FOUND', 'there is no case with this ID');
  const rejection = rejectionOf(err);
  return rejection && new HttpError(rejection.status, rejection.code as ErrorCode, rejection.message);
}

/** What fastify-type-provider-zod keeps of a zod issue (its fields other than path, code and message). */
interface IssueParams {
  values?: unknown[];
  keys?: string[];
  errors?: { code: string; values?: unknown[] }[][];
  minimum?: number | bigint;
  maximum?: number | bigint;
  /** a refinement's own issue code (`params: {issue}` in its zod schema) */
  params?: { issue?: FieldIssue };
}

const list = (values: unknown[]): string => values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');

/** A zod issue in words for people; enums and unions of literals list the allowed values. */
function describeIssue(keyword: string, message: string, p: IssueParams): string {
  if (keyword === 'invalid_value' && p.values) return `must be one of ${list(p.values)}`;
  if (keyword === 'invalid_union' && p.errors?.length && p.errors.every((b) => b.length === 1 && b[0]?.code === 'invalid_value')) {
    return `must be one of ${list(p.errors.flatMap((b) => b[0]?.values ?? []))}`;
  }
  if (keyword === 'invalid_type') return /received undefined/.test(message) ? 'is required' : message.replace(/^Invalid input: /, '');
  return message;
}

/** Every zod issue code as one of our field issues: the compiler checks that none is left out. */
const ZOD_ISSUES: Record<z.core.$ZodIssue['code'], FieldIssue> = {
  invalid_type: 'wrong-type',
  too_big: 'too-big',
  too_small: 'too-small',
  invalid_format: 'bad-format',
  not_multiple_of: 'invalid',
  unrecognized_keys: 'unknown-field',
  invalid_union: 'not-an-option',
  invalid_key: 'invalid',
  invalid_element: 'invalid',
  invalid_value: 'not-an-option',
  custom: 'invalid',
};

const issueOf = (keyword: string, message: string, p: IssueParams): FieldIssue => {
  if (keyword === 'invalid_type' && /received undefined/.test(message)) return 'required';
  if (keyword === 'custom' && p.params?.issue) return p.params.issue;
  return ZOD_ISSUES[keyword as z.core.$ZodIssue['code']] ?? 'invalid';
};

type ValidationEntry = { keyword: string; instancePath: string; message?: string; params: unknown };

function problemsOf(v: ValidationEntry): FieldProblem[] {
  const params = v.params as IssueParams;
  const path = v.instancePath.split('/').filter(Boolean);
  if (v.keyword === 'unrecognized_keys' && params.keys?.length) {
    return params.keys.map((k) => ({ field: [...path, k].join('.'), issue: 'unknown-field', message: 'is not a field of this request' }));
  }
  const limit = params.minimum ?? params.maximum;
  return [
    {
      field: path.join('.'),
      issue: issueOf(v.keyword, v.message ?? '', params),
      message: describeIssue(v.keyword, v.message ?? 'is invalid', params),
      ...(limit !== undefined ? { limit: Number(limit) } : {}),
    },
  ];
}

function validationError(err: FastifyError & { validation: ValidationEntry[] }, context?: string): HttpError {
  const problems = err.validation.flatMap(problemsOf);
  if (problems.every((p) => !p.field)) {
    const what = problems[0]?.message ?? 'is invalid';
    return invalidInput(
      '',
      context === 'body' ? `the body must be a JSON object (${what})` : `the ${context ?? 'request'} is invalid: ${what}`,
    );
  }
  return invalidInputs(problems.filter((p) => p.field));
}

/** Errors of the framework itself (parsing, routing, limits), in our words. */
function fromFramework(err: FastifyError): HttpError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with the header Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'INVALID_JSON', 'the body is empty: send a JSON object ({} when there is nothing to say)');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', `the body is larger than the limit of ${BODY_LIMIT_BYTES} bytes`, {
        limitBytes: BODY_LIMIT_BYTES,
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'INVALID_REQUEST', 'the Content-Length header does not match the body');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_BAD_URL_ENCODING':
      return new HttpError(400, 'INVALID_URL', 'the URL is malformed');
    default:
      return undefined;
  }
}

/** Any other 4xx the framework or a plugin raises: a code and message of ours for its status. */
const BY_STATUS: Record<number, [ErrorCode, string]> = {
  400: ['INVALID_REQUEST', 'the request is malformed'],
  404: ['NOT_FOUND', 'no such resource'],
  405: ['METHOD_NOT_ALLOWED', 'this method is not allowed here'],
  406: ['NOT_ACCEPTABLE', 'the response cannot be given in the asked format'],
  413: ['PAYLOAD_TOO_LARGE', `the body is larger than the limit of ${BODY_LIMIT_BYTES} bytes`],
  414: ['URI_TOO_LONG', 'the URL is too long'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with the header Content-Type: application/json'],
  429: ['RATE_LIMITED', 'too many requests; retry later'],
  431: ['HEADERS_TOO_LARGE', 'the request headers are too large'],
};

export function toHttpError(err: FastifyError): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return validationError(err, err.validationContext);
  const known = fromTemporal(err) ?? fromFramework(err);
  if (known) return known;
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const [code, message] = BY_STATUS[status] ?? ['INVALID_REQUEST', 'the request cannot be served'];
    return new HttpError(status, code, message);
  }
  return undefined;
}

const body = (e: HttpError) => ({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const mapped = toHttpError(err);
    if (mapped?.statusCode === 503) {
      req.log.warn({ code: mapped.code }, mapped.message);
      return reply
        .status(503)
        .header('retry-after', String(mapped.details?.retryAfterSeconds ?? 5))
        .send(body(mapped));
    }
    if (mapped) return reply.status(mapped.statusCode).send(body(mapped));
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(503)
      .header('retry-after', '5')
      .send({ error: { code: 'UNAVAILABLE', message: 'the service could not complete the request; retry later' } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `there is no ${req.method} ${req.url.split('?')[0]}` } }),
  );
}

/**
 * While the app closes (SIGTERM: a restart or a deploy), requests that still arrive on open
 * connections are turned away at once in our error shape (Fastify's own 503 has its own body; its
 * return503OnClosing is off in server/app.ts), so a client or load balancer retries elsewhere.
 */
export function shedWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    return reply
      .status(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .send(
        body(
          new HttpError(503, 'SHUTTING_DOWN', 'this API process is stopping; retry (another one answers, or this one after its restart)'),
        ),
      );
  });
}

/** For router-level errors (Fastify's frameworkErrors option): the same shape. */
export const frameworkErrorBody = (err: FastifyError): { status: number; body: ReturnType<typeof body> } => {
  const e = toHttpError(err) ?? new HttpError(400, 'INVALID_REQUEST', 'the request is malformed');
  return { status: e.statusCode, body: body(e) };
};
