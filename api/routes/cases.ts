/**
 * Opening and reading cases. Reading is for FK staff only (caseworker, specialist, supervisor);
 * agencies may never read case state (CONTRACT.md).
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { decodeSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { parseOrgNr, parsePersonnummer } from '../../domain/identity';
import { chainDayAt, dateOfChainDay, daysBetween, relapsePriorDays, stockholmDateOf, type Period } from '../../domain/calendar';
import { OPEN_ROLES, READ_ROLES } from '../../domain/commands';
import { personKey } from '../../platform/secrets';
import { CASE_WORKFLOW, caseQuery, caseWorkflowId, timelineQuery, type CaseResult, type CaseWorkflowInput } from '../../workflows/definitions';
import { requireRole } from '../auth';
import { HttpError } from '../errors';
import { type CaseViewBody, caseIdParams, caseViewSchema, errorSchema, idempotencyHeaders, listQuery, openCaseBody } from '../schemas';

/** How far back a first sick day may lie when a case is opened. Rule: FK opens cases within a year. */
const MAX_FIRST_SICK_DAY_AGE_DAYS = 366;

/** A person's earlier closed cases, found through the person key (never the personnummer). */
async function earlierPeriods(client: Client, key: string, log: (msg: string) => void): Promise<Period[]> {
  const periods: Period[] = [];
  try {
    for await (const wf of client.workflow.list({
      query: `WorkflowType = '${CASE_WORKFLOW}' AND CasePersonKey = '${key}' AND ExecutionStatus = 'Completed'`,
    })) {
      const result = (await client.workflow.getHandle(wf.workflowId, wf.runId).result()) as CaseResult;
      if (result.period) periods.push(result.period);
      if (periods.length >= 50) break;
    }
  } catch (err) {
    log(`relapse lookup unavailable: ${(err as Error).message}`);
  }
  return periods;
}

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/cases',
    {
      preHandler: requireRole(OPEN_ROLES),
      schema: {
        summary: 'Open a sick-leave case',
        body: openCaseBody,
        headers: idempotencyHeaders,
        response: { 201: z.object({ caseId: z.string(), priorDays: z.number() }), 400: errorSchema, 409: errorSchema },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const today = stockholmDateOf(Date.now());
      const pnr = parsePersonnummer(body.personnummer, today);
      if (!pnr.ok) throw new HttpError(400, 'INVALID_INPUT', `personnummer: ${pnr.reason}`, { field: 'body.personnummer' });
      const employer = body.employment.employer;
      if (body.employment.type === 'employed' && !employer) {
        throw new HttpError(400, 'INVALID_INPUT', 'employment.employer: required for employed persons', { field: 'body.employment.employer' });
      }
      if (body.employment.type !== 'employed' && employer) {
        throw new HttpError(400, 'INVALID_INPUT', 'employment.employer: only employed persons have an employer', { field: 'body.employment.employer' });
      }
      let orgNr: string | undefined;
      if (employer) {
        const org = parseOrgNr(employer.orgNr);
        if (!org.ok) throw new HttpError(400, 'INVALID_INPUT', `employment.employer.orgNr: ${org.reason}`, { field: 'body.employment.employer.orgNr' });
        orgNr = org.value.normalised;
      }
      const age = daysBetween(body.firstSickDay, today);
      if (age < 0) throw new HttpError(400, 'INVALID_INPUT', 'firstSickDay: must not be in the future', { field: 'body.firstSickDay' });
      if (age > MAX_FIRST_SICK_DAY_AGE_DAYS) {
        throw new HttpError(400, 'INVALID_INPUT', `firstSickDay: more than ${MAX_FIRST_SICK_DAY_AGE_DAYS} days ago`, { field: 'body.firstSickDay' });
      }
      for (const [i, p] of (body.previousPeriods ?? []).entries()) {
        if (p.from > p.to || p.to >= body.firstSickDay) {
          throw new HttpError(400, 'INVALID_INPUT', `previousPeriods.${i}: must end before firstSickDay and not end before it starts`, { field: `body.previousPeriods.${i}` });
        }
      }

      const pk = personKey(app.secrets.personKeySecret, pnr.value.normalised);
      const found = await earlierPeriods(app.temporal, pk, (m) => req.log.warn(m));
      const priorDays = relapsePriorDays(body.firstSickDay, [...(body.previousPeriods ?? []), ...found]);
      const actor = req.user;
      // Idempotency-Key → the workflow ID: the same caseworker retrying the same key gets the same case.
      const key = req.headers['idempotency-key'];
      const caseId = key
        ? crypto.createHmac('sha256', app.secrets.personKeySecret).update(`${actor.sub}\n${key}`).digest('hex').slice(0, 32)
        : crypto.randomUUID();
      const input: CaseWorkflowInput = {
        opening: {
          caseId,
          personKey: pk,
          track: body.employment.type,
          ...(employer && orgNr ? { employer: { orgNr, ...(employer.name ? { name: employer.name } : {}) } } : {}),
          firstSickDay: body.firstSickDay,
          priorDays,
          previousPeriods: [...(body.previousPeriods ?? []), ...found],
          ...(body.expectedDurationDays !== undefined ? { expectedDurationDays: body.expectedDurationDays } : {}),
          caseworkerId: body.caseworkerId ?? actor.sub,
          ...((body.team ?? actor.team) ? { team: body.team ?? actor.team } : {}),
          openedBy: { sub: actor.sub, role: actor.role },
        },
      };
      try {
        await app.temporal.workflow.start(CASE_WORKFLOW, {
          taskQueue: app.taskQueue,
          workflowId: caseWorkflowId(caseId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        // the key was used before and that case has since closed: still the same case
      }
      return reply.status(201).send({ caseId, priorDays });
    },
  );

  app.get(
    '/cases/:caseId',
    {
      preHandler: requireRole(READ_ROLES),
      schema: { summary: 'The case state', params: caseIdParams, response: { 200: caseViewSchema, 404: errorSchema } },
    },
    async (req) => {
      const view = await app.temporal.workflow.getHandle(caseWorkflowId(req.params.caseId)).query(caseQuery);
      // A query sees the workflow's clock as of its last activation; the chain day of an open case is
      // a pure function of the calendar, so it is given as of now.
      if (view.status === 'open') {
        const clock = { firstSickDay: view.firstSickDay, priorDays: view.priorDays };
        view.chainDay = chainDayAt(clock, Date.now());
        view.date = dateOfChainDay(clock, view.chainDay);
      }
      return view as CaseViewBody;
    },
  );

  app.get(
    '/cases/:caseId/timeline',
    {
      preHandler: requireRole(READ_ROLES),
      schema: {
        summary: 'The case timeline (DOMAIN.md §8)',
        params: caseIdParams,
        response: { 200: z.object({ caseId: z.string(), timeline: z.array(z.record(z.string(), z.unknown())) }), 404: errorSchema },
      },
    },
    async (req) => ({
      caseId: req.params.caseId,
      timeline: await app.temporal.workflow.getHandle(caseWorkflowId(req.params.caseId)).query(timelineQuery),
    }),
  );

  app.get(
    '/cases',
    {
      preHandler: requireRole(READ_ROLES),
      schema: {
        summary: 'List cases through Temporal visibility (no personal data)',
        querystring: listQuery,
        response: { 200: z.object({ cases: z.array(z.record(z.string(), z.unknown())), nextPageToken: z.string().optional() }) },
      },
    },
    async (req) => {
      const q = req.query;
      // Every value is from an enum or a strict pattern, so it is safe inside the query string.
      const clauses = [`WorkflowType = '${CASE_WORKFLOW}'`];
      if (q.criterion) clauses.push(`CaseCriterion = '${q.criterion}'`);
      if (q.caseworker) clauses.push(`CaseCaseworker = '${q.caseworker}'`);
      if (q.task) clauses.push(`CaseOpenTaskNames = '${q.task}'`);
      if (q.overdue === 'true') clauses.push('CaseOverdueTasks > 0');
      if (q.overdue === 'false') clauses.push('CaseOverdueTasks = 0');
      if (q.stuck) clauses.push(`CaseStuck = ${q.stuck}`);
      if (q.status) clauses.push(`CaseStatus = '${q.status}'`);
      const res = await app.temporal.workflowService.listWorkflowExecutions({
        namespace: app.temporal.options.namespace,
        query: clauses.join(' AND '),
        pageSize: q.pageSize,
        ...(q.pageToken ? { nextPageToken: Buffer.from(q.pageToken, 'base64url') } : {}),
      });
      const cases = (res.executions ?? []).map((e) => {
        const sa = decodeSearchAttributes(e.searchAttributes?.indexedFields);
        const one = (k: string) => (sa[k] as unknown[] | undefined)?.[0];
        return {
          caseId: (e.execution?.workflowId ?? '').replace(/^case-/, ''),
          status: one('CaseStatus'),
          criterion: one('CaseCriterion'),
          caseworker: one('CaseCaseworker'),
          employmentType: one('CaseEmploymentType'),
          openTasks: one('CaseOpenTasks'),
          overdueTasks: one('CaseOverdueTasks'),
          openTaskNames: sa.CaseOpenTaskNames ?? [],
          nextDeadline: one('CaseNextDeadline'),
          stuck: one('CaseStuck') ?? false,
        };
      });
      const token = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64url') : undefined;
      return { cases, ...(token ? { nextPageToken: token } : {}) };
    },
  );
};
