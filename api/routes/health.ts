import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readModelUp } from '../../readModel/connect';
import { withinMs } from '../../platform/deadline';

const healthSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  temporal: z.enum(['up', 'down']),
  worker: z.enum(['polling', 'none']),
  readModel: z.enum(['up', 'down']),
});

/**
 * GET /health (no auth): ready only when Temporal answers, a worker polls the case task queue and
 * the read model's database answers, i.e. when the API can open a case and serve a command end to
 * end; 503 otherwise, saying which part is missing. Each part is asked within the read deadline
 * (TEMPORAL_READ_TIMEOUT_MS), so a frozen part makes the answer late by seconds, never minutes.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { summary: 'Readiness', response: { 200: healthSchema, 503: healthSchema } } }, async (_req, reply) => {
    const [parts, dbUp] = await Promise.all([
      app.cases.health(),
      withinMs(app.cases.deadlines.readMs, readModelUp(app.readModel)).catch(() => false),
    ]);
    const readModel = dbUp ? ('up' as const) : ('down' as const);
    const ready = parts.temporal === 'up' && parts.worker === 'polling' && readModel === 'up';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', ...parts, readModel });
  });
};
