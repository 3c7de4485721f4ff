/**
 * Issue 27, the insured (role `insured`, claim `personnummer`) through the HTTP API on a real
 * Temporal dev server: GET /me/case (their open case, else the latest; 404 NO_CASE without one),
 * record-consent and record-response on their own case, and, over every route the server has, that
 * nothing else answers them: another person's case is 404 as if it did not exist, every other route
 * 403 or 404. Routes are read from the server itself, so a route added later is covered too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { bearer, caseworker, nextPnr, startApi, type ApiHarness } from '../../harness/api';
import { COMMANDS } from '../../domain/commands';
import { INSURED_COMMANDS } from '../../domain/myCase';
import { myCaseSchema } from '../../contract/myCase';
import { serverRoutes } from './fixtures/serverRoutes';

let h: ApiHarness;
let app: FastifyInstance;
const PNR = nextPnr();
const OTHER_PNR = nextPnr();
const NO_CASE_PNR = nextPnr();
const insured = (personnummer: string) => bearer({ sub: `e-id-${personnummer.slice(-4)}`, role: 'insured', personnummer });
const me = insured(PNR);
const specialist = bearer({ sub: 'sp-1', role: 'specialist' });
let own: string;
let others: string;

beforeAll(async () => {
  h = await startApi();
  ({ app } = h);
  own = await h.openCase({}, { personnummer: PNR });
  others = await h.openCase({}, { personnummer: OTHER_PNR });
  await Promise.all([h.projected(own), h.projected(others)]);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe('GET /me/case', () => {
  it("answers the person's own open case in plain terms, to the insured only", async () => {
    const res = await app.inject({ url: '/me/case', headers: me });
    expect(res.statusCode, res.body).toBe(200);
    const body = myCaseSchema.parse(res.json());
    expect(body).toMatchObject({ caseId: own, status: 'open', chainDay: 21, criterion: 'own-work', archived: false });
    expect(body.nextLimit).toMatchObject({ day: 91, criterion: 'employer-work', daysLeft: 70 });
    expect(body.mayDo).toEqual(['record-consent']);
    // nothing of the number, nobody's name, no staff
    expect(res.body).not.toContain(PNR.slice(0, 8));
    expect(res.body).not.toContain('hk-1');
    expect((await app.inject({ url: '/me/case', headers: caseworker })).statusCode).toBe(403);
    expect((await app.inject({ url: '/me/case' })).statusCode).toBe(401);
  });

  it('404 NO_CASE for a person without a case; reading is not written to the staff access log', async () => {
    const res = await app.inject({ url: '/me/case', headers: insured(NO_CASE_PNR) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NO_CASE');
    const logged = await h.sys.readModel.db.selectFrom('access_log').select('role').where('role', '=', 'insured').execute();
    expect(logged).toEqual([]);
  });
});

describe('the insured sends record-consent and record-response to their own case', () => {
  it('gives and withdraws a consent; another person’s case is 404, as if it did not exist', async () => {
    const given = await h.command(own, 'record-consent', { scope: 'joint-mapping', given: true }, me);
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toEqual({ accepted: true });
    await h.command(own, 'schedule-meeting', {
      meeting: 'joint-mapping',
      date: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    });
    let mine = (await app.inject({ url: '/me/case', headers: me })).json();
    expect(mine.meetings).toEqual([expect.objectContaining({ meeting: 'joint-mapping', status: 'booked' })]);
    const withdrawn = await h.command(own, 'record-consent', { scope: 'joint-mapping', given: false }, me);
    expect(withdrawn.statusCode).toBe(200);
    mine = (await app.inject({ url: '/me/case', headers: me })).json();
    expect(mine.consents).toContainEqual(expect.objectContaining({ scope: 'joint-mapping', given: false }));
    expect(mine.meetings).toEqual([
      expect.objectContaining({ meeting: 'joint-mapping', status: 'cancelled', cancelledBecause: 'consent-withdrawn' }),
    ]);
    // on the timeline the insured is the actor, by role only
    const timeline = (await app.inject({ url: `/cases/${own}/timeline`, headers: caseworker })).json().timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'consent.recorded').map((e: { actor: unknown }) => e.actor)).toEqual([
      { sub: 'insured', role: 'insured' },
      { sub: 'insured', role: 'insured' },
    ]);
    for (const command of INSURED_COMMANDS) {
      const res = await h.command(others, command, command === 'record-consent' ? { scope: 'joint-mapping', given: true } : {}, me);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CASE_NOT_FOUND');
    }
  });

  it('responds to a heard refusal (no receivedOn of their own); the caseworker gets reconsider-decision', async () => {
    expect((await h.command(own, 'record-response', {}, me)).json().error.code).toBe('NO_HEARD_DECISION');
    expect((await h.command(own, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' })).statusCode).toBe(200);
    expect((await h.command(own, 'review-decision', { approve: true }, specialist)).statusCode).toBe(200);
    const mine = (await app.inject({ url: '/me/case', headers: me })).json();
    expect(mine.hearing).toMatchObject({ responded: false, criterion: 'own-work' });
    expect(mine.mayDo).toEqual(['record-consent', 'record-response']);
    const dated = await h.command(own, 'record-response', { receivedOn: '2026-01-01', note: 'x' }, me);
    expect(dated.statusCode).toBe(400);
    expect(dated.json().error.details.field).toBe('receivedOn');
    const res = await h.command(own, 'record-response', { note: 'Jag har ett nytt läkarintyg från i måndags.' }, me);
    expect(res.statusCode, res.body).toBe(200);
    const view = (await app.inject({ url: `/cases/${own}`, headers: caseworker })).json();
    expect(view.openTasks.map((t: { task: string }) => t.task)).toContain('reconsider-decision');
    expect((await app.inject({ url: '/me/case', headers: me })).json().hearing).toMatchObject({ responded: true });
  });
});

describe('everything else is closed to the insured, over every route of the server', () => {
  const MISSING = '00000000-0000-4000-8000-000000000000';
  /** what may answer the insured below 400: their own case, their two commands on it, Mitt sjukfall, and what is public */
  const MITT_SJUKFALL = [/^GET \/app\/?$/, /^GET \/app\/my-case\/consent\/[a-z-]+$/];
  const PUBLIC = [/^GET \/health$/, /^GET \/docs/, /^GET \/openapi\.json$/, /^GET \/app\/login$/, /^GET \/app\/static\//];
  const allowed = (method: string, url: string) =>
    url === '/me/case' ||
    INSURED_COMMANDS.some((c) => url === `/cases/${own}/commands/${c}`) ||
    MITT_SJUKFALL.some((p) => p.test(`${method} ${url}`)) ||
    PUBLIC.some((p) => p.test(`${method} ${url}`));

  const fill = (url: string, caseId: string, command: string) =>
    url
      .replace(':caseId', caseId)
      .replace(':command', command)
      .replace(':token', 'not-a-token')
      .replace(/:[A-Za-z]+/g, 'x')
      .replace('*', 'index.html');

  it('each route, with the own case, another’s and a missing one, and any command: 2xx only where allowed', async () => {
    const routes = serverRoutes(app).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(COMMANDS.length + 10);
    expect(routes).toContainEqual({ method: 'GET', url: '/me/case' });
    expect(routes).toContainEqual({ method: 'GET', url: '/app/cases/:caseId' });
    const check = async (route: { method: string; url: string }, caseId: string, command: string, payload: object) => {
      const url = fill(route.url, caseId, command);
      // the web app signs in by cookie, the API by bearer header
      const headers = url.startsWith('/app') ? { cookie: `sjukfall_session=${me.authorization.slice(7)}` } : me;
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(route.method === 'POST' ? { payload } : {}),
      });
      if (res.statusCode < 400) expect(allowed(route.method, url), `${route.method} ${url} answered ${res.statusCode}`).toBe(true);
      // (401 where the route takes its token from the path: the codec's development URL)
      else if (!allowed(route.method, url))
        expect(url.includes('/codec/t/') ? [401] : [403, 404], `${route.method} ${url}: ${res.body.slice(0, 200)}`).toContain(
          res.statusCode,
        );
      // nothing of another person's case, ever
      expect(res.body).not.toContain(OTHER_PNR.slice(0, 8));
      if (caseId !== own) expect(res.body.includes(others) && !url.includes(others)).toBe(false);
    };
    // every route once with each case, then random combinations of route, case, command and body
    for (const route of routes) for (const caseId of [own, others, MISSING]) await check(route, caseId, 'record-consent', {});
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(own, others, MISSING),
        fc.constantFrom(...COMMANDS, 'nonsense'),
        fc.constantFrom({}, { scope: 'employer-contact', given: true }, { personnummer: OTHER_PNR }),
        check,
      ),
      { numRuns: 300 },
    );
  }, 300_000);
});
