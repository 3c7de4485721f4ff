/**
 * Agency stub service: plays the outside agencies (employer, region = healthcare,
 * af = Arbetsförmedlingen, av = Arbetsmiljöverket, insured = the insured person) over real HTTP
 * for our Temporal activities.
 *
 *  - `POST /:agency/:request` performs a request at most once per `Idempotency-Key`, with a
 *    configurable latency, outage (`down`) and transient failure rate (`failureRate`).
 *  - `/_admin/*` lets tests and scenarios inspect what was performed and change the behaviour.
 *  - With `behaviour.callbacks` on, the stub answers later like a real agency by calling our API.
 *
 * Request bodies may carry case data: they are never logged.
 */
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AGENCY_REQUESTS } from '../domain/vocabulary';

// ---------------------------------------------------------------------------------------------
// Types and constants
// ---------------------------------------------------------------------------------------------

/** What each agency understands: the requests of DOMAIN.md §4 (one list, in domain/vocabulary.ts). */
export { AGENCY_REQUESTS };
export type Agency = keyof typeof AGENCY_REQUESTS;
export type AgencyRequest<A extends Agency = Agency> = (typeof AGENCY_REQUESTS)[A][number];
export const AGENCIES = Object.keys(AGENCY_REQUESTS) as Agency[];

/** Roles the stub can act as when it calls our API back. */
export type StubRole = 'employer' | 'region' | 'af';

export interface StubBehaviour {
  /** Inclusive [min, max] latency in milliseconds before a request is answered. */
  latencyMs: [number, number];
  /** Probability 0..1 that an attempt fails with 503 (and is not performed). */
  failureRate: number;
  /** Every attempt fails with 503 UNAVAILABLE. */
  down: boolean;
  /** AF meetings are booked this many calendar days after `requestedOn`. */
  slotAfterDays: number;
  /** Answer some requests later by calling our API (needs `apiUrl` and `tokenFor`). */
  callbacks: boolean;
  /** Delay before such a callback is sent. */
  callbackDelayMs: number;
}

export const DEFAULT_BEHAVIOUR: Readonly<StubBehaviour> = Object.freeze({
  latencyMs: [5, 40] as [number, number],
  failureRate: 0,
  down: false,
  slotAfterDays: 7,
  callbacks: false,
  callbackDelayMs: 200,
});

export interface StubsOptions {
  /** pino logger (e.g. `createLogger('stubs')`); `false` or omitted: no logging. */
  logger?: Logger | false;
  /** Base URL of our API, for callbacks. */
  apiUrl?: string;
  /** Bearer token for a callback made as `role` (and organisation, for employers). */
  tokenFor?: (role: StubRole, org?: string) => string;
  /** Initial behaviour; the rest comes from DEFAULT_BEHAVIOUR. */
  behaviour?: Partial<StubBehaviour>;
  /** Source of randomness in [0, 1) for latency and failures (default Math.random). */
  random?: () => number;
}

export type StubResponse =
  | { reference: string; slot: string }
  | { reference: string; acknowledged: true }
  | { reference: string; accepted: true };

/** One performed request (one per idempotency key), as listed by `GET /_admin/requests`. */
export interface StubRecord {
  agency: Agency;
  request: AgencyRequest;
  caseId: string;
  key: string;
  requestedOn: string;
  /** Every HTTP attempt with this key that passed validation: failed, performed and duplicates. */
  attempts: number;
  /** Attempts with this key answered 503 (down or injected failure). */
  failedAttempts: number;
  /** ISO timestamp of the (single) performance. */
  performedAt: string;
  /** What was answered, and is answered again for duplicates. */
  response: StubResponse;
}

/** Attempt counts per idempotency key, including keys never performed. */
export interface AttemptStats {
  attempts: number;
  failedAttempts: number;
}

