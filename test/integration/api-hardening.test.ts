/**
 * Issue 11 over HTTP: idempotency keys reused for another request, one open case per person,
 * agencies' replies, party binding, the error vocabulary, per-command OpenAPI, the per-user rate
 * limit, search by personnummer, readiness. Real Temporal dev server, worker and stubs.
 */
import { httpPopulationRegister } from '../../platform/populationRegister';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildApp } from '../../server/app';
import { COMMAND_EXAMPLES } from '../../api/commandExamples';
import { addDays } from '../../domain/calendar';
import { COMMANDS } from '../../domain/commands';
import { commandInputSchemas } from '../../domain/commandSchemas';
import { createLogger } from '../../platform/logger';
import {
  bearer,
  caseworker,
  JWT_SECRET,
  nextPnr,
  openBody,
  ORG,
  PERSON_KEY_SECRET,
  startApi,
  supervisor,
  today,
  type ApiHarness,
} from '../../harness/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = caseworker) =>
  h.app.inject({ method: 'POST', url, headers, payload: payload as object });
const REGION_01 = bearer({ sub: 'reg-1', role: 'region', region: '01' });
const REGION_02 = bearer({ sub: 'reg-2', role: 'region', region: '02' });
const AF = bearer({ sub: 'af-1', role: 'af' });
const EMPLOYER = bearer({ sub: 'hr-1', role: 'employer', org: ORG });

describe('Idempotency-Key reused for a different request', () => {
  it("POST /cases: 422 IDEMPOTENCY_KEY_REUSED, never the first person's case, and no second case", async () => {
    const key = { 'idempotency-key': `open-${Date.now()}` };
    const body = openBody();
    const first = await post('/cases', body, { ...caseworker, ...key });
    expect(first.statusCode).toBe(201);
    // the same request, its fields in another order and the personnummer in another form: a retry
    const { personnummer, ...rest } = body;
    const same = await post('/cases', { ...rest, personnummer: personnummer.replace('-', '') }, { ...caseworker, ...key });
    expect(same.statusCode).toBe(201);
    expect(same.json().caseId).toBe(first.json().caseId);
    const other = openBody();
    const reused = await post('/cases', other, { ...caseworker, ...key });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.body).not.toContain(first.json().caseId);
    // the other person has no case: opening without the key succeeds
    expect((await post('/cases', other)).statusCode).toBe(201);
    // the same key from another caseworker is another key
    expect((await post('/cases', openBody(), { ...bearer({ sub: 'hk-2', role: 'caseworker' }), ...key })).statusCode).toBe(201);
  });

  it('commands: the same key and body apply once; another body or command with the key is 422 and changes nothing', async () => {
    const caseId = await h.openCase();
    const key = { ...caseworker, 'idempotency-key': 'consent-1' };
    const body = { scope: 'joint-mapping', given: true };
    expect((await h.command(caseId, 'record-consent', body, key)).statusCode).toBe(200);
    expect((await h.command(caseId, 'record-consent', body, key)).statusCode).toBe(200);
    const reused = await h.command(caseId, 'record-consent', { scope: 'joint-mapping', given: false }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherCommand = await h.command(caseId, 'register-plan', { via: 'oral' }, key);
    expect(otherCommand.statusCode).toBe(422);
    const { timeline } = (await h.app.inject({ url: `/cases/${caseId}/timeline`, headers: caseworker })).json();
    expect(timeline.filter((e: { type: string }) => e.type === 'consent.recorded')).toHaveLength(1);
    expect(timeline.some((e: { command?: string; type: string }) => e.type === 'command.recorded' && e.command === 'register-plan')).toBe(
      false,
    );
  });
});

describe('one open case per person', () => {
  it('a second opening for a person with an open case is 409 CASE_ALREADY_OPEN naming that case', async () => {
    const personnummer = nextPnr();
    const first = await post('/cases', openBody({ personnummer }));
    expect(first.statusCode).toBe(201);
    const second = await post('/cases', openBody({ personnummer, firstSickDay: addDays(today, -2) }));
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'CASE_ALREADY_OPEN', details: { caseId: first.json().caseId } });
    // the same person written in another form is the same person
    const short = `${personnummer.slice(2, 8)}-${personnummer.slice(9)}`;
    expect((await post('/cases', openBody({ personnummer: short }))).statusCode).toBe(409);
  });
});

