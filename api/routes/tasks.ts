/**
 * GET /tasks: open tasks across cases from the read model, soonest due first (FK staff only).
 * `assignee=me` is the signed-in caseworker; `nextCursor` pages on.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ_ROLES } from '../../domain/commands';
import { requireRole } from '../auth';
import { errorSchema, taskListItemSchema, tasksQuery } from '../../contract/schemas';

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tasks',
    {
      preValidation: requireRole(READ_ROLES),
      schema: {
        summary: 'Open tasks across cases, soonest due first (assignee=me for your own)',
        querystring: tasksQuery,
        response: { 200: z.object({ tasks: z.array(taskListItemSchema), nextCursor: z.string().optional() }), 400: errorSchema },
      },
    },
    async (req) => app.reads.tasks(req, req.query),
  );
};