export interface CallbackOutcome {
  /** Idempotency key of the original request. */
  key: string;
  /** Idempotency key sent with the callback: `callback-<key>`. */
  callbackKey: string;
  agency: Agency;
  request: AgencyRequest;
  caseId: string;
  command: string;
  role: StubRole;
  url: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  /** HTTP attempts made so far (first try plus retries). */
  attempts: number;
  /** HTTP status of the last attempt, if any answer came. */
  httpStatus?: number;
  /** Last error (network error or non-2xx status). */
  error?: string;
  scheduledAt: string;
  finishedAt?: string;
}

/** Test/scenario handle on the stub's state: `app.stubs`. */
export interface StubsControl {
  /** Performed requests, in the order they were performed (a snapshot). */
  readonly records: StubRecord[];
  /** Attempt counts per key, including keys that were never performed (a snapshot). */
  readonly attempts: Map<string, AttemptStats>;
  /** Current behaviour (a copy). */
  readonly behaviour: StubBehaviour;
  /** Callback outcomes so far (a snapshot). */
  readonly callbacks: CallbackOutcome[];
  /** Merge a partial behaviour (validated; throws on invalid input) and return the result. */
  setBehaviour(partial: Partial<StubBehaviour>): StubBehaviour;
  /** Clear records, attempts and callbacks (pending ones are cancelled); restore default behaviour. */
  reset(): void;
  /** Resolve once no callback is scheduled or in flight (including retries). */
  drainCallbacks(): Promise<void>;
}

export type StubsApp = FastifyInstance & { stubs: StubsControl };

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const isoDate = z.iso.date();