describe('POST /cases/search', () => {
  it("finds a person's cases by personnummer in the body, for FK staff only", async () => {
    const personnummer = nextPnr();
    const caseId = (await post('/cases', openBody({ personnummer }))).json().caseId;
    await h.projected(caseId);
    const res = await post('/cases/search', { personnummer }, supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json().cases).toEqual([{ caseId, status: 'open', firstSickDay: addDays(today, -20), criterion: 'own-work', chainDay: 21 }]);
    expect((await post('/cases/search', { personnummer: nextPnr() })).json().cases).toEqual([]);
    const bad = await post('/cases/search', { personnummer: '19640823-3235' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('personnummer');
    for (const headers of [EMPLOYER, REGION_01, AF]) expect((await post('/cases/search', { personnummer }, headers)).statusCode).toBe(403);
  });
});

describe('agencies get {"accepted": true} and are bound to their cases', () => {
  it('an employer\'s register-plan is answered {"accepted": true} and nothing else; FK staff get the state', async () => {
    const caseId = await h.openCase();
    const res = await h.command(caseId, 'register-plan', { via: 'form' }, EMPLOYER);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: true });
    const fk = await h.command(caseId, 'record-consent', { scope: 'joint-mapping', given: true });
    expect(fk.json()).toMatchObject({ caseId, status: 'open' });
  });

  it("a region acts only with the case's region code, and only once asked something", async () => {
    const caseId = await h.openCase({}, { region: '01' });
    const early = await h.command(caseId, 'submit-afu-report', {}, REGION_01);
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('NOT_A_PARTY');
    expect((await h.command(caseId, 'order-afu', {})).statusCode).toBe(200);
    const other = await h.command(caseId, 'submit-afu-report', {}, REGION_02);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('NOT_A_PARTY');
    const own = await h.command(caseId, 'submit-afu-report', { summary: 'done' }, REGION_01);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ accepted: true });
    // a case that names no region has no region party
    const unnamed = await h.openCase();
    await h.command(unnamed, 'order-afu', {});
    expect((await h.command(unnamed, 'submit-afu-report', {}, REGION_01)).json().error.code).toBe('NOT_A_PARTY');
  });

  it('AF acts only on cases where AF was asked something', async () => {
    const caseId = await h.openCase();
    const early = await h.command(caseId, 'record-meeting-held', { meeting: 'joint-mapping' }, AF);
    expect(early.json().error.code).toBe('NOT_A_PARTY');
    await h.command(caseId, 'record-consent', { scope: 'joint-mapping', given: true });
    expect((await h.command(caseId, 'schedule-meeting', { meeting: 'joint-mapping', date: today })).statusCode).toBe(200);
    const asked = await h.command(caseId, 'record-meeting-held', { meeting: 'joint-mapping' }, AF);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toEqual({ accepted: true });
  });

  it('property: no response to an agency ever carries case fields', async () => {
    const caseId = await h.openCase({}, { region: '01' });
    await h.command(caseId, 'order-afu', {});
    const agencies = [EMPLOYER, REGION_01, REGION_02, AF, bearer({ sub: 'hr-2', role: 'employer', org: '212000-0142' })];
    const routes = [
      ...COMMANDS.map((c) => ({ method: 'POST' as const, url: `/cases/${caseId}/commands/${c}`, command: c })),
      { method: 'GET' as const, url: `/cases/${caseId}` },
      { method: 'GET' as const, url: `/cases/${caseId}/timeline` },
      { method: 'GET' as const, url: `/cases/${caseId}/history` },
      { method: 'GET' as const, url: '/cases' },
      { method: 'POST' as const, url: '/cases/search' },
    ];
    const CASE_FIELDS = [
      'caseId',
      'criterion',
      'openTasks',
      'caseworkerId',
      'degree',
      'firstSickDay',
      'chainDay',
      'timeline',
      'cases',
      'track',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...agencies),
        fc.constantFrom(...routes),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom(...Object.values(COMMAND_EXAMPLES)),
          fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()),
        ),
        async (headers, route, body) => {
          const res = await h.app.inject({
            method: route.method,
            url: route.url,
            headers,
            ...(route.method === 'POST' ? { payload: (body ?? {}) as object } : {}),
          });
          expect(res.statusCode).toBeLessThan(500);
          const json = res.json();
          if (res.statusCode < 300) expect(json).toEqual({ accepted: true });
          else expect(Object.keys(json)).toEqual(['error']);
          for (const f of CASE_FIELDS) expect(res.body).not.toContain(`"${f}"`);
          expect(res.body).not.toContain(caseId);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});

