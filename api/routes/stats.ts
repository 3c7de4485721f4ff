/**
 * GET /stats?from=&to=[&team=][&caseworker=]: the follow-up figures (docs/rules.md, "Statistics"),
 * aggregated in SQL over the read model (readModel/stats.ts) for a period, one team or one
 * caseworker. They mean what domain/statistics.ts computes from the timelines. GET /stats/meetings:
 * the meetings held in the same period month by month (the dashboard's chart), in one query.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stockholmDateOf } from '../../domain/calendar';
import { isoDate } from '../../domain/commandSchemas';
import { READ_ROLES } from '../../domain/commands';
import { meetingsHeldByMonth, readModelStats } from '../../readModel/stats';
import { meetingsByMonthSchema, statsSchema } from '../../contract/caseRecord';
import { requireRole } from '../auth';
import { errorSchema, idName } from '../../contract/schemas';

const periodQuery = z
  .object({ from: isoDate, to: isoDate, caseworker: idName.optional(), team: idName.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: '"to" must not be before "from"', path: ['to'] });

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
    async (req) => {
      const { from, to, caseworker, team } = req.query;
      const stats = await readModelStats(app.readModel, {
        from,
        to,
        today: stockholmDateOf(Date.now()),
        ...(team ? { team } : {}),
        ...(caseworker ? { caseworker } : {}),
      });
      return { ...stats, ...(team ? { team } : {}), ...(caseworker ? { caseworker } : {}) };
    },
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
    async (req) => {
      const { from, to, caseworker, team } = req.query;
      const rows = await meetingsHeldByMonth(app.readModel, { from, to, ...(team ? { team } : {}), ...(caseworker ? { caseworker } : {}) });
      const months = new Map<string, Record<string, number>>();
      for (const r of rows) months.set(r.month, { ...months.get(r.month), [r.meeting]: r.n });
      return {
        from,
        to,
        ...(team ? { team } : {}),
        ...(caseworker ? { caseworker } : {}),
        months: [...months].map(([month, meetingsHeld]) => ({ month, meetingsHeld })),
      };
    },
  );
};
