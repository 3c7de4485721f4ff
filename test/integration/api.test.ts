/**
 * The HTTP API against a real Temporal dev server (visibility + search attributes), the real
 * worker and the agency stubs, through app.inject(). The hardening of issue 11 is in api-hardening.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROLES, COMMANDS } from '../../domain/commands';
import { ROLES } from '../../domain/vocabulary';
import { Writable } from 'node:stream';
import { createLogger } from '../../platform/logger';
import type { FastifyInstance } from 'fastify';
import { signToken } from '../../platform/tokens';
import type { ApiTestSystem } from '../../harness';
import { addDays } from '../../domain/calendar';
import { caseWorkflowId } from '../../workflows/definitions';
import { rebuildReadModel } from '../../scripts/readModelRebuild';
import {
  bearer,
  caseworker,
  buildTestApp,
  JWT_SECRET,
  nextPnr,
  openBody,
  ORG,
  startApi,
  supervisor,
  today,
  type ApiHarness,
} from '../../harness/api';

const PNR = '19640823-3234';

let h: ApiHarness;
let sys: ApiTestSystem;
let app: FastifyInstance;
const openCase = (headers: Record<string, string> = {}) => h.openCase(headers);
const command = (caseId: string, name: string, payload: unknown, headers: Record<string, string> = caseworker) =>
  h.command(caseId, name, payload, headers);
const command_ = command;
/** tokens of each role as the API issues them (an employer with its org, a region with its code) */
const asRole = (role: (typeof ROLES)[number], sub = `u-${role}`) =>
  role === 'insured'
    ? bearer({ sub, role, personnummer: nextPnr() }) // a person without a case: every case is another's (insured.test.ts)
    : bearer({ sub, role, org: ORG, ...(role === 'region' ? { region: '01' } : {}) });

beforeAll(async () => {
  h = await startApi();
  ({ sys, app } = h);
});

afterAll(async () => {
  await h?.stop();
});

describe('health and docs', () => {
  it('GET /health is 200 without a token once Temporal is up and the worker polls', async () => {
    let res = await app.inject('/health');
    for (let i = 0; i < 40 && res.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250)); // the worker's first poll
      res = await app.inject('/health');
    }
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', temporal: 'up', worker: 'polling', readModel: 'up' });
  });
  it('serves interactive docs at /docs', async () => {
    const res = await app.inject('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html');
    const css = await app.inject('/docs/static/swagger-ui.css');
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('.swagger-ui');
  });

  it('serves an OpenAPI document listing the contract paths', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/cases',
        '/cases/{caseId}',
        '/cases/{caseId}/timeline',
        '/cases/search',
        '/cases/{caseId}/commands/register-plan',
        '/health',
      ]),
    );
  });
});

