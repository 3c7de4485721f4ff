import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** GET /health: the API is up (and says whether Temporal answers). No auth. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { response: { 200: z.object({ status: z.literal('ok'), temporal: z.enum(['up', 'down']) }) } } },
    async () => {
      let temporal: 'up' | 'down' = 'down';
      try {
        await app.temporal.workflowService.getSystemInfo({});
        temporal = 'up';
      } catch {
        /* reported as down */
      }
      return { status: 'ok' as const, temporal };
    },
  );
};
