/**
 * GET /tasks: open tasks across cases from the read model, soonest due first (FK staff only).
 * `assignee=me` is the signed-in caseworker; `nextCursor` pages on.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ_ROLES } from '../../domain/commands';
import { BadCursorError, listTasks } from '../../readModel/queries';
import { requireRole } from '../auth';
import { invalidInput } from '../../platform/httpErrors';
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
    async (req) => {
      const { assignee, overdue, pageSize, cursor, team } = req.query;
      try {
        return await listTasks(app.readModel, {
          limit: pageSize,
          ...(assignee ? { assignee: assignee === 'me' ? req.user.sub : assignee } : {}),
          ...(team ? { team } : {}),
          ...(overdue ? { overdue: overdue === 'true' } : {}),
          ...(cursor ? { cursor } : {}),
        });
      } catch (err) {
        if (err instanceof BadCursorError) throw invalidInput('cursor', err.message);
        throw err;
      }
    },
  );
};
