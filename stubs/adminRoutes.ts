/** `/_admin/*`: what tests, scenarios and the reliability script inspect and change on the stubs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stubBehaviourPatchSchema, type BehaviourHolder } from './behaviour';
import type { CallbackSender } from './callbacks';
import type { RequestStore } from './requestStore';

const requestsQuery = z.object({
  caseId: z.string().optional(),
  agency: z.string().optional(),
  request: z.string().optional(),
});

export interface AdminRouteDeps {
  behaviour: BehaviourHolder;
  store: RequestStore;
  callbacks: CallbackSender;
  /** clears records, attempts and callbacks, restores the behaviour the stubs started with */
  reset(): void;
}

export function adminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { behaviour, store, callbacks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/_admin/requests', { schema: { querystring: requestsQuery } }, async (req) => {
    const { caseId, agency, request } = req.query;
    const requests = store
      .records()
      .filter((p) => (caseId === undefined || p.caseId === caseId) && (agency === undefined || p.agency === agency))
      .filter((p) => request === undefined || p.request === request);
    return { requests, inFlight: store.inFlight };
  });

  r.get('/_admin/behaviour', async () => behaviour.get());

  // no body: no change (answers the current behaviour)
  r.put('/_admin/behaviour', { schema: { body: stubBehaviourPatchSchema.nullish() } }, async (req) => {
    const next = behaviour.patch(req.body ?? {});
    req.log.info({ behaviour: next }, 'behaviour changed');
    return next;
  });

  r.post('/_admin/reset', async (req) => {
    deps.reset();
    req.log.info('stub state reset');
    return { reset: true, behaviour: behaviour.get() };
  });

  r.get('/_admin/callbacks', async () => ({ callbacks: callbacks.list() }));
}
