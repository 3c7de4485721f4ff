import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger';
import { addDays } from '../../domain/calendar';
import { buildStubsApp, DEFAULT_BEHAVIOUR, type StubsApp, type StubsOptions } from '../../stubs/app';

/** Small deterministic PRNG (mulberry32) for seeded randomness. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const body = (over: Record<string, unknown> = {}) => ({ caseId: 'case-1', requestedOn: '2026-03-02', ...over });

let apps: FastifyInstance[] = [];

function stubs(opts: StubsOptions = {}): StubsApp {
  const app = buildStubsApp({ random: mulberry32(42), ...opts, behaviour: { latencyMs: [0, 0], ...opts.behaviour } });
  apps.push(app);
  return app;
}

function post(app: FastifyInstance, path: string, key: string | undefined, payload: unknown = body()) {
  return app.inject({
    method: 'POST',
    url: path,
    headers: key === undefined ? {} : { 'idempotency-key': key },
    payload: payload as Record<string, unknown>,
  });
}

async function listRequests(app: FastifyInstance, query = '') {
  const res = await app.inject({ method: 'GET', url: `/_admin/requests${query}` });
  expect(res.statusCode).toBe(200);
  return res.json().requests as Array<Record<string, unknown>>;
}

function setBehaviour(app: FastifyInstance, patch: Record<string, unknown>) {
  return app.inject({ method: 'PUT', url: '/_admin/behaviour', payload: patch });
}

beforeEach(() => {
  apps = [];
});

afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

describe('agency stubs: idempotency', () => {
  it('performs a request once per idempotency key however often it is retried, counting attempts', async () => {
    const app = stubs();
    const first = await post(app, '/employer/sick-report', 'k-1', body({ orgNr: '5560000001' }));
    expect(first.statusCode).toBe(200);
    const reference = crypto.createHash('sha256').update('k-1').digest('hex').slice(0, 12);
    expect(first.json()).toEqual({ reference, accepted: true });

    for (let i = 0; i < 4; i++) {
      const again = await post(app, '/employer/sick-report', 'k-1', body({ orgNr: '5560000001' }));
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    }
    const other = await post(app, '/employer/sick-report', 'k-2');
    expect(other.statusCode).toBe(200);
    expect(other.json().reference).not.toBe(reference);

    const requests = await listRequests(app);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      agency: 'employer',
      request: 'sick-report',
      caseId: 'case-1',
      key: 'k-1',
      requestedOn: '2026-03-02',
      attempts: 5,
      failedAttempts: 0,
    });
    expect(typeof requests[0]!.performedAt).toBe('string');
    expect(requests[1]).toMatchObject({ key: 'k-2', attempts: 1 });
    expect(app.stubs.records.map((r) => r.key)).toEqual(['k-1', 'k-2']);
  });

  it('counts the requests it holds (latency) as in flight until it answers them', async () => {
    const app = stubs({ behaviour: { latencyMs: [1000, 1000] } });
    const inFlight = async () => (await app.inject({ method: 'GET', url: '/_admin/requests' })).json().inFlight as number;
    expect(await inFlight()).toBe(0);
    const answers = Promise.all([post(app, '/region/afu', 'held-1'), post(app, '/region/afu', 'held-2')]);
    // both held at once (asked until they are: the requests reach the handler on the next turns)
    let held = 0;
    for (let i = 0; i < 100 && held < 2; i++) {
      held = await inFlight();
      if (held < 2) await new Promise((r) => setTimeout(r, 5));
    }
    expect(held).toBe(2);
    expect((await answers).map((r) => r.statusCode)).toEqual([200, 200]);
    expect(await inFlight()).toBe(0);
  });

  it('performs once even when duplicates race with random latency', async () => {
    const app = stubs({ behaviour: { latencyMs: [0, 30] } });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(app, '/region/afu', 'race', body({ caseId: 'case-race' }))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    const requests = await listRequests(app);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ key: 'race', attempts: 8 });
  });

  it('rejects an idempotency key reused for a different request', async () => {
    const app = stubs();
    expect((await post(app, '/employer/sick-report', 'same')).statusCode).toBe(200);
    const res = await post(app, '/region/afu', 'same');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await listRequests(app)).toHaveLength(1);
  });

  it('derives the reference deterministically from the key', async () => {
    const a = stubs();
    const b = stubs();
    const ra = (await post(a, '/insured/notice', 'ref-key')).json().reference;
    const rb = (await post(b, '/insured/notice', 'ref-key', body({ caseId: 'other' }))).json().reference;
    expect(ra).toMatch(/^[0-9a-f]{12}$/);
    expect(ra).toBe(rb);
  });
});

describe('agency stubs: failures', () => {
  it('failureRate=1 answers 503 and performs nothing; after failureRate=0 the request is performed', async () => {
    const app = stubs({ behaviour: { failureRate: 1 } });
    for (let i = 0; i < 3; i++) {
      const res = await post(app, '/af/joint-mapping', 'flaky');
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('UNAVAILABLE');
    }
    expect(await listRequests(app)).toEqual([]);
    expect(app.stubs.attempts.get('flaky')).toEqual({ attempts: 3, failedAttempts: 3 });

    const put = await setBehaviour(app, { failureRate: 0 });
    expect(put.statusCode).toBe(200);
    expect(put.json().failureRate).toBe(0);

    const ok = await post(app, '/af/joint-mapping', 'flaky');
    expect(ok.statusCode).toBe(200);
    const requests = await listRequests(app);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ key: 'flaky', attempts: 4, failedAttempts: 3 });
  });

  it('a failed attempt with an already performed key is still a 503 and is counted', async () => {
    const app = stubs();
    expect((await post(app, '/region/afu-reminder', 'k')).statusCode).toBe(200);
    await setBehaviour(app, { failureRate: 1 });
    expect((await post(app, '/region/afu-reminder', 'k')).statusCode).toBe(503);
    expect(await listRequests(app)).toEqual([expect.objectContaining({ key: 'k', attempts: 2, failedAttempts: 1 })]);
  });

  it('fails exactly when random() < failureRate', async () => {
    const low = stubs({ random: () => 0.49, behaviour: { failureRate: 0.5 } });
    const high = stubs({ random: () => 0.5, behaviour: { failureRate: 0.5 } });
    expect((await post(low, '/insured/notice', 'x')).statusCode).toBe(503);
    expect((await post(high, '/insured/notice', 'x')).statusCode).toBe(200);
  });

  it('with a seeded random and failureRate 0.5, retrying until success performs exactly once', async () => {
    const run = async () => {
      const app = stubs({ random: mulberry32(7), behaviour: { failureRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await post(app, '/employer/plan-reminder', 'seeded');
        statuses.push(res.statusCode);
        if (res.statusCode === 200) break;
      }
      return { app, statuses };
    };
    const { app, statuses } = await run();
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((s) => s === 503)).toBe(true);
    const requests = await listRequests(app);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ attempts: statuses.length, failedAttempts: statuses.length - 1 });
    // The same seed gives the same sequence.
    expect((await run()).statuses).toEqual(statuses);
  });

  it('down answers 503 UNAVAILABLE and performs nothing until it is up again', async () => {
    const app = stubs();
    expect((await setBehaviour(app, { down: true })).json().down).toBe(true);
    const res = await post(app, '/av/employer-deficiency-report', 'd');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(await listRequests(app)).toEqual([]);

    await setBehaviour(app, { down: false });
    const ok = await post(app, '/av/employer-deficiency-report', 'd');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ acknowledged: true });
    expect(await listRequests(app)).toEqual([expect.objectContaining({ attempts: 2, failedAttempts: 1 })]);
  });
});

describe('agency stubs: validation and routing', () => {
  it('requires an Idempotency-Key header', async () => {
    const app = stubs();
    const res = await post(app, '/employer/sick-report', undefined);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'idempotency-key' } });
    expect((await post(app, '/employer/sick-report', '  ')).statusCode).toBe(400);
    expect(await listRequests(app)).toEqual([]);
  });

  it.each([
    ['requestedOn', body({ requestedOn: '2026-13-01' })],
    ['requestedOn', body({ requestedOn: '02/03/2026' })],
    ['caseId', { requestedOn: '2026-03-02' }],
    ['latestDate', body({ latestDate: 'tomorrow' })],
    ['details', body({ details: 'not an object' })],
  ])('rejects a bad body naming the field %s', async (field, payload) => {
    const app = stubs();
    const res = await post(app, '/employer/sick-report', 'bad', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
    expect(await listRequests(app)).toEqual([]);
  });

  it('rejects a missing body', async () => {
    const app = stubs();
    const res = await app.inject({ method: 'POST', url: '/employer/sick-report', headers: { 'idempotency-key': 'k' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_INPUT');
  });

  it.each(['/employer/afu', '/region/joint-mapping', '/nobody/notice', '/af/unknown'])(
    'answers 404 for unknown agency request %s',
    async (path) => {
      const app = stubs();
      const res = await post(app, path, 'k');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    },
  );

  it('accepts every documented agency request', async () => {
    const app = stubs();
    const all = {
      employer: ['sick-report', 'return-to-work-plan', 'plan-reminder', 'meeting-invitation'],
      region: ['afu', 'afu-reminder', 'certificate-completion'],
      af: ['joint-mapping', 'transition-meeting', 'contact-meeting'],
      av: ['employer-deficiency-report'],
      insured: ['certificate-reminder', 'notice'],
    };
    for (const [agency, requests] of Object.entries(all)) {
      for (const request of requests) {
        const res = await post(app, `/${agency}/${request}`, `${agency}-${request}`);
        expect(res.statusCode, `${agency}/${request}`).toBe(200);
        const json = res.json();
        if (agency === 'af') expect(json).toEqual({ reference: expect.any(String), slot: '2026-03-09' });
        else if (agency === 'av') expect(json).toEqual({ reference: expect.any(String), acknowledged: true });
        else expect(json).toEqual({ reference: expect.any(String), accepted: true });
      }
    }
    expect(await listRequests(app)).toHaveLength(13);
  });

  it('health answers ok', async () => {
    const res = await stubs().inject({ method: 'GET', url: '/health' });
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('agency stubs: AF meeting slots', () => {
  it.each([
    ['2028-02-25', 7, '2028-03-03'], // leap year
    ['2027-02-25', 7, '2027-03-04'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-28', 7, '2027-01-04'],
    ['2026-03-26', 7, '2026-04-02'], // across the switch to summer time: still 7 calendar days
    ['2026-10-22', 7, '2026-10-29'],
    ['2026-01-31', 0, '2026-01-31'],
    ['2026-01-31', 30, '2026-03-02'],
  ])('%s + %i days = %s', async (requestedOn, slotAfterDays, expected) => {
    expect(addDays(requestedOn, slotAfterDays)).toBe(expected);
    const app = stubs({ behaviour: { slotAfterDays } });
    for (const request of ['joint-mapping', 'transition-meeting', 'contact-meeting']) {
      const res = await post(app, `/af/${request}`, `slot-${request}`, body({ requestedOn }));
      expect(res.statusCode).toBe(200);
      expect(res.json().slot).toBe(expected);
    }
  });

  it('does not depend on the process time zone', async () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Europe/Stockholm', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        expect(addDays('2028-02-25', 7), tz).toBe('2028-03-03');
        expect(addDays('2026-03-26', 7), tz).toBe('2026-04-02');
        expect(addDays('2026-10-22', 7), tz).toBe('2026-10-29');
        const app = stubs();
        const res = await post(app, '/af/transition-meeting', `tz-${tz}`, body({ requestedOn: '2026-03-26' }));
        expect(res.json().slot, tz).toBe('2026-04-02');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('uses the default of 7 days and follows behaviour changes', async () => {
    const app = stubs();
    expect((await post(app, '/af/contact-meeting', 'a', body({ requestedOn: '2028-02-25' }))).json().slot).toBe('2028-03-03');
    await setBehaviour(app, { slotAfterDays: 14 });
    expect((await post(app, '/af/contact-meeting', 'b', body({ requestedOn: '2028-02-25' }))).json().slot).toBe('2028-03-10');
    // A duplicate still gets the originally booked slot.
    expect((await post(app, '/af/contact-meeting', 'a', body({ requestedOn: '2028-02-25' }))).json().slot).toBe('2028-03-03');
  });
});

describe('agency stubs: admin API', () => {
  it('filters requests by caseId, agency and request', async () => {
    const app = stubs();
    await post(app, '/employer/sick-report', '1', body({ caseId: 'A' }));
    await post(app, '/employer/plan-reminder', '2', body({ caseId: 'A' }));
    await post(app, '/region/afu', '3', body({ caseId: 'B' }));
    expect((await listRequests(app, '?caseId=A')).map((r) => r.key)).toEqual(['1', '2']);
    expect((await listRequests(app, '?agency=region')).map((r) => r.key)).toEqual(['3']);
    expect((await listRequests(app, '?caseId=A&request=plan-reminder')).map((r) => r.key)).toEqual(['2']);
    expect(await listRequests(app, '?caseId=C')).toEqual([]);
  });

  it('reads, validates and merges behaviour; reset clears records and restores the behaviour it started with', async () => {
    const app = stubs({ behaviour: { latencyMs: [0, 0], failureRate: 0.25 } });
    const got = await app.inject({ method: 'GET', url: '/_admin/behaviour' });
    expect(got.json()).toEqual({ ...DEFAULT_BEHAVIOUR, latencyMs: [0, 0], failureRate: 0.25 });

    for (const bad of [{ failureRate: 2 }, { latencyMs: [10, 5] }, { down: 'yes' }, { slotAfterDays: 1.5 }, { x: 1 }]) {
      const res = await setBehaviour(app, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const unchanged = await app.inject({ method: 'PUT', url: '/_admin/behaviour' });
    expect(unchanged.json()).toEqual({ ...DEFAULT_BEHAVIOUR, latencyMs: [0, 0], failureRate: 0.25 });
    const bad = await setBehaviour(app, { failureRate: 2 });
    expect(bad.json().error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'failureRate' } });

    const put = await setBehaviour(app, { failureRate: 0, callbacks: true });
    expect(put.json()).toEqual({ ...DEFAULT_BEHAVIOUR, latencyMs: [0, 0], failureRate: 0, callbacks: true });
    expect(app.stubs.behaviour.callbacks).toBe(true);

    await post(app, '/insured/certificate-reminder', 'r');
    expect(await listRequests(app)).toHaveLength(1);
    const reset = await app.inject({ method: 'POST', url: '/_admin/reset' });
    expect(reset.statusCode).toBe(200);
    expect(await listRequests(app)).toEqual([]);
    // back to how this stub started (not the defaults): the stubs process starts with callbacks on
    expect((await app.inject({ method: 'GET', url: '/_admin/behaviour' })).json()).toEqual({
      ...DEFAULT_BEHAVIOUR,
      latencyMs: [0, 0],
      failureRate: 0.25,
    });
    // After a reset the key is new again.
    await setBehaviour(app, { latencyMs: [0, 0], failureRate: 0 });
    expect((await post(app, '/insured/certificate-reminder', 'r')).statusCode).toBe(200);
    expect(await listRequests(app)).toEqual([expect.objectContaining({ key: 'r', attempts: 1 })]);
  });

  it('never logs request bodies but logs agency, request, caseId and outcome', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = stubs({ logger: createLogger('stubs', sink) });
    await post(
      app,
      '/region/certificate-completion',
      'log-key',
      body({ caseId: 'case-log', details: { diagnosis: 'SECRET-HEALTH-DETAIL' }, orgNr: 'ORG-SECRET-1' }),
    );
    await post(app, '/region/certificate-completion', 'log-key-2', body({ requestedOn: 'SECRET-BAD-DATE' }));
    const all = lines.join('');
    expect(all).not.toContain('SECRET-HEALTH-DETAIL');
    expect(all).not.toContain('ORG-SECRET-1');
    expect(all).not.toContain('SECRET-BAD-DATE');
    const performed = lines.map((l) => JSON.parse(l)).find((l) => l.result === 'performed');
    expect(performed).toMatchObject({
      agency: 'region',
      request: 'certificate-completion',
      caseId: 'case-log',
      key: 'log-key',
      attempt: 1,
    });
    const rejected = lines.map((l) => JSON.parse(l)).find((l) => l.result === 'rejected: invalid input');
    expect(rejected).toMatchObject({ agency: 'region', in: 'body', fields: ['requestedOn'] });
  });
});

describe('agency stubs: callbacks to our API', () => {
  interface Received {
    url: string;
    authorization?: string;
    idempotencyKey?: string;
    body: unknown;
  }
  let api: FastifyInstance;
  let apiUrl: string;
  let received: Received[];
  let failFirst: number;

  beforeEach(async () => {
    received = [];
    failFirst = 0;
    api = Fastify({ logger: false });
    api.post('/cases/:caseId/commands/:command', async (req, reply) => {
      received.push({
        url: req.url,
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        body: req.body,
      });
      if (failFirst > 0) {
        failFirst--;
        return reply.code(500).send({ error: 'boom' });
      }
      return reply.code(202).send({ accepted: true });
    });
    apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await api.close();
  });

  const tokenFor = (role: string, party: { org?: string; region?: string }) => `token-${role}-${party.org ?? party.region ?? 'none'}`;

  it('calls our API once per key with path, bearer token, idempotency key and body', async () => {
    const app = stubs({ apiUrl, tokenFor, behaviour: { callbacks: true, callbackDelayMs: 10 } });
    for (let i = 0; i < 3; i++) {
      const res = await post(app, '/employer/sick-report', 'sr-1', body({ caseId: 'c1', orgNr: '5560000001' }));
      expect(res.statusCode).toBe(200);
    }
    await post(app, '/employer/return-to-work-plan', 'plan-1', body({ caseId: 'c1', orgNr: '5560000001' }));
    await post(app, '/region/afu', 'afu-1', body({ caseId: 'c 2', region: '01' }));
    await post(app, '/region/certificate-completion', 'cc-1', body({ caseId: 'c3' }));
    // No callbacks for these.
    await post(app, '/af/joint-mapping', 'jm-1', body({ caseId: 'c1' }));
    await post(app, '/employer/plan-reminder', 'pr-1', body({ caseId: 'c1' }));
    await post(app, '/insured/notice', 'n-1', body({ caseId: 'c1' }));

    await app.stubs.drainCallbacks();

    const byKey = Object.fromEntries(received.map((r) => [r.idempotencyKey, r]));
    expect(received).toHaveLength(4);
    expect(byKey['callback-sr-1']).toEqual({
      url: '/cases/c1/commands/register-sick-report',
      authorization: 'Bearer token-employer-5560000001',
      idempotencyKey: 'callback-sr-1',
      body: {},
    });
    expect(byKey['callback-plan-1']).toEqual({
      url: '/cases/c1/commands/register-plan',
      authorization: 'Bearer token-employer-5560000001',
      idempotencyKey: 'callback-plan-1',
      // the plan as the employer's inbox form sends it: by form, with its content
      body: { via: 'form', workTasks: expect.any(String), adjustments: expect.any(String), measures: expect.any(String) },
    });
    expect(byKey['callback-afu-1']).toEqual({
      url: '/cases/c%202/commands/submit-afu-report',
      authorization: 'Bearer token-region-01',
      idempotencyKey: 'callback-afu-1',
      body: { summary: 'AFU report' },
    });
    expect(byKey['callback-cc-1']).toEqual({
      url: '/cases/c3/commands/answer-certificate-completion',
      authorization: 'Bearer token-region-none',
      idempotencyKey: 'callback-cc-1',
      body: { answer: 'Completed certificate' },
    });

    const outcomes = (await app.inject({ method: 'GET', url: '/_admin/callbacks' })).json().callbacks;
    expect(outcomes).toHaveLength(4);
    for (const o of outcomes) expect(o).toMatchObject({ status: 'delivered', attempts: 1, httpStatus: 202 });

    // A later retry of an already performed key does not call back again.
    await post(app, '/employer/sick-report', 'sr-1', body({ caseId: 'c1', orgNr: '5560000001' }));
    await app.stubs.drainCallbacks();
    expect(received).toHaveLength(4);
  });

  it('waits callbackDelayMs before calling back', async () => {
    const app = stubs({ apiUrl, tokenFor, behaviour: { callbacks: true, callbackDelayMs: 150 } });
    await post(app, '/region/afu', 'slow');
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(0);
    expect(app.stubs.callbacks).toEqual([expect.objectContaining({ status: 'pending' })]);
    await app.stubs.drainCallbacks();
    expect(received).toHaveLength(1);
  });

  it('does not call back when callbacks are off, or when the request failed', async () => {
    const off = stubs({ apiUrl, tokenFor, behaviour: { callbackDelayMs: 0 } });
    await post(off, '/employer/sick-report', 'off');
    const failing = stubs({ apiUrl, tokenFor, behaviour: { callbacks: true, callbackDelayMs: 0, failureRate: 1 } });
    expect((await post(failing, '/employer/sick-report', 'fail')).statusCode).toBe(503);
    await off.stubs.drainCallbacks();
    await failing.stubs.drainCallbacks();
    await new Promise((r) => setTimeout(r, 30));
    expect(received).toEqual([]);
  });

  it('retries a failing callback and then delivers it', async () => {
    failFirst = 2;
    const app = stubs({ apiUrl, tokenFor, behaviour: { callbacks: true, callbackDelayMs: 0 } });
    await post(app, '/region/certificate-completion', 'retry');
    await app.stubs.drainCallbacks();
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.idempotencyKey === 'callback-retry')).toBe(true);
    expect(app.stubs.callbacks).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3 })]);
  });

  it('gives up after 3 retries without crashing the stub, logging a warning', async () => {
    failFirst = 100;
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = stubs({
      apiUrl,
      tokenFor,
      logger: createLogger('stubs', sink),
      behaviour: { callbacks: true, callbackDelayMs: 0 },
    });
    await post(app, '/employer/sick-report', 'doomed');
    await app.stubs.drainCallbacks();
    expect(received).toHaveLength(4);
    expect(app.stubs.callbacks).toEqual([expect.objectContaining({ status: 'failed', attempts: 4, httpStatus: 500, error: 'HTTP 500' })]);
    expect(lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40)).toHaveLength(4);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('survives an unreachable API and a throwing token issuer', async () => {
    const closed = Fastify({ logger: false });
    const deadUrl = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const unreachable = stubs({ apiUrl: deadUrl, tokenFor, behaviour: { callbacks: true, callbackDelayMs: 0 } });
    await post(unreachable, '/region/afu', 'dead');
    const throwing = stubs({
      apiUrl,
      tokenFor: () => {
        throw new Error('no token');
      },
      behaviour: { callbacks: true, callbackDelayMs: 0 },
    });
    await post(throwing, '/region/afu', 'throws');
    await unreachable.stubs.drainCallbacks();
    await throwing.stubs.drainCallbacks();
    expect(unreachable.stubs.callbacks).toEqual([expect.objectContaining({ status: 'failed', attempts: 4 })]);
    expect(throwing.stubs.callbacks).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(received).toEqual([]);
  });
});
