/**
 * `POST /:agency/:request`: one agency request, performed at most once per Idempotency-Key, after
 * the configured latency, unless the configured outage or transient failure strikes (503). Each
 * attempt is logged with agency, request, caseId, key and result, never with the body.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays } from '../domain/calendar';
import { AF_MEETING_REQUESTS, AGENCY_REQUESTS } from '../domain/vocabulary';
import { HttpError } from '../platform/httpErrors';
import type { BehaviourHolder, StubBehaviour } from './behaviour';
import { sleep, type CallbackSender } from './callbacks';
import type { Agency, AgencyRequest, RequestStore, StubResponse } from './requestStore';

const isoDate = z.iso.date();

const stubRequestBodySchema = z.object({
  caseId: z.string().min(1).max(200),
  requestedOn: isoDate,
  orgNr: z.string().min(1).max(50).optional(),
  region: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  latestDate: isoDate.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
type StubRequestBody = z.infer<typeof stubRequestBodySchema>;

const stubRequestHeaders = z.object({ 'idempotency-key': z.string().trim().min(1).max(500) });

function isAgencyRequest(agency: string, request: string): agency is Agency {
  if (!Object.hasOwn(AGENCY_REQUESTS, agency)) return false;
  return (AGENCY_REQUESTS[agency as Agency] as readonly string[]).includes(request);
}

/** Deterministic reference for an idempotency key: the first 12 hex chars of its sha256. */
function referenceFor(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** AF answers a request for a meeting it takes part in with a slot. */
const AF_MEETING_REQUEST_NAMES: readonly string[] = Object.values(AF_MEETING_REQUESTS);

function responseFor(agency: Agency, request: string, key: string, body: StubRequestBody, b: StubBehaviour): StubResponse {
  const reference = referenceFor(key);
  if (agency === 'af' && AF_MEETING_REQUEST_NAMES.includes(request)) return { reference, slot: addDays(body.requestedOn, b.slotAfterDays) };
  if (agency === 'av') return { reference, acknowledged: true };
  return { reference, accepted: true };
}

export interface AgencyRouteDeps {
  behaviour: BehaviourHolder;
  store: RequestStore;
  callbacks: CallbackSender;
}

export function agencyRoutes(app: FastifyInstance, deps: AgencyRouteDeps): void {
  const { behaviour, store, callbacks } = deps;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/:agency/:request',
    {
      schema: { params: z.object({ agency: z.string(), request: z.string() }), headers: stubRequestHeaders, body: stubRequestBodySchema },
      // validated here, not before the handler: an unknown agency is a 404 first, and a rejected
      // attempt is logged (by field name only) with its agency and request
      attachValidation: true,
    },
    async (req, reply) => {
      const { agency, request } = req.params;
      if (!isAgencyRequest(agency, request)) throw new HttpError(404, 'NOT_FOUND', `unknown agency request ${agency}/${request}`);
      if (req.validationError) {
        const fields = ((req.validationError.validation ?? []) as { instancePath: string }[]).map((v) =>
          v.instancePath.split('/').filter(Boolean).join('.'),
        );
        // Log field names avoid the logger's redacted ones (e.g. `outcome`, `name`): hence `result`.
        req.log.info(
          { agency, request, in: req.validationError.validationContext, fields, result: 'rejected: invalid input' },
          'agency request attempt',
        );
        throw req.validationError;
      }
      const body = req.body;
      const key = req.headers['idempotency-key'];
      const requestName = request as AgencyRequest;
      const ctx = { agency, request, caseId: body.caseId, key };

      const delay = behaviour.latency();
      if (delay > 0) {
        // counted while it waits: a test can kill the caller while the stub holds its request
        store.inFlight++;
        await sleep(delay).finally(() => store.inFlight--);
      }

      const existing = store.performedUnder(key);
      if (existing && (existing.agency !== agency || existing.request !== request || existing.caseId !== body.caseId)) {
        req.log.warn(ctx, 'idempotency key reused for another request');
        throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
      }
      const stats = store.countAttempt(key);
      const fault = behaviour.fault();
      if (fault) {
        stats.failedAttempts++;
        req.log.info({ ...ctx, attempt: stats.attempts, result: fault }, 'agency request attempt');
        throw new HttpError(503, 'UNAVAILABLE', fault === 'unavailable' ? `${agency} is unavailable` : `${agency} failed transiently`);
      }
      if (existing) {
        req.log.info({ ...ctx, attempt: stats.attempts, result: 'duplicate' }, 'agency request attempt');
        void reply.header('idempotent-replayed', 'true');
        return existing.response;
      }
      const b = behaviour.get();
      const response = responseFor(agency, request, key, body, b);
      store.perform({
        agency,
        request: requestName,
        caseId: body.caseId,
        key,
        requestedOn: body.requestedOn,
        performedAt: new Date().toISOString(),
        response,
      });
      req.log.info({ ...ctx, attempt: stats.attempts, result: 'performed' }, 'agency request attempt');
      if (b.callbacks) callbacks.schedule(agency, requestName, key, body, b.callbackDelayMs);
      return response;
    },
  );
}
