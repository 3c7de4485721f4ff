/**
 * 10,000 seeded malformed requests across every route (fast-check, app.inject on one app): never a
 * 5xx, always the one error shape with a code of ours (never a framework's FST_ code).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMANDS } from '../../domain/commands';
import { ROLES } from '../../domain/vocabulary';
import { signToken } from '../../platform/tokens';
import { bearer, ORG, startApi, today, type ApiHarness } from '../../harness/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

const FUZZ_REQUESTS = 10_000;

describe('malformed input never gets a 5xx (property-based)', () => {
  it(`${FUZZ_REQUESTS} seeded malformed requests across all routes`, async () => {
    const caseId = await h.openCase({}, { region: '01' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const paths = [
      '/cases',
      '/cases/search',
      `/cases/${caseId}`,
      `/cases/${caseId}/timeline`,
      `/cases/${caseId}/history`,
      `/cases/${missing}`,
      '/stats',
      '/stats/meetings',
      '/caseworkers',
      '/tasks',
      '/me/case',
      '/health',
      '/codec/encode',
      '/codec/decode',
      '/codec/t/not-a-token/decode',
      '/openapi.json',
      `/cases/${caseId}/commands/%00bad`,
      `/cases/${caseId}/commands/${'x'.repeat(70)}`,
      ...COMMANDS.flatMap((c) => [`/cases/${caseId}/commands/${c}`, `/cases/${missing}/commands/${c}`]),
    ];
    const tokens = fc.oneof(
      fc
        .constantFrom(...ROLES)
        .map((role) =>
          role === 'insured'
            ? bearer({ sub: `fuzz-${role}`, role, personnummer: '19640823-3234' })
            : bearer({ sub: `fuzz-${role}`, role, org: ORG, ...(role === 'region' ? { region: '01' } : {}) }),
        ),
      fc.string({ maxLength: 60 }).map((s) => ({ authorization: `Bearer ${s}` })),
      fc.constant({ authorization: `Bearer ${signToken('another-secret-another-secret-another-0', { sub: 'x', role: 'supervisor' })}` }),
      fc.constant({}),
    );
    const nearValid = fc.oneof(
      fc.record(
        { personnummer: fc.string(), employment: fc.anything({ maxDepth: 2 }), firstSickDay: fc.string(), region: fc.string() },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          from: fc.oneof(fc.string(), fc.constant(today)),
          to: fc.string(),
          degree: fc.integer(),
          criterion: fc.string(),
          date: fc.string(),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        { via: fc.string(), meeting: fc.string(), scope: fc.string(), given: fc.anything({ maxDepth: 1 }), extent: fc.string() },
        { requiredKeys: [] },
      ),
      fc.record({
        payloads: fc.array(fc.record({ metadata: fc.dictionary(fc.string(), fc.string()), data: fc.string() }), { maxLength: 3 }),
      }),
    );
    const body = fc.oneof(
      nearValid.map((v) => JSON.stringify(v)),
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 200 }),
      fc.anything({ maxDepth: 3 }).map((v) => {
        try {
          return JSON.stringify(v) ?? 'null';
        } catch {
          return '{}';
        }
      }),
      fc.constant(''),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      '',
      'application/json; charset=latin1',
    );
    const query = fc.option(
      fc.dictionary(
        fc.constantFrom(
          'criterion',
          'task',
          'overdue',
          'status',
          'pageSize',
          'cursor',
          'assignee',
          'team',
          'dueBefore',
          'from',
          'to',
          'page',
          'x',
        ),
        fc.string({ maxLength: 20 }),
      ),
      { nil: undefined },
    );
    const started = Date.now();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE'),
        tokens,
        body,
        contentType,
        fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
        query,
        async (path, method, auth, payload, type, key, q) => {
          sent++;
          const res = await h.app.inject({
            method: method as 'GET',
            url: path + (q ? `?${new URLSearchParams(q).toString()}` : ''),
            headers: { ...auth, ...(type ? { 'content-type': type } : {}), ...(key !== undefined ? { 'idempotency-key': key } : {}) },
            ...(method !== 'GET' ? { payload } : {}),
          });
          expect(res.statusCode, `${method} ${path} ${payload} -> ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const { error } = res.json();
            expect(error.code).toMatch(/^[A-Z_]+$/);
            expect(error.code).not.toMatch(/^FST_/);
            expect(error.message).toEqual(expect.any(String));
          }
        },
      ),
      { numRuns: FUZZ_REQUESTS, seed: 20261123 },
    );
    expect(sent).toBeGreaterThanOrEqual(FUZZ_REQUESTS);
    console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms`);
  }, 600_000);
});