describe('one error vocabulary, for people', () => {
  it('invalid JSON is INVALID_JSON, a text body 415, an oversized body 413 with the limit', async () => {
    const raw = (payload: string, type: string) =>
      h.app.inject({ method: 'POST', url: '/cases', headers: { ...caseworker, 'content-type': type }, payload });
    const badJson = await raw('{"personnummer": ', 'application/json');
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('INVALID_JSON');
    const text = await raw(JSON.stringify(openBody()), 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') });
    const big = await raw(JSON.stringify({ x: 'a'.repeat(100_000) }), 'application/json');
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 65536 } });
    expect(big.json().error.message).toContain('65536');
    for (const r of [badJson, text, big]) expect(r.body).not.toContain('FST_');
  });

  it('enum errors list the allowed values; an unknown command lists the valid ones; fields have one form', async () => {
    const caseId = await h.openCase();
    const degree = await h.command(caseId, 'register-certificate', { from: today, to: today, degree: 33 });
    expect(degree.json().error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'degree' } });
    expect(degree.json().error.message).toContain('25, 50, 75, 100');
    const via = await h.command(caseId, 'register-plan', { via: 'email' });
    expect(via.json().error.message).toContain('"form", "oral"');
    const unknown = await h.command(caseId, 'no-such-command', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('UNKNOWN_COMMAND');
    for (const c of COMMANDS) expect(unknown.json().error.message).toContain(c);
    const nested = await post('/cases', openBody({ employment: { type: 'employed', employer: { orgNr: 5 } } }));
    expect(nested.json().error.details.field).toBe('employment.employer.orgNr');
    const missing = await h.command(caseId, 'request-certificate-completion', {});
    expect(missing.json().error).toMatchObject({ details: { field: 'question' }, message: 'question: is required' });
    const header = await post('/cases', openBody(), { ...caseworker, 'idempotency-key': 'ä' });
    expect(header.json().error.details.field).toBe('idempotency-key');
  });
});

describe('OpenAPI', () => {
  it('documents each command with its own request schema and a valid example', async () => {
    const doc = (await h.app.inject('/openapi.json')).json();
    const bodies = COMMANDS.map((c) => {
      const op = doc.paths[`/cases/{caseId}/commands/${c}`]?.post;
      expect(op, c).toBeDefined();
      const schema = op.requestBody.content['application/json'].schema;
      expect(commandInputSchemas[c].safeParse(schema.example).success, c).toBe(true);
      return JSON.stringify(schema);
    });
    expect(COMMANDS).toHaveLength(25);
    expect(new Set(bodies).size).toBe(COMMANDS.length);
    expect(
      doc.paths['/cases/{caseId}/commands/register-certificate'].post.requestBody.content['application/json'].schema.properties.degree,
    ).toBeDefined();
    expect(doc.paths['/cases'].post.requestBody.content['application/json'].schema.example).toBeDefined();
  });
});

