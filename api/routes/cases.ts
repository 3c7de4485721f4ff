/**
 * Opening, finding and reading cases. Reading is for FK staff only (caseworker, specialist,
 * supervisor); agencies may never read case state (CONTRACT.md). All Temporal access is `app.cases`.
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chainDayAt, dateOfChainDay, relapsePriorDays, stockholmDateOf } from '../../domain/calendar';
import type { CaseView } from '../../domain/caseMachine';
import { OPEN_ROLES, READ_ROLES } from '../../domain/commands';
import { parseOpeningRequest } from '../../domain/openingRequest';
import { parsePersonnummer } from '../../domain/identity';
import { personKey } from '../../platform/secrets';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { requireRole } from '../auth';
import { HttpError, invalidInput } from '../errors';
import { keyedRequest, keyReused } from '../idempotency';
import {
  type CaseViewBody,
  caseIdParams,
  caseSummarySchema,
  caseViewSchema,
  errorSchema,
  idempotencyHeaders,
  listQuery,
  openCaseBody,
  searchBody,
} from '../schemas';

/**
 * A query sees the workflow's clock as of its last activation; the chain day of an open case is a
 * pure function of the calendar, so it is given as of now.
 */
function asOfNow(view: CaseView): CaseView {
  if (view.status !== 'open') return view;
  const clock = { firstSickDay: view.firstSickDay, priorDays: view.priorDays };
  const chainDay = chainDayAt(clock, Date.now());
  return { ...view, chainDay, date: dateOfChainDay(clock, chainDay) };
}

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const secret = app.secrets.personKeySecret;

  app.post(
    '/cases',
    {
      preValidation: requireRole(OPEN_ROLES),
      schema: {
        summary: 'Open a sick-leave case',
        description:
          'One open case per person (409 CASE_ALREADY_OPEN names it). With an Idempotency-Key a retry answers the same case; the same key with another body is 422.',
        body: openCaseBody,
        headers: idempotencyHeaders,
        response: { 201: z.object({ caseId: z.string(), priorDays: z.number() }), 400: errorSchema, 409: errorSchema, 422: errorSchema },
      },
    },
    async (req, reply) => {
      const checked = parseOpeningRequest(req.body, stockholmDateOf(Date.now()));
      if (!checked.ok) throw invalidInput(checked.errors[0]!.field, checked.errors[0]!.message);
      const { personnummer, ...opening } = checked.opening;
      const actor = req.user;
      const pk = personKey(secret, personnummer);
      // The case ID of a keyed request is derived from (user, key): a retry finds the case it opened.
      const key = req.headers['idempotency-key'];
      const keyed = key ? keyedRequest(secret, actor.sub, key, 'POST /cases', checked.opening) : undefined;
      const caseId = keyed ? keyed.keyHash.slice(0, 32) : crypto.randomUUID();
      const replay = async (): Promise<number | undefined> => {
        const earlier = keyed && (await app.cases.opening(caseId));
        if (!earlier) return undefined;
        // a case opened before fingerprints were kept has none: its key is taken as a retry, as it was then
        if (earlier.fingerprint !== null && earlier.fingerprint !== keyed.fingerprint) throw keyReused();
        return earlier.priorDays;
      };

      let priorDays = await replay();
      if (priorDays === undefined) {
        const open = await app.cases.openCaseOf(pk);
        if (open && open !== caseId) {
          throw new HttpError(409, 'CASE_ALREADY_OPEN', 'this person already has an open case; act on that case instead', { caseId: open });
        }
        const previousPeriods = [...opening.previousPeriods, ...(await app.cases.earlierPeriods(pk))];
        priorDays = relapsePriorDays(opening.firstSickDay, previousPeriods);
        const { caseworkerId, team, ...rest } = opening;
        const caseTeam = team ?? actor.team;
        const input: CaseWorkflowInput = {
          opening: { ...rest, caseId, personKey: pk, priorDays, previousPeriods, caseworkerId: caseworkerId ?? actor.sub, ...(caseTeam ? { team: caseTeam } : {}), openedBy: { sub: actor.sub, role: actor.role } },
          ...(keyed ? { openingFingerprint: keyed.fingerprint } : {}),
        };
        // started concurrently by a retry with the same key: answer as that one
        if (!(await app.cases.start(input))) priorDays = (await replay()) ?? priorDays;
      }
      return reply.status(201).send({ caseId, priorDays });
    },
  );

  app.post(
    '/cases/search',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Find a person\'s cases by personnummer (FK staff)',
        description: 'The personnummer travels in the body, so it is never in a URL or a log line.',
        body: searchBody,
        response: { 200: z.object({ cases: z.array(caseSummarySchema) }), 400: errorSchema, 403: errorSchema },
      },
    },
    async (req) => {
      const pnr = parsePersonnummer(req.body.personnummer, stockholmDateOf(Date.now()));
      if (!pnr.ok) throw invalidInput('personnummer', pnr.reason);
      const views = await app.cases.casesOf(personKey(secret, pnr.value.normalised));
      const cases = views.map(asOfNow).map(({ caseId, status, firstSickDay, criterion, chainDay }) => ({ caseId, status, firstSickDay, criterion, chainDay }));
      return { cases: cases.sort((a, b) => (a.firstSickDay < b.firstSickDay ? 1 : -1)) };
    },
  );

  app.get(
    '/cases/:caseId',
    {
      preValidation: requireRole(READ_ROLES),
      schema: { summary: 'The case state', params: caseIdParams, response: { 200: caseViewSchema, 404: errorSchema } },
    },
    async (req) => {
      return asOfNow(await app.cases.view(req.params.caseId)) as CaseViewBody;
    },
  );

  app.get(
    '/cases/:caseId/timeline',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'The case timeline (DOMAIN.md §8)',
        params: caseIdParams,
        response: { 200: z.object({ caseId: z.string(), timeline: z.array(z.record(z.string(), z.unknown())) }), 404: errorSchema },
      },
    },
    async (req) => ({ caseId: req.params.caseId, timeline: await app.cases.timeline(req.params.caseId) }),
  );

  app.get(
    '/cases',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'List cases through Temporal visibility (no personal data)',
        querystring: listQuery,
        response: { 200: z.object({ cases: z.array(z.record(z.string(), z.unknown())), nextPageToken: z.string().optional() }) },
      },
    },
    async (req) => {
      const { pageSize, pageToken, overdue, stuck, ...rest } = req.query;
      const filter = { ...rest, ...(overdue ? { overdue: overdue === 'true' } : {}), ...(stuck ? { stuck: stuck === 'true' } : {}) };
      return app.cases.list(filter, pageSize, pageToken);
    },
  );
};