describe('opening and reading a case', () => {
  it('opens a case late (day 21) and catches up on day 15 in order', async () => {
    const caseId = await openCase();
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
    expect(state).toMatchObject({ caseId, status: 'open', criterion: 'own-work', chainDay: 21 });
    expect(state.openTasks.map((t: { task: string }) => t.task).sort()).toEqual(['assess-rehab-need', 'assess-work-capacity']);
    const { timeline } = (await app.inject({ url: `/cases/${caseId}/timeline`, headers: supervisor })).json();
    expect(timeline.slice(0, 2).map((e: { type: string }) => e.type)).toEqual(['case.opened', 'phase.changed']);
    expect(timeline[0].actor).toEqual({ sub: 'hk-1', role: 'caseworker' });
  });

  it("the web app's in-process read of a case page answers as the two routes do, logs both reads, and refuses an agency", async () => {
    const caseId = await openCase();
    const who = { user: { sub: 'hk-1', role: 'caseworker' as const }, log: { error: () => {}, warn: () => {} } };
    const before = await sys.readModel.db.selectFrom('access_log').select('what').where('case_id', '=', caseId).execute();
    const page = await app.reads.casePage(who, caseId);
    const logged = await sys.readModel.db.selectFrom('access_log').select(['sub', 'what']).where('case_id', '=', caseId).execute();
    expect(logged.slice(before.length).sort((a, b) => a.what.localeCompare(b.what))).toEqual([
      { sub: 'hk-1', what: 'case' },
      { sub: 'hk-1', what: 'timeline' },
    ]);
    const view = (await app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
    const { timeline } = (await app.inject({ url: `/cases/${caseId}/timeline`, headers: caseworker })).json();
    expect(JSON.parse(JSON.stringify(page))).toEqual({ view, timeline });
    await expect(app.reads.casePage({ ...who, user: { sub: 'x', role: 'employer' } }, caseId)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('rejects bad input with 400 naming the field, and never a 500', async () => {
    const bad = [
      [{ ...openBody(), personnummer: '19640823-3235' }, 'personnummer'],
      [{ ...openBody(), firstSickDay: '2026-02-30' }, 'firstSickDay'],
      [{ ...openBody(), employment: { type: 'employed' } }, 'employment.employer'],
      [{ ...openBody(), employment: { type: 'employed', employer: { orgNr: '551036-0793' } } }, 'employment.employer.orgNr'],
      [{ ...openBody(), firstSickDay: addDays(today, 3) }, 'firstSickDay'],
      [{ ...openBody(), extra: 1 }, 'extra'],
    ] as const;
    for (const [payload, field] of bad) {
      const res = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('INVALID_INPUT');
      expect(res.json().error.message).toContain(field);
      expect(res.json().error.details.field).toBe(field);
    }
  });

  it('401 without a token, 403 for agencies reading, 404 for an unknown case', async () => {
    const caseId = await openCase();
    expect((await app.inject(`/cases/${caseId}`)).statusCode).toBe(401);
    expect((await app.inject({ url: `/cases/${caseId}`, headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    for (const role of ['employer', 'region', 'af'] as const) {
      const res = await app.inject({ url: `/cases/${caseId}`, headers: asRole(role) });
      expect(res.statusCode).toBe(403);
    }
    const missing = await app.inject({ url: '/cases/00000000-0000-0000-0000-000000000000', headers: caseworker });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CASE_NOT_FOUND');
  });

  it('the same Idempotency-Key opens one case, even when sent concurrently', async () => {
    const headers = { ...caseworker, 'idempotency-key': `open-${Date.now()}` };
    const payload = openBody();
    const results = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/cases', headers, payload })));
    const ids = new Set(results.map((r) => r.json().caseId));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(ids.size).toBe(1);
    // one form of case ID, keyed or not (platform/caseIds.ts)
    expect([...ids][0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('commands', () => {
  it('applies a command and answers the new state; a replay with the same key changes the case once', async () => {
    const caseId = await openCase();
    const headers = { ...caseworker, 'idempotency-key': 'cert-1' };
    const payload = { from: addDays(today, -20), to: addDays(today, 10), degree: 100 };
    const [a, b] = await Promise.all([
      command(caseId, 'register-certificate', payload, headers),
      command(caseId, 'register-certificate', payload, headers),
    ]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    const again = await command(caseId, 'register-certificate', payload, headers);
    expect(again.statusCode).toBe(200);
    const { timeline } = (await app.inject({ url: `/cases/${caseId}/timeline`, headers: caseworker })).json();
    expect(timeline.filter((e: { command?: string }) => e.command === 'register-certificate')).toHaveLength(1);
  });

  it('answers 400 / 403 / 404 / 409 as CONTRACT.md says', async () => {
    const caseId = await openCase();
    const bad = await command(caseId, 'register-certificate', { from: 'x', to: '2026-01-01', degree: 100 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('from');
    expect((await command(caseId, 'register-plan', { via: 'email' })).statusCode).toBe(400);
    expect((await command(caseId, 'no-such-command', {})).statusCode).toBe(404);
    expect((await command(caseId, 'review-decision', { approve: true })).statusCode).toBe(403);
    const wrong = await command(caseId, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('WRONG_CRITERION');
    const noConsent = await command(caseId, 'schedule-meeting', { meeting: 'joint-mapping', date: addDays(today, 5) });
    expect(noConsent.statusCode).toBe(409);
    expect(noConsent.json().error.code).toBe('CONSENT_REQUIRED');
    // rejected commands leave no trace
    const { timeline } = (await app.inject({ url: `/cases/${caseId}/timeline`, headers: caseworker })).json();
    expect(timeline.some((e: { type: string }) => e.type === 'meeting.scheduled')).toBe(false);
  });

  it('an employer may send its own commands only for its own cases', async () => {
    const caseId = await openCase();
    const other = await command(caseId, 'register-plan', { via: 'form' }, bearer({ sub: 'hr', role: 'employer', org: '212000-0142' }));
    expect(other.statusCode).toBe(403);
    const mine = await command(caseId, 'register-plan', { via: 'form' }, bearer({ sub: 'hr', role: 'employer', org: ORG }));
    expect(mine.statusCode).toBe(200);
    const notItsCommand = await command(caseId, 'order-afu', {}, bearer({ sub: 'hr', role: 'employer', org: ORG }));
    expect(notItsCommand.statusCode).toBe(403);
  });

  it('the four-eyes rule through HTTP: self-review 409, another specialist approves', async () => {
    // an unemployed case is assessed against normal work from day 1: its first assessment needs review
    const res = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: caseworker,
      payload: openBody({ employment: { type: 'unemployed' } }),
    });
    const caseId = res.json().caseId;
    const proposed = await command(
      caseId,
      'assess-work-capacity',
      { criterion: 'normal-work', outcome: 'reduced' },
      bearer({ sub: 'spec-1', role: 'caseworker' }),
    );
    expect(proposed.json().pendingDecision.decision).toBe('first-normal-work');
    // the case view offers the review to another specialist only, and no assessment meanwhile
    const offered = async (headers: Record<string, string>) =>
      (await app.inject({ url: `/cases/${caseId}`, headers })).json().availableCommands as string[];
    expect(await offered(bearer({ sub: 'spec-1', role: 'specialist' }))).toEqual([]);
    expect(await offered(bearer({ sub: 'spec-2', role: 'specialist' }))).toEqual(['review-decision']);
    expect(await offered(supervisor)).toEqual(['reassign']);
    expect(proposed.json().availableCommands).toContain('close-case');
    expect(proposed.json().availableCommands).not.toContain('assess-work-capacity');
    const self = await command(caseId, 'review-decision', { approve: true }, bearer({ sub: 'spec-1', role: 'specialist' }));
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('SELF_REVIEW');
    const ok = await command(caseId, 'review-decision', { approve: true }, bearer({ sub: 'spec-2', role: 'specialist' }));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().pendingDecision).toBeUndefined();
  });

  it('a command on a closed case is 409 CASE_CLOSED', async () => {
    const caseId = await openCase();
    expect((await command(caseId, 'report-return-to-work', { extent: 'full' })).statusCode).toBe(200);
    await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    const late = await command(caseId, 'register-plan', { via: 'oral' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CASE_CLOSED');
  });
});

describe('history for supervisors', () => {
  it('answers the decoded Temporal history as typed entries, paged, for supervisors only', async () => {
    const caseId = await openCase();
    await command(caseId, 'register-certificate', { from: addDays(today, -20), to: addDays(today, 10), degree: 50 });
    expect((await app.inject({ url: `/cases/${caseId}/history`, headers: caseworker })).statusCode).toBe(403);
    const res = await app.inject({ url: `/cases/${caseId}/history?pageSize=500`, headers: supervisor });
    expect(res.statusCode).toBe(200);
    const { entries, total } = res.json() as {
      entries: { kind: string; command?: string; actor?: object; fireChainDay?: number }[];
      total: number;
    };
    expect(total).toBe(entries.length);
    const actor = { sub: 'hk-1', role: 'caseworker' };
    expect(entries[0]).toMatchObject({ eventId: 1, chainDay: 21, kind: 'case-opened', track: 'employed', actor });
    // the command is named when it is accepted and when it is completed
    expect(entries.filter((e) => e.command === 'register-certificate').map((e) => e.kind)).toEqual([
      'command-accepted',
      'command-completed',
    ]);
    expect(entries.find((e) => e.kind === 'command-accepted')).toMatchObject({ actor });
    expect(entries.some((e) => e.kind === 'timer-started' && typeof e.fireChainDay === 'number')).toBe(true);
    expect(entries.some((e) => e.kind === 'workflow-task')).toBe(true);
    expect(res.body).not.toContain('19640823');
    const page2 = (await app.inject({ url: `/cases/${caseId}/history?page=2&pageSize=2`, headers: supervisor })).json();
    expect(page2.entries.map((l: { eventId: number }) => l.eventId)).toEqual([3, 4]);
  });
});

describe('statistics', () => {
  it('GET /stats answers the §9 figures for a period, and 400 for a bad period', async () => {
    const caseId = await openCase();
    await command(caseId, 'register-plan', { via: 'oral' });
    const res = await app.inject({ url: `/stats?from=${addDays(today, -400)}&to=${today}`, headers: supervisor });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.cases).toBeGreaterThan(0);
    expect(s.plans.receivedOrally).toBeGreaterThanOrEqual(1);
    expect(s.casesByCriterion['own-work']).toBeGreaterThan(0);
    expect((await app.inject({ url: `/stats?from=${today}&to=${addDays(today, -1)}`, headers: supervisor })).statusCode).toBe(400);
    expect((await app.inject({ url: `/stats?from=${today}&to=${today}`, headers: bearer({ sub: 'x', role: 'af' }) })).statusCode).toBe(403);
  });
});

describe('codec server', () => {
  it('decodes what Temporal stored only for supervisors and specialists', async () => {
    const caseId = await openCase();
    const history = await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const stored = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const payload = {
      metadata: Object.fromEntries(Object.entries(stored.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(stored.data!).toString('base64'),
    };
    expect(Buffer.from(stored.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const decode = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/codec/decode', headers, payload: { payloads: [payload] } });
    for (const role of ['caseworker', 'employer', 'region', 'af'] as const) {
      const res = await decode(asRole(role));
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(caseId);
    }
    expect((await decode({})).statusCode).toBe(401);
    const ok = await decode(supervisor);
    expect(ok.statusCode).toBe(200);
    // the UI's per-user endpoint with the token in the path: the same rules
    const viaPath = (token: string) => app.inject({ method: 'POST', url: `/codec/t/${token}/decode`, payload: { payloads: [payload] } });
    expect((await viaPath(signToken(JWT_SECRET, { sub: 'chef-1', role: 'supervisor' }))).json()).toEqual(ok.json());
    expect((await viaPath(signToken(JWT_SECRET, { sub: 'hk-1', role: 'caseworker' }))).statusCode).toBe(403);
    expect((await viaPath('not-a-token')).statusCode).toBe(401);
    expect((await viaPath(signToken('another-secret-another-secret-another-0', { sub: 'x', role: 'supervisor' }))).statusCode).toBe(401);
    const plain = Buffer.from(ok.json().payloads[0].data, 'base64').toString();
    expect(plain).toContain(caseId);
    expect(plain).not.toContain('19640823'); // only the person key travels, never the personnummer
  });
});

describe('relapse', () => {
  it("finds the person's earlier case by the person key and continues the chain", async () => {
    const pnr = '19121212-1212';
    const first = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: caseworker,
      payload: openBody({ personnummer: pnr, firstSickDay: addDays(today, -20) }),
    });
    const firstId = first.json().caseId;
    expect(firstId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.json().priorDays).toBe(0);
    expect((await command(firstId, 'report-return-to-work', { extent: 'full' })).statusCode).toBe(200);
    await sys.env.client.workflow.getHandle(caseWorkflowId(firstId)).result();
    // the earlier period: 20 days, ending yesterday (the return day is not a sick day)
    let priorDays = 0;
    for (let i = 0; i < 40 && priorDays === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const again = await app.inject({
        method: 'POST',
        url: '/cases',
        headers: caseworker,
        payload: openBody({ personnummer: pnr, firstSickDay: today }),
      });
      if (again.statusCode === 409) continue; // visibility has not yet seen the first case close
      expect(again.statusCode).toBe(201);
      priorDays = again.json().priorDays;
      if (priorDays === 0) await sys.env.client.workflow.getHandle(caseWorkflowId(again.json().caseId)).terminate('test retry');
    }
    expect(priorDays).toBe(20);
    // another person's case does not count
    const other = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: caseworker,
      payload: openBody({ personnummer: '19800101-1231', firstSickDay: today }),
    });
    expect(other.json().priorDays).toBe(0);
  });
});

describe('listing and personal data', () => {
  it('lists and filters cases from the read model, soonest deadline first, with no personal data', async () => {
    const caseId = await openCase({ 'idempotency-key': `list-${Date.now()}` });
    await h.projected(caseId);
    const found: { caseId: string; nextDeadline: string | null }[] = (
      await app.inject({ url: '/cases?criterion=own-work&task=assess-work-capacity&pageSize=200', headers: caseworker })
    ).json().cases;
    expect(found.some((c) => c.caseId === caseId)).toBe(true);
    const deadlines = found.map((c) => c.nextDeadline ?? '9999-12-31');
    expect(deadlines).toEqual([...deadlines].sort());
    const none = (await app.inject({ url: '/cases?criterion=normal-work-strict', headers: caseworker })).json().cases;
    expect(none.some((c: { caseId: string }) => c.caseId === caseId)).toBe(false);
    expect((await app.inject({ url: '/cases?criterion=bogus', headers: caseworker })).statusCode).toBe(400);
    // paging: pages of one, each with a cursor to the next, never repeating a case
    for (const id of await Promise.all([openCase(), openCase(), openCase()])) await h.projected(id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = (await app.inject({ url: `/cases?pageSize=1${cursor ? `&cursor=${cursor}` : ''}`, headers: caseworker })).json();
      expect(page.cases).toHaveLength(1);
      seen.push(page.cases[0].caseId);
      cursor = page.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }
    expect(new Set(seen).size).toBe(3);
    const bad = await app.inject({ url: '/cases?cursor=not-ours', headers: caseworker });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('cursor');
    // my tasks across cases, soonest due first
    const tasks = (await app.inject({ url: '/tasks?assignee=me&pageSize=200', headers: caseworker })).json().tasks as {
      caseId: string;
      dueDate: string;
      caseworkerId: string;
    }[];
    expect(tasks.some((t) => t.caseId === caseId)).toBe(true);
    expect(tasks.every((t) => t.caseworkerId === 'hk-1')).toBe(true);
    expect(tasks.map((t) => t.dueDate)).toEqual(tasks.map((t) => t.dueDate).sort());
    expect((await app.inject({ url: '/tasks', headers: bearer({ sub: 'e', role: 'employer', org: ORG }) })).statusCode).toBe(403);
  });

  it('no response body but the person of a case (FK staff) and no workflow ID contains the personnummer', async () => {
    const caseId = await h.openCase({}, { personnummer: PNR });
    const bodies = await Promise.all(
      [`/cases/${caseId}`, `/cases/${caseId}/timeline`, '/cases'].map(async (url) => (await app.inject({ url, headers: caseworker })).body),
    );
    // the case view names its person (CONTRACT: `person` for FK staff), and only there
    const { person, ...rest } = JSON.parse(bodies[0]!) as { person?: { personnummer?: string } };
    expect(person?.personnummer).toBe(PNR);
    bodies[0] = JSON.stringify(rest);
    for (const b of bodies) {
      expect(b).not.toContain('19640823');
      expect(b).not.toContain('640823-3234');
    }
    // (a random UUID may hold ten digits in a row: look for this person's number, not for any number)
    for (const form of ['196408233234', '6408233234', '640823-3234']) expect(caseWorkflowId(caseId)).not.toContain(form);
    // a client's Idempotency-Key is never stored as is: Temporal keeps update IDs in clear
    const keyed = await command(
      caseId,
      'record-consent',
      { scope: 'joint-mapping', given: true },
      { ...caseworker, 'idempotency-key': `pnr-${PNR}` },
    );
    expect(keyed.statusCode).toBe(200);
    const stored = JSON.stringify(await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
    expect(stored).toContain('record-consent');
    expect(stored).not.toContain('19640823');
    expect(stored).not.toContain('640823-3234');
  });
});

describe('the authorisation matrix, cell by cell', () => {
  /** Written out from CONTRACT.md, not read from the code. */
  const READS: Record<string, readonly string[]> = {
    'GET /cases/{id}': ['caseworker', 'specialist', 'supervisor'],
    'GET /cases/{id}/timeline': ['caseworker', 'specialist', 'supervisor'],
    'GET /cases': ['caseworker', 'specialist', 'supervisor'],
    'GET /stats': ['caseworker', 'specialist', 'supervisor'],
    'GET /stats/meetings': ['caseworker', 'specialist', 'supervisor'],
    'GET /caseworkers': ['caseworker', 'specialist', 'supervisor'],
    'GET /cases/{id}/history': ['specialist', 'supervisor'],
    'POST /cases': ['caseworker'],
  };
  let caseId: string;
  beforeAll(async () => {
    caseId = await openCase();
  });

  for (const [route, allowed] of Object.entries(READS)) {
    for (const role of ROLES) {
      it(`${route} as ${role}: ${allowed.includes(role) ? 'allowed' : '403'}`, async () => {
        const [method, pathTemplate] = route.split(' ') as ['GET' | 'POST', string];
        const url =
          pathTemplate.replace('{id}', caseId) +
          (pathTemplate.startsWith('/stats') ? `?from=${today}&to=${today}` : pathTemplate === '/caseworkers' ? '?team=team-1' : '');
        const res = await app.inject({ method, url, headers: asRole(role), ...(method === 'POST' ? { payload: openBody() } : {}) });
        if (allowed.includes(role)) expect(res.statusCode, res.body).toBeLessThan(300);
        else expect(res.statusCode).toBe(403);
      });
    }
  }

  it.each(COMMANDS.flatMap((c) => ROLES.map((role) => [c, role] as const)))('command %s as %s', async (command, role) => {
    const res = await command_(caseId, command, {}, asRole(role));
    if (COMMAND_ROLES[command].includes(role)) {
      // allowed: whatever the verdict on an empty body, it is not a refusal of the role (a region or
      // AF never asked anything on this case is not a party to it: api-hardening.test.ts; another
      // person's case is, to the insured, no case at all: insured.test.ts)
      expect(res.statusCode).not.toBe(401);
      if (res.statusCode === 403) expect(res.json().error.code).toBe('NOT_A_PARTY');
      if (role === 'insured') expect(res.json().error.code).toBe('CASE_NOT_FOUND');
    } else {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });
});

describe('hardening', () => {
  it('sends security headers and no CORS headers outside /codec', async () => {
    const res = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/cases',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const ui = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
    });
    expect(ui.headers['access-control-allow-origin']).toBe('http://localhost:8233');
  });

  it('router errors (a too long path parameter) get the one error shape', async () => {
    const res = await app.inject({ url: `/cases/${'a'.repeat(3000)}`, headers: caseworker });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toEqual(expect.any(String));
  });

  it('refuses oversized bodies with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...caseworker, 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'a'.repeat(100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toEqual(expect.any(String));
  });

  it('rate-limits a client with 429, and request logs carry no personal data', async () => {
    let logs = '';
    const limited = await buildTestApp(sys, {
      rateLimitPerMinute: 3,
      logger: createLogger('api-test', new Writable({ write: (c, _e, cb) => ((logs += c), cb()) })),
    });
    try {
      const statuses: number[] = [];
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) {
        const payload = openBody();
        sent.push(payload.personnummer);
        statuses.push((await limited.inject({ method: 'POST', url: '/cases', headers: caseworker, payload })).statusCode);
      }
      expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
      expect(statuses[4]).toBe(429);
      expect(logs).toContain('request completed');
      for (const secret of [...sent, ...sent.map((p) => p.slice(2)), 'Bearer ']) expect(logs).not.toContain(secret);
    } finally {
      await limited.close();
    }
  });
});

describe('read model rebuild (npm run read-model:rebuild)', () => {
  it('dropped and rebuilt from the workflows, it holds what it held: cases, open tasks, every timeline event, the people (claims, closed periods)', async () => {
    const open = await h.openCase();
    const closing = await h.openCase();
    expect(
      (await command(open, 'register-certificate', { from: addDays(today, -20), to: addDays(today, 40), degree: 50 })).statusCode,
    ).toBe(200);
    expect((await command(closing, 'close-case', { reason: 'other' })).statusCode).toBe(200);
    for (const id of [open, closing]) await h.projected(id);
    const db = sys.readModel.db;
    // the close is projected moments after the command
    for (
      let i = 0;
      i < 100 && (await db.selectFrom('cases').select('status').where('case_id', '=', closing).executeTakeFirst())?.status !== 'closed';
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const snapshot = async () => ({
      cases: await db
        .selectFrom('cases')
        .select(['case_id', 'status', 'criterion', 'next_deadline', 'person_key', 'period_from'])
        .orderBy('case_id')
        .execute(),
      tasks: await db
        .selectFrom('tasks')
        .select(['case_id', 'task_id', 'task', 'due_date', 'overdue'])
        .orderBy('case_id')
        .orderBy('task_id')
        .execute(),
      events: await db.selectFrom('timeline_events').select(['case_id', 'seq', 'type', 'date']).orderBy('case_id').orderBy('seq').execute(),
      people: await db.selectFrom('people').select(['person_key', 'open_case_id', 'closed_periods']).orderBy('person_key').execute(),
    });
    const before = await snapshot();
    expect(before.cases.length).toBeGreaterThanOrEqual(2);
    expect(before.people.some((c) => c.open_case_id === open)).toBe(true);
    expect(before.people.some((c) => c.open_case_id === closing)).toBe(false);
    // the closed case's period is on its person's row, for the relapse rule
    expect(before.people.some((c) => closing in c.closed_periods)).toBe(true);

    const { cases } = await rebuildReadModel(sys.env.client, db);
    expect(cases).toBe(before.cases.length);
    const after = await snapshot();
    expect(after).toEqual(before);
    // lists answer from the rebuilt model
    const listed = (await app.inject({ url: '/cases?status=open&pageSize=200', headers: caseworker })).json().cases as { caseId: string }[];
    expect(listed.some((c) => c.caseId === open)).toBe(true);
  }, 120_000);
});
