/**
 * Agency stub service: plays the outside agencies (employer, region = healthcare,
 * af = Arbetsförmedlingen, av = Arbetsmiljöverket, insured = the insured person) over real HTTP
 * for our Temporal activities. Same conventions as the API: zod schemas through
 * fastify-type-provider-zod and the error shape {"error": {"code", "message", "details?"}}.
 *
 *  - `POST /:agency/:request` (agencyRoutes.ts) performs a request at most once per
 *    `Idempotency-Key` (requestStore.ts), with the latency, outage and failures of behaviour.ts.
 *  - `POST /population/lookup` (population.ts) is the population register (folkbokföring).
 *  - `/_admin/*` (adminRoutes.ts) lets tests and scenarios inspect and change all that.
 *  - With `behaviour.callbacks` on, the stub answers later like a real agency by calling our API
 *    (callbacks.ts).
 *
 * Request bodies may carry case data: they are never logged.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerErrorHandler } from '../platform/httpErrors';
import { nameSpansByRoute } from '../platform/tracing';
import { adminRoutes } from './adminRoutes';
import { agencyRoutes } from './agencyRoutes';
import { populationRoutes } from './population';
import { BehaviourHolder, type StubBehaviour } from './behaviour';
import { CallbackSender, type CallbackOutcome, type CallbackParty, type StubRole } from './callbacks';
import { RequestStore, type AttemptStats, type StubRecord } from './requestStore';

export { DEFAULT_BEHAVIOUR, type StubBehaviour } from './behaviour';

export interface StubsOptions {
  /** pino logger (e.g. `createLogger('stubs')`); `false` or omitted: no logging. */
  logger?: Logger | false;
  /** Base URL of our API, for callbacks. */
  apiUrl?: string;
  /** Bearer token for a callback made as `role` (and organisation, for employers). */
  tokenFor?: (role: StubRole, party: CallbackParty) => string;
  /** Initial behaviour; the rest comes from DEFAULT_BEHAVIOUR. */
  behaviour?: Partial<StubBehaviour>;
  /** Source of randomness in [0, 1) for latency and failures (default Math.random). */
  random?: () => number;
}

/** Test/scenario handle on the stub's state: `app.stubs`. */
export interface StubsControl {
  /** Performed requests, in the order they were performed (a snapshot). */
  readonly records: StubRecord[];
  /** Attempt counts per key, including keys that were never performed (a snapshot). */
  readonly attempts: Map<string, AttemptStats>;
  /** Current behaviour (a copy). */
  readonly behaviour: StubBehaviour;
  /** Callback outcomes so far (a snapshot). */
  readonly callbacks: CallbackOutcome[];
  /** Merge a partial behaviour (validated; throws on invalid input) and return the result. */
  setBehaviour(partial: Partial<StubBehaviour>): StubBehaviour;
  /** Clear records, attempts and callbacks (pending ones are cancelled); restore the behaviour the stubs started with. */
  reset(): void;
  /** Resolve once no callback is scheduled or in flight (including retries). */
  drainCallbacks(): Promise<void>;
}

export type StubsApp = FastifyInstance & { stubs: StubsControl };

export function buildStubsApp(opts: StubsOptions = {}): StubsApp {
  // Fastify's own per-request lines are off: each attempt is logged with agency, request, caseId
  // and result (and never the body) by the agency routes.
  const logController = new LogController({ disableRequestLogging: true });
  const app: FastifyInstance = (opts.logger
    ? Fastify({ loggerInstance: opts.logger, logController })
    : Fastify({ logger: false, logController })) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  nameSpansByRoute(app);

  const behaviour = new BehaviourHolder(opts.behaviour ?? {}, opts.random ?? Math.random);
  const store = new RequestStore();
  const callbacks = new CallbackSender({ apiUrl: opts.apiUrl, tokenFor: opts.tokenFor }, app.log);
  const reset = (): void => {
    callbacks.reset();
    store.clear();
    behaviour.reset();
  };

  app.get('/health', async () => ({ status: 'ok' }));
  agencyRoutes(app, { behaviour, store, callbacks });
  populationRoutes(app);
  adminRoutes(app, { behaviour, store, callbacks, reset });
  app.addHook('onClose', () => callbacks.close());

  const control: StubsControl = {
    get records() {
      return store.records();
    },
    get attempts() {
      return store.attempts();
    },
    get behaviour() {
      return behaviour.get();
    },
    get callbacks() {
      return callbacks.list();
    },
    setBehaviour: (patch) => behaviour.patch(patch),
    reset,
    drainCallbacks: () => callbacks.drain(),
  };
  app.decorate('stubs', control);
  return app as StubsApp;
}
