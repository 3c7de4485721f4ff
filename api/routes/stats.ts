/**
 * GET /stats?from=&to=[&team=][&caseworker=]: the follow-up figures (docs/rules.md, "Statistics"),
 * aggregated in SQL over the read model (readModel/stats.ts) for a period, one team or one
 * caseworker. They mean what domain/statistics.ts computes from the timelines. GET /stats/meetings:
 * the meetings held in the same period month by month (the dashboard's chart), in one query.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { READ_ROLES } from '../../domain/commands';
import { periodQuery } from '../reads';
import { meetingsByMonthSchema, statsSchema } from '../../contract/caseRecord';
import { requireRole } from '../auth';
import { errorSchema } from '../../contract/schemas';

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Follow-up figures for a period, optionally for one team or caseworker',
        querystring: periodQuery,
        response: { 200: statsSchema, 400: errorSchema },
      },
    },
    async (req) => app.reads.stats(req, req.query),
  );

  app.get(
    '/stats/meetings',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Meetings held by type, month by month, for a period, optionally for one team or caseworker',
        querystring: periodQuery,
        response: { 200: meetingsByMonthSchema, 400: errorSchema },
      },
    },
    async (req) => app.reads.meetings(req, req.query),
  );
};
