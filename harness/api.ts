/** The API on a real Temporal dev server with the real worker and stubs, for the API tests and the bench. */
import type { FastifyInstance } from 'fastify';
import type { Response } from 'light-my-request';
import { buildApp, type AppOptions } from '../server/app';
import { httpPopulationRegister } from '../platform/populationRegister';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { examplePeople } from './exampleIdentities';
import { signToken, type TokenClaims } from '../platform/tokens';
import { PREBUILT_WORKFLOW_BUNDLE, startTestSystem } from './temporalTestSystem';
import { startClusterApiSystem, type ApiTestSystem } from './clusterApiSystem';
import { topology } from './systemProcesses';

export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const PERSON_KEY_SECRET = 'person-key-secret-person-key-secret-0123';
export const ORG = '556036-0793'; // the example employer
export const today = stockholmDateOf(Date.now());

export const bearer = (c: TokenClaims) => ({ authorization: `Bearer ${signToken(JWT_SECRET, c)}` });
export const caseworker = bearer({ sub: 'hk-1', role: 'caseworker' });
export const supervisor = bearer({ sub: 'chef-1', role: 'supervisor' });

/** A fresh valid personnummer (one person = one open case, so each test case gets its own person). */
export const nextPnr = examplePeople(0);

export const openBody = (over: Record<string, unknown> = {}) => ({
  personnummer: nextPnr(),
  employment: { type: 'employed', employer: { orgNr: ORG, name: 'Exempel AB' } },
  firstSickDay: addDays(today, -20),
  expectedDurationDays: 120,
  ...over,
});

export interface ApiHarness {
  sys: ApiTestSystem;
  app: FastifyInstance;
  openCase(headers?: Record<string, string>, over?: Record<string, unknown>): Promise<string>;
  command(caseId: string, name: string, payload: unknown, headers?: Record<string, string>): Promise<Response>;
  /** until the case's first projection is in the read model (it lands moments after the case starts) */
  projected(caseId: string): Promise<void>;
  stop(): Promise<void>;
}

/** The API on a running test system; `over` changes its options (identity provider, production). */
export const buildTestApp = (sys: ApiTestSystem, over: Partial<AppOptions> = {}): Promise<FastifyInstance> =>
  buildApp({
    temporal: sys.env.client,
    readModel: sys.readModel.db,
    taskQueue: sys.taskQueue,
    jwtSecret: JWT_SECRET,
    personKeySecret: PERSON_KEY_SECRET,
    payloadKeys: sys.keys,
    uiOrigins: ['http://localhost:8233'],
    rateLimitPerMinute: 1_000_000, // the fuzz and matrix tests send thousands; the limit has its own test
    logger: false,
    populationRegister: httpPopulationRegister(sys.stubsUrl),
    ...over,
  });

export async function startApi(): Promise<ApiHarness> {
  // the dev server in-process for `npm test`; the cluster's server as processes for `npm run test:cluster`
  const sys: ApiTestSystem =
    topology === 'cluster'
      ? await startClusterApiSystem()
      : await startTestSystem({ kind: 'local', workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE });
  const app = await buildTestApp(sys);
  return {
    sys,
    app,
    async openCase(headers = {}, over = {}) {
      const res = await app.inject({ method: 'POST', url: '/cases', headers: { ...caseworker, ...headers }, payload: openBody(over) });
      if (res.statusCode !== 201) throw new Error(`opening failed: ${res.statusCode} ${res.body}`);
      return res.json().caseId as string;
    },
    command: (caseId, name, payload, headers = caseworker) =>
      app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${name}`, headers, payload: payload as object }),
    async projected(caseId) {
      const deadline = Date.now() + 30_000;
      while (!(await sys.readModel.db.selectFrom('cases').select('case_id').where('case_id', '=', caseId).executeTakeFirst())) {
        if (Date.now() > deadline) throw new Error(`case ${caseId} never reached the read model`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await app.close();
      await sys.stop();
    },
  };
}