describe('rate limit per user', () => {
  it('counts each signed-in user separately behind one address, 429 RATE_LIMITED, RATE_LIMIT_PER_MINUTE', async () => {
    const limited = await buildApp({
      temporal: h.sys.env.client,
      readModel: h.sys.readModel.db,
      taskQueue: h.sys.taskQueue,
      jwtSecret: JWT_SECRET,
      personKeySecret: PERSON_KEY_SECRET,
      payloadKeys: h.sys.keys,
      populationRegister: httpPopulationRegister(h.sys.stubsUrl),
      rateLimitPerMinute: 3,
      logger: false,
    });
    try {
      const get = (headers: Record<string, string>) => limited.inject({ url: '/cases?pageSize=1', headers, remoteAddress: '10.0.0.1' });
      const a = bearer({ sub: 'office-a', role: 'caseworker' });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(a)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limitedRes = await get(a);
      expect(limitedRes.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { limitPerMinute: 3 } });
      expect((await get(bearer({ sub: 'office-b', role: 'caseworker' }))).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('readiness', () => {
  it('/health is 503 not-ready while no worker polls the task queue', async () => {
    const idle = await buildApp({
      temporal: h.sys.env.client,
      readModel: h.sys.readModel.db,
      taskQueue: `nobody-polls-${Date.now()}`,
      jwtSecret: JWT_SECRET,
      personKeySecret: PERSON_KEY_SECRET,
      payloadKeys: h.sys.keys,
      populationRegister: httpPopulationRegister(h.sys.stubsUrl),
      logger: false,
    });
    try {
      const res = await idle.inject('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not-ready', temporal: 'up', worker: 'none', readModel: 'up' });
    } finally {
      await idle.close();
    }
  });
});

describe('personal data never in a log line (property-based)', () => {
  it('whatever field or header a personnummer is sent in, no log line carries it', async () => {
    let logs = '';
    const logged = await buildApp({
      temporal: h.sys.env.client,
      readModel: h.sys.readModel.db,
      taskQueue: h.sys.taskQueue,
      jwtSecret: JWT_SECRET,
      personKeySecret: PERSON_KEY_SECRET,
      payloadKeys: h.sys.keys,
      populationRegister: httpPopulationRegister(h.sys.stubsUrl),
      rateLimitPerMinute: 1_000_000,
      logger: createLogger('api-test', new Writable({ write: (c, _e, cb) => ((logs += c), cb()) })),
    });
    const caseId = await h.openCase();
    const sent: string[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 6 }), fc.boolean(), async (where, shortForm) => {
          const pnr = nextPnr();
          const written = shortForm ? pnr.slice(2) : pnr;
          sent.push(pnr.replace('-', ''), pnr.slice(2, 8) + pnr.slice(9));
          const requests = [
            () => logged.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody({ personnummer: written }) }),
            () => logged.inject({ method: 'POST', url: '/cases/search', headers: caseworker, payload: { personnummer: written } }),
            () =>
              logged.inject({
                method: 'POST',
                url: '/cases',
                headers: caseworker,
                payload: openBody({ personnummer: written, extra: written }),
              }),
            () =>
              logged.inject({
                method: 'POST',
                url: `/cases/${caseId}/commands/close-case`,
                headers: { ...caseworker, 'idempotency-key': written },
                payload: { reason: 7 },
              }),
            () =>
              logged.inject({
                method: 'POST',
                url: `/cases/${caseId}/commands/request-certificate-completion`,
                headers: caseworker,
                payload: { question: `About ${written}?` },
              }),
            () =>
              logged.inject({
                method: 'POST',
                url: '/cases',
                headers: { ...caseworker, 'content-type': 'application/json' },
                payload: `{"personnummer":"${written}"`,
              }),
            () => logged.inject({ url: `/cases/${written}`, headers: caseworker }),
          ];
          const res = await requests[where]!();
          expect(res.statusCode).toBeLessThan(500);
        }),
        { numRuns: 60, seed: 7 },
      );
    } finally {
      await logged.close();
    }
    expect(logs).toContain('request completed');
    for (const line of logs.split('\n')) for (const digits of sent) expect(line.replace(/-/g, '')).not.toContain(digits);
  });
});
