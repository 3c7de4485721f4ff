/**
 * GET /stats?from=&to=[&caseworker=][&team=]: the follow-up figures of docs/rules.md "Statistics", computed from the case
 * timelines (domain/statistics.ts). Cases are found through visibility and read through queries.
 * Rule: at most MAX_CASES cases per request; a larger office reads statistics from an export.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, READ_ROLES } from '../../domain/commands';
import { computeStats, type CaseTimeline } from '../../domain/statistics';
import { requireRole } from '../auth';
import { HttpError } from '../errors';
import { errorSchema } from '../schemas';

const MAX_CASES = 2000;

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Follow-up figures for a period, optionally for one team',
        querystring: z
          .object({
            from: isoDate,
            to: isoDate,
            caseworker: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
            team: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
          })
          .strict()
          .refine((q) => q.from <= q.to, { message: '"to" must not be before "from"', path: ['to'] }),
        response: { 200: z.record(z.string(), z.unknown()), 400: errorSchema },
      },
    },
    async (req) => {
      const { from, to, caseworker, team } = req.query;
      const cases: CaseTimeline[] = [];
      for await (const { view, timeline } of app.cases.timelines(caseworker)) {
        if (cases.length >= MAX_CASES) throw new HttpError(400, 'TOO_MANY_CASES', `more than ${MAX_CASES} cases: narrow by caseworker`);
        cases.push({
          caseId: view.caseId,
          track: view.track,
          criterion: view.criterion,
          status: view.status,
          chainDay: view.chainDay,
          timeline,
          ...(view.caseworkerId ? { caseworkerId: view.caseworkerId } : {}),
          ...(view.team ? { team: view.team } : {}),
        });
      }
      return { ...computeStats(cases, from, to, team) } as Record<string, unknown>;
    },
  );
};
