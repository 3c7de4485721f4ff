/**
 * GET /caseworkers?team=: the caseworkers of a team's open cases and each one's caseload (open
 * cases, overdue tasks, stuck cases), from the read model's case roll-up (the case page offers them
 * when a supervisor reassigns; the dashboard shows the caseload). FK staff only; user IDs, nothing personal.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ_ROLES } from '../../domain/commands';
import { requireRole } from '../auth';
import { caseworkersSchema, errorSchema, idName } from '../../contract/schemas';

export const caseworkerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/caseworkers',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: "The caseworkers of a team's open cases, with each one's caseload",
        querystring: z.object({ team: idName }).strict(),
        response: { 200: caseworkersSchema, 400: errorSchema },
      },
    },
    async (req) => app.reads.caseworkers(req, req.query.team),
  );
};
