/**
 * Stuck-case visibility on the real dev server: an agency that stays down exhausts the activity's
 * retries (about two minutes of real backoff), and the case is then visible as stuck, in its state
 * and through `GET /cases?stuck=true`, not only in logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { signToken } from '../platform/tokens';
import { startTestSystem, type TestSystem } from './support/env';

const SECRET = 'stuck-test-secret-stuck-test-secret-000000';
let sys: TestSystem;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${signToken(SECRET, { sub: 'hk-1', role: 'caseworker' })}` };

beforeAll(async () => {
  sys = await startTestSystem({ kind: 'local', stubBehaviour: { down: true } });
  app = await buildApp({ temporal: sys.env.client, taskQueue: sys.taskQueue, jwtSecret: SECRET, personKeySecret: SECRET, payloadKeys: sys.keys, logger: false });
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
    const deadline = Date.now() + 240_000;
    while (!listed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 3000));
      listed = (await app.inject({ url: '/cases?stuck=true', headers: auth })).json().cases.some((c: { caseId: string }) => c.caseId === caseId);
    }
    expect(listed, 'the case is listed as stuck').toBe(true);
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: auth })).json();
    expect(state.stuckRequests).toEqual([expect.objectContaining({ agency: 'employer', request: 'sick-report', failedRounds: 1 })]);
    expect(sys.stubs.stubs.records.filter((r) => r.caseId === caseId)).toHaveLength(0);
  }, 300_000);
});
