/**
 * Opening, finding and reading cases. Reading is for FK staff only (caseworker, specialist,
 * supervisor); agencies may never read case state (docs/api.md). One case is read from its workflow
 * (`app.cases`) or, once closed, its archived record (`app.records`, api/caseRecords.ts); lists and the
 * person search from the read model (`app.readModel`). Reads of a case or a person are access-logged.
 */
import { keyedCaseId, randomCaseId } from '../../platform/caseIds';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chainDayAt, chainDayOfDate, relapsePriorDays, stockholmDateOf } from '../../domain/calendar';
import type { CaseView } from '../../domain/caseMachine';
import { OPEN_ROLES, READ_ROLES } from '../../domain/commands';
import { parseOpeningRequest } from '../../domain/openingRequest';
import { parsePersonnummer } from '../../domain/identity';
import { personKey } from '../../platform/secrets';
import { reserveOpenCase, releaseReservation } from '../../readModel/openCaseReservation';
import { casesOfPerson } from '../../readModel/queries';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { timelineSchema } from '../../contract/caseRecord';
import { requireRole } from '../auth';
import { HttpError, invalidInput, invalidInputs } from '../../platform/httpErrors';
import { personSchema } from '../people';
import { keyedRequest, keyReused } from '../idempotency';
import {
  caseIdParams,
  caseListItemSchema,
  caseSummarySchema,
  caseViewSchema,
  errorSchema,
  idempotencyHeaders,
  listQuery,
  openCaseBody,
  searchBody,
} from '../../contract/schemas';

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
      if (!checked.ok) throw invalidInputs(checked.errors);
      const { personnummer, ...opening } = checked.opening;
      const actor = req.user;
      const pk = personKey(secret, personnummer);
      // The case ID of a keyed request is derived from (user, key): a retry finds the case it opened.
      const key = req.headers['idempotency-key'];
      const keyed = key ? keyedRequest(secret, actor.sub, key, 'POST /cases', checked.opening) : undefined;
      const caseId = keyed ? keyedCaseId(keyed.keyHash) : randomCaseId();
      const replay = async (): Promise<number | undefined> => {
        const earlier = keyed && (await app.cases.opening(caseId));
        if (!earlier) return undefined;
        // a case opened before fingerprints were kept has none: its key is taken as a retry, as it was then
        if (earlier.fingerprint !== null && earlier.fingerprint !== keyed.fingerprint) throw keyReused();
        return earlier.priorDays;
      };

      let priorDays = await replay();
      if (priorDays === undefined) {
        // the county of the person's address names the healthcare region FK asks (an AFU, a completion),
        // unless the caseworker named the region: a case always has someone to ask. The register is
        // asked while the claim is made (neither needs the other); its answer is awaited before the start.
        const region = opening.region ?? app.people.lookup(personnummer).then((r) => r.county);
        if (region instanceof Promise) region.catch(() => undefined); // awaited below, unless the claim is lost
        // one open case per person: claimed in the read model before the case starts, the person's
        // closed periods (the relapse rule) read and the sealed number kept in the same statement (readModel/openCaseReservation.ts)
        const claim = await reserveOpenCase(app.readModel, pk, caseId, app.people.sealed(personnummer));
        if (!claim.won) {
          throw new HttpError(409, 'CASE_ALREADY_OPEN', 'this person already has an open case; act on that case instead', {
            caseId: claim.holder,
          });
        }
        let county: string;
        try {
          county = await region;
        } catch (err) {
          // no region, no case: the claim is given back, as when the start fails
          await releaseReservation(app.readModel, pk, caseId);
          throw err;
        }
        const previousPeriods = [...opening.previousPeriods, ...claim.closedPeriods];
        priorDays = relapsePriorDays(opening.firstSickDay, previousPeriods);
        const { caseworkerId, team, ...rest } = opening;
        const caseTeam = team ?? actor.team;
        const input: CaseWorkflowInput = {
          opening: {
            ...rest,
            region: county,
            caseId,
            personKey: pk,
            priorDays,
            previousPeriods,
            // a relapse continues what the person's latest case established (domain/rules/relapse.ts)
            ...(priorDays > 0 && claim.carriedOver ? { carriedOver: claim.carriedOver } : {}),
            caseworkerId: caseworkerId ?? actor.sub,
            ...(caseTeam ? { team: caseTeam } : {}),
            openedBy: { sub: actor.sub, role: actor.role },
          },
          ...(keyed ? { openingFingerprint: keyed.fingerprint } : {}),
        };
        let started: boolean;
        try {
          started = await app.cases.start(input);
        } catch (err) {
          await releaseReservation(app.readModel, pk, caseId);
          throw err;
        }
        // started concurrently by a retry with the same key: answer as that one
        if (!started) priorDays = (await replay()) ?? priorDays;
      }
      return reply.status(201).send({ caseId, priorDays });
    },
  );

  app.post(
    '/cases/search',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: "Find a person's cases by personnummer (FK staff)",
        description: 'The personnummer travels in the body, so it is never in a URL or a log line.',
        body: searchBody,
        response: { 200: z.object({ cases: z.array(caseSummarySchema) }), 400: errorSchema, 403: errorSchema },
      },
    },
    async (req) => {
      const pnr = parsePersonnummer(req.body.personnummer, stockholmDateOf(Date.now()));
      if (!pnr.ok) throw invalidInput('personnummer', pnr.reason, pnr.issue);
      await app.records.recordAccess(req, 'person-search');
      const pk = personKey(secret, pnr.value.normalised);
      const found = await casesOfPerson(app.readModel, pk);
      // people recorded before their number was kept get it now (a no-op for anyone else)
      if (found.length) await app.people.remember(pk, pnr.value.normalised);
      const cases = found.map((c) => {
        const clock = { firstSickDay: c.firstSickDay, priorDays: c.priorDays };
        const chainDay = c.closedOn ? chainDayOfDate(clock, c.closedOn) : chainDayAt(clock, Date.now());
        return {
          caseId: c.caseId,
          status: c.status,
          firstSickDay: c.firstSickDay,
          criterion: c.criterion as CaseView['criterion'],
          chainDay,
        };
      });
      return { cases };
    },
  );

  app.get(
    '/cases/:caseId',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'The case state',
        params: caseIdParams,
        response: { 200: caseViewSchema, 404: errorSchema, 410: errorSchema, 503: errorSchema },
      },
    },
    async (req) => app.reads.view(req, req.params.caseId),
  );

  app.post(
    '/cases/people',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Whose cases these are (FK staff): name and personnummer from the population register',
        description:
          'For a list of case IDs (a work list page). A person with protected identity is `{protectedIdentity: true}` unless the user is cleared for it; a case whose person is not known (opened before numbers were kept) is left out.',
        body: z.object({ caseIds: z.array(caseIdParams.shape.caseId).min(1).max(200) }).strict(),
        response: { 200: z.object({ people: z.array(z.object({ caseId: z.string(), person: personSchema })) }), 400: errorSchema },
      },
    },
    async (req) => app.reads.people(req, req.body.caseIds),
  );

  app.get(
    '/cases/:caseId/timeline',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'The case timeline (docs/rules.md §8)',
        params: caseIdParams,
        response: { 200: timelineSchema, 404: errorSchema, 410: errorSchema, 503: errorSchema },
      },
    },
    async (req) => app.reads.timeline(req, req.params.caseId),
  );

  app.get(
    '/cases',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'A page of case summaries from the read model (no personal data), soonest deadline first',
        description: 'Pass `nextCursor` back as `cursor` for the next page.',
        querystring: listQuery,
        response: { 200: z.object({ cases: z.array(caseListItemSchema), nextCursor: z.string().optional() }), 400: errorSchema },
      },
    },
    async (req) => app.reads.cases(req, req.query),
  );
};
