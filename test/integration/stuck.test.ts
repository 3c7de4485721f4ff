/**
 * Stuck-case visibility on the real dev server: an agency that stays down exhausts the activity's
 * retries, and the case is then visible as stuck, in its state and through `GET /cases?stuck=true`,
 * not only in logs. The worker here gives up after 2 attempts (the workflow's own policy is about
 * two minutes of real backoff; test/integration/faults.test.ts runs that one on the time-skipping server).
 */
import { httpPopulationRegister } from '../../platform/populationRegister';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { signToken } from '../../platform/tokens';
import { startTestSystem, PREBUILT_WORKFLOW_BUNDLE, type TestSystem } from '../../harness';

const SECRET = 'stuck-test-secret-stuck-test-secret-000000';
let sys: TestSystem;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${signToken(SECRET, { sub: 'hk-1', role: 'caseworker' })}` };

beforeAll(async () => {
  sys = await startTestSystem({
    workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE,
    kind: 'local',
    stubBehaviour: { down: true },
    agencyAttempts: 2,
  });
  app = await buildApp({
    temporal: sys.env.client,
    readModel: sys.readModel.db,
    taskQueue: sys.taskQueue,
    jwtSecret: SECRET,
    personKeySecret: SECRET,
    payloadKeys: sys.keys,
    populationRegister: httpPopulationRegister(sys.stubsUrl),
    logger: false,
  });
});
afterAll(async () => {
  await app?.close();
  await sys?.stop();
});

describe('a case whose agency request keeps failing', () => {
  it('shows as stuck in its state and in GET /cases?stuck=true', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: {
        personnummer: '19640823-3234',
        employment: { type: 'employed', employer: { orgNr: '556036-0793' } },
        firstSickDay: addDays(stockholmDateOf(Date.now()), -25), // day 22 has passed: the sick report is requested at once
      },
    });
    const { caseId } = opened.json() as { caseId: string };
    const notYet = (await app.inject({ url: '/cases?stuck=true', headers: auth })).json().cases;
    expect(notYet.some((c: { caseId: string }) => c.caseId === caseId)).toBe(false);

    let listed = false;
    const deadline = Date.now() + 60_000;
    while (!listed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      listed = (await app.inject({ url: '/cases?stuck=true', headers: auth }))
        .json()
        .cases.some((c: { caseId: string }) => c.caseId === caseId);
    }
    expect(listed, 'the case is listed as stuck').toBe(true);
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: auth })).json();
    expect(state.stuckRequests).toEqual([expect.objectContaining({ agency: 'employer', request: 'sick-report', failedRounds: 1 })]);
    expect(sys.stubs.stubs.records.filter((r) => r.caseId === caseId)).toHaveLength(0);
  }, 90_000);
});