export const stubRequestBodySchema = z.object({
  caseId: z.string().min(1).max(200),
  requestedOn: isoDate,
  orgNr: z.string().min(1).max(50).optional(),
  latestDate: isoDate.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type StubRequestBody = z.infer<typeof stubRequestBodySchema>;

const behaviourFields = {
  latencyMs: z
    .tuple([z.number().int().min(0).max(60_000), z.number().int().min(0).max(60_000)])
    .refine(([min, max]) => min <= max, { message: 'latencyMs must be [min, max] with min <= max' }),
  failureRate: z.number().min(0).max(1),
  down: z.boolean(),
  slotAfterDays: z.number().int().min(0).max(3650),
  callbacks: z.boolean(),
  callbackDelayMs: z.number().int().min(0).max(600_000),
};

/** A partial StubBehaviour, as accepted by `PUT /_admin/behaviour`. Unknown fields are rejected. */
export const stubBehaviourPatchSchema = z.strictObject(behaviourFields).partial();

const requestsQuerySchema = z.object({
  caseId: z.string().optional(),
  agency: z.string().optional(),
  request: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Pure helpers
// ---------------------------------------------------------------------------------------------

/** `YYYY-MM-DD` + `days` calendar days, pure date arithmetic in UTC. */
export function addDays(isoDay: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) throw new Error(`not an ISO date: ${isoDay}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Deterministic reference for an idempotency key: the first 12 hex chars of its sha256. */
export function referenceFor(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function isAgencyRequest(agency: string, request: string): agency is Agency {
  if (!Object.hasOwn(AGENCY_REQUESTS, agency)) return false;
  return (AGENCY_REQUESTS[agency as Agency] as readonly string[]).includes(request);
}

const AF_MEETINGS: readonly string[] = ['joint-mapping', 'transition-meeting', 'contact-meeting'];

function responseFor(
  agency: Agency,
  request: string,
  key: string,
  body: StubRequestBody,
  b: StubBehaviour,
): StubResponse {
  const reference = referenceFor(key);
  if (agency === 'af' && AF_MEETINGS.includes(request)) {
    return { reference, slot: addDays(body.requestedOn, b.slotAfterDays) };
  }
  if (agency === 'av') return { reference, acknowledged: true };
  return { reference, accepted: true };
}

interface CallbackSpec {
  command: string;
  role: StubRole;
  body: Record<string, unknown>;
  org: (body: StubRequestBody) => string | undefined;
}

/** Requests that a real agency answers later, and the command it answers with. */
export const CALLBACKS: Partial<Record<string, CallbackSpec>> = {
  'employer/sick-report': { command: 'register-sick-report', role: 'employer', body: {}, org: (b) => b.orgNr },
  'employer/return-to-work-plan': {
    command: 'register-plan',
    role: 'employer',
    body: { via: 'form' },
    org: (b) => b.orgNr,
  },
  'region/afu': { command: 'submit-afu-report', role: 'region', body: { summary: 'AFU report' }, org: () => undefined },
  'region/certificate-completion': {
    command: 'answer-certificate-completion',
    role: 'region',
    body: { answer: 'Completed certificate' },
    org: () => undefined,
  },
};

/** Callback retries after the first try, and the backoff before each retry. */
const CALLBACK_RETRIES = 3;
const CALLBACK_BACKOFF_MS = 50;
const CALLBACK_TIMEOUT_MS = 5_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function errorBody(code: string, message?: string, extra?: Record<string, unknown>) {
  return { error: { code, ...(message ? { message } : {}), ...extra } };
}

function validationError(reply: FastifyReply, issues: z.core.$ZodIssue[]) {
  const fields = [...new Set(issues.map((i) => (i.path.length ? i.path.join('.') : '(body)')))];
  return reply.code(400).send(
    errorBody('INVALID_REQUEST', `invalid ${fields.join(', ')}`, {
      fields,
      issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

export function buildStubsApp(opts: StubsOptions = {}): StubsApp {
  const random = opts.random ?? Math.random;
  const initial = stubBehaviourPatchSchema.parse(opts.behaviour ?? {});
  let behaviour: StubBehaviour = { ...DEFAULT_BEHAVIOUR, ...initial } as StubBehaviour;

  // Fastify's own per-request lines are off: each attempt is logged below with agency, request,
  // caseId and outcome (and never the body).
  const logController = new LogController({ disableRequestLogging: true });
  const app: FastifyInstance = (
    opts.logger ? Fastify({ loggerInstance: opts.logger, logController }) : Fastify({ logger: false, logController })
  ) as unknown as FastifyInstance;
  const log = app.log;

  // State: performed requests per key, attempt counts per key, callback outcomes.
  type Performed = Omit<StubRecord, 'attempts' | 'failedAttempts'>;
  const performed = new Map<string, Performed>();
  const attempts = new Map<string, AttemptStats>();
  let callbackOutcomes: CallbackOutcome[] = [];
  const pending = new Set<Promise<void>>();
  let callbackAbort = new AbortController();

  const toRecord = (p: Performed): StubRecord => {
    const s = attempts.get(p.key) ?? { attempts: 0, failedAttempts: 0 };
    return { ...p, attempts: s.attempts, failedAttempts: s.failedAttempts };
  };

  const setBehaviour = (patch: Partial<StubBehaviour>): StubBehaviour => {
    const parsed = stubBehaviourPatchSchema.parse(patch);
    behaviour = { ...behaviour, ...parsed } as StubBehaviour;
    return { ...behaviour, latencyMs: [...behaviour.latencyMs] };
  };

  const reset = () => {
    callbackAbort.abort();
    callbackAbort = new AbortController();
    performed.clear();
    attempts.clear();
    callbackOutcomes = [];
    behaviour = { ...DEFAULT_BEHAVIOUR, latencyMs: [...DEFAULT_BEHAVIOUR.latencyMs] };
  };

  const drainCallbacks = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  const latency = (): number => {
    const [min, max] = behaviour.latencyMs;
    if (max <= min) return min;
    return Math.min(max, min + Math.floor(random() * (max - min + 1)));
  };

  // ---- callbacks ------------------------------------------------------------------------------

  const scheduleCallback = (agency: Agency, request: AgencyRequest, key: string, body: StubRequestBody) => {
    const spec = CALLBACKS[`${agency}/${request}`];
    if (!spec || !behaviour.callbacks) return;
    if (!opts.apiUrl || !opts.tokenFor) {
      log.warn({ agency, request, caseId: body.caseId }, 'callbacks are on but apiUrl/tokenFor are not configured');
      return;
    }
    const url = `${opts.apiUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(body.caseId)}/commands/${spec.command}`;
    const outcome: CallbackOutcome = {
      key,
      callbackKey: `callback-${key}`,
      agency,
      request,
      caseId: body.caseId,
      command: spec.command,
      role: spec.role,
      url,
      status: 'pending',
      attempts: 0,
      scheduledAt: new Date().toISOString(),
    };
    callbackOutcomes.push(outcome);
    const org = spec.org(body);
    const tokenFor = opts.tokenFor;
    const signal = callbackAbort.signal;
    const ctx = { agency, request, caseId: body.caseId, command: spec.command, key };

    const run = async () => {
      await sleep(behaviour.callbackDelayMs, signal);
      for (let attempt = 0; attempt <= CALLBACK_RETRIES; attempt++) {
        if (signal.aborted) break;
        if (attempt > 0) {
          await sleep(CALLBACK_BACKOFF_MS * 2 ** (attempt - 1), signal);
          if (signal.aborted) break;
        }
        outcome.attempts++;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${tokenFor(spec.role, org)}`,
              'idempotency-key': outcome.callbackKey,
              'content-type': 'application/json',
            },
            body: JSON.stringify(spec.body),
            signal: AbortSignal.any([signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
          });
          outcome.httpStatus = res.status;
          await res.text().catch(() => undefined);
          if (res.ok) {
            outcome.status = 'delivered';
            delete outcome.error;
            outcome.finishedAt = new Date().toISOString();
            log.info({ ...ctx, attempt: outcome.attempts, status: res.status }, 'callback delivered');
            return;
          }
          outcome.error = `HTTP ${res.status}`;
        } catch (err) {
          if (signal.aborted) break;
          outcome.error = err instanceof Error ? err.message : String(err);
        }
        log.warn(
          { ...ctx, attempt: outcome.attempts, status: outcome.httpStatus, error: outcome.error },
          attempt < CALLBACK_RETRIES ? 'callback failed, will retry' : 'callback failed, giving up',
        );
      }
      outcome.status = signal.aborted ? 'cancelled' : 'failed';
      outcome.finishedAt = new Date().toISOString();
    };

    const p: Promise<void> = run()
      .catch((err: unknown) => {
        // Never crash the stub over a callback (e.g. tokenFor throwing).
        outcome.status = 'failed';
        outcome.error = err instanceof Error ? err.message : String(err);
        outcome.finishedAt = new Date().toISOString();
        log.warn({ ...ctx, error: outcome.error }, 'callback failed');
      })
      .finally(() => pending.delete(p));
    pending.add(p);
  };

  // ---- error handling -------------------------------------------------------------------------

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'stub error');
    reply.code(status).send(errorBody(err.code ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), err.message));
  });

  // ---- routes ---------------------------------------------------------------------------------

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/_admin/requests', async (req, reply) => {
    const q = requestsQuerySchema.safeParse(req.query);
    if (!q.success) return validationError(reply, q.error.issues);
    const { caseId, agency, request } = q.data;
    const requests = [...performed.values()]
      .filter((p) => (caseId === undefined || p.caseId === caseId) && (agency === undefined || p.agency === agency))
      .filter((p) => request === undefined || p.request === request)
      .map(toRecord);
    return { requests };
  });

  app.get('/_admin/behaviour', async () => behaviour);

  app.put('/_admin/behaviour', async (req, reply) => {
    const parsed = stubBehaviourPatchSchema.safeParse(req.body ?? {});
    if (!parsed.success) return validationError(reply, parsed.error.issues);
    const next = setBehaviour(parsed.data);
    log.info({ behaviour: next }, 'behaviour changed');
    return next;
  });

  app.post('/_admin/reset', async () => {
    reset();
    log.info('stub state reset');
    return { reset: true, behaviour };
  });

  app.get('/_admin/callbacks', async () => ({ callbacks: callbackOutcomes }));

  app.post<{ Params: { agency: string; request: string } }>('/:agency/:request', async (req, reply) => {
    const { agency, request } = req.params;
    if (!isAgencyRequest(agency, request)) {
      return reply.code(404).send(errorBody('UNKNOWN_REQUEST', `unknown agency request ${agency}/${request}`));
    }
    const rawKey = req.headers['idempotency-key'];
    const key = (Array.isArray(rawKey) ? rawKey[0] : rawKey)?.trim();
    if (!key || key.length > 500) {
      req.log.info({ agency, request, result: 'rejected: no idempotency key' }, 'agency request attempt');
      return reply.code(400).send(errorBody('IDEMPOTENCY_KEY_REQUIRED', 'header Idempotency-Key is required'));
    }
    const parsed = stubRequestBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.'));
      req.log.info({ agency, request, key, fields, result: 'rejected: invalid body' }, 'agency request attempt');
      return validationError(reply, parsed.error.issues);
    }
    const body = parsed.data;
    const requestName = request as AgencyRequest;
    // Log field names avoid the logger's redacted ones (e.g. `outcome`, `name`): hence `result`.
    const ctx = { agency, request, caseId: body.caseId, key };

    const delay = latency();
    if (delay > 0) await sleep(delay);

    const stats = attempts.get(key) ?? { attempts: 0, failedAttempts: 0 };
    attempts.set(key, stats);
    const existing = performed.get(key);
    if (existing && (existing.agency !== agency || existing.request !== request || existing.caseId !== body.caseId)) {
      req.log.warn(ctx, 'idempotency key reused for another request');
      return reply
        .code(422)
        .send(errorBody('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request'));
    }
    stats.attempts++;

    if (behaviour.down) {
      stats.failedAttempts++;
      req.log.info({ ...ctx, attempt: stats.attempts, result: 'unavailable' }, 'agency request attempt');
      return reply.code(503).send(errorBody('UNAVAILABLE', `${agency} is unavailable`));
    }
    if (behaviour.failureRate > 0 && random() < behaviour.failureRate) {
      stats.failedAttempts++;
      req.log.info({ ...ctx, attempt: stats.attempts, result: 'failed' }, 'agency request attempt');
      return reply.code(503).send(errorBody('UNAVAILABLE', `${agency} failed transiently`));
    }
    if (existing) {
      req.log.info({ ...ctx, attempt: stats.attempts, result: 'duplicate' }, 'agency request attempt');
      reply.header('idempotent-replayed', 'true');
      return existing.response;
    }

    const response = responseFor(agency, request, key, body, behaviour);
    performed.set(key, {
      agency,
      request: requestName,
      caseId: body.caseId,
      key,
      requestedOn: body.requestedOn,
      performedAt: new Date().toISOString(),
      response,
    });
    req.log.info({ ...ctx, attempt: stats.attempts, result: 'performed' }, 'agency request attempt');
    scheduleCallback(agency, requestName, key, body);
    return response;
  });

  app.addHook('onClose', async () => {
    callbackAbort.abort();
    await drainCallbacks();
  });

  const control: StubsControl = {
    get records() {
      return [...performed.values()].map(toRecord);
    },
    get attempts() {
      return new Map([...attempts].map(([k, v]) => [k, { ...v }]));
    },
    get behaviour() {
      return { ...behaviour, latencyMs: [...behaviour.latencyMs] as [number, number] };
    },
    get callbacks() {
      return callbackOutcomes.map((c) => ({ ...c }));
    },
    setBehaviour,
    reset,
    drainCallbacks,
  };
  app.decorate('stubs', control);
  return app as StubsApp;
}
