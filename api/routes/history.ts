/**
 * GET /cases/{caseId}/history: for supervisors and specialists, the case's Temporal event history,
 * decoded into typed entries (workflows/historyEntries.ts): what happened, when, on which chain
 * day, by whom, which command or agency request. Paged. The web app says them in Swedish. A closed
 * case's entries come from its archived record (api/caseRecords.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HISTORY_ROLES } from '../../domain/commands';
import { historyPageSchema } from '../../contract/caseRecord';
import { requireRole } from '../auth';
import { caseIdParams, errorSchema } from '../../contract/schemas';

export const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases/:caseId/history',
    {
      preValidation: requireRole(HISTORY_ROLES),
      schema: {
        summary: 'The decoded Temporal history of a case, as typed entries (supervisors, specialists)',
        params: caseIdParams,
        querystring: z
          .object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(100) })
          .strict(),
        response: { 200: historyPageSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 503: errorSchema },
      },
    },
    async (req) => {
      const { caseId } = req.params;
      const entries = await app.records.logged(req, 'history', caseId, app.records.historyEntries(caseId));
      const { page, pageSize } = req.query;
      return { caseId, total: entries.length, page, entries: entries.slice((page - 1) * pageSize, page * pageSize) };
    },
  );
};
