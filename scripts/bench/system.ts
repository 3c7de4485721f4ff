/**
 * The system under measurement: the dev server from the harness (real worker, read model, stubs)
 * and the API built on it in-process (`app.inject`), with the rate limit raised. The raw baselines
 * use the same server, worker and task queue through the SDK client directly.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { TemporalCases } from '../../api/temporalCases';
import { startTestSystem, type TestSystem, type TestSystemOptions } from '../../harness';
import { personKey } from '../../platform/secrets';
import { signToken, type TokenClaims } from '../../platform/tokens';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { examplePeople } from '../exampleIdentities';

export const SECRET = 'bench-secret-bench-secret-bench-secret-00';
export const CASEWORKER: TokenClaims = { sub: 'hk-1', role: 'caseworker' };
export const AUTH = { authorization: `Bearer ${signToken(SECRET, CASEWORKER)}` };

export interface BenchSystem {
  sys: TestSystem;
  app: FastifyInstance;
  /** raw Temporal: the very start call the API makes (same options), without the API around it */
  raw: TemporalCases;
  nextPerson: () => string;
  stop(): Promise<void>;
}

export async function startBenchSystem(o: Partial<TestSystemOptions> = {}): Promise<BenchSystem> {
  const sys = await startTestSystem({ kind: 'local', ...o });
  const app = await buildApp({
    temporal: sys.env.client,
    readModel: sys.readModel.db,
    taskQueue: sys.taskQueue,
    jwtSecret: SECRET,
    personKeySecret: SECRET,
    payloadKeys: sys.keys,
    logger: false,
    rateLimitPerMinute: 100_000_000, // the bench sends far more than a person would
  });
  return {
    sys,
    app,
    raw: new TemporalCases(sys.env.client, sys.taskQueue),
    nextPerson: examplePeople(),
    async stop() {
      await app.close();
      await sys.stop();
    },
  };
}

/** The body of POST /cases for a fresh person: an unemployed case opened 10 days into its chain. */
export const openingBody = (personnummer: string) => ({
  personnummer,
  employment: { type: 'unemployed' },
  firstSickDay: addDays(stockholmDateOf(Date.now()), -10),
});

/** The workflow input the API builds from that body (what the raw baseline starts). */
export function rawOpening(personnummer: string, caseId: string): CaseWorkflowInput {
  return {
    opening: {
      caseId,
      personKey: personKey(SECRET, personnummer),
      track: 'unemployed',
      firstSickDay: addDays(stockholmDateOf(Date.now()), -10),
      priorDays: 0,
      previousPeriods: [],
      caseworkerId: CASEWORKER.sub,
      openedBy: { sub: CASEWORKER.sub, role: CASEWORKER.role },
    },
  };
}

/** Open a case through the API; its ID. */
export async function openThroughApi(b: BenchSystem): Promise<string> {
  const res = await b.app.inject({ method: 'POST', url: '/cases', headers: AUTH, payload: openingBody(b.nextPerson()) });
  if (res.statusCode !== 201) throw new Error(`POST /cases answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { caseId: string }).caseId;
}
