import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  temporal: z.enum(['up', 'down']),
  worker: z.enum(['polling', 'none']),
});

/**
 * GET /health (no auth): ready only when Temporal answers and a worker polls the case task queue,
 * i.e. when the API can serve a command end to end; 503 otherwise, saying which part is missing.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { summary: 'Readiness', response: { 200: healthSchema, 503: healthSchema } } }, async (_req, reply) => {
    const parts = await app.cases.health();
    const ready = parts.temporal === 'up' && parts.worker === 'polling';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', ...parts });
  });
};
