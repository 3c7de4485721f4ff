/**
 * Free text never in clear (docs/rules.md "Consent and personal data", "Closing reasons"): every
 * free-text field a command takes (notes, the insured's response, a withdrawal's note, the closing
 * note, a completion question, a review comment, the return-to-work plan's content) goes through the real API, the real workflow on a
 * real Temporal dev server and the read model; then the timeline the API serves, every table of the
 * read model, every log line of the API and of the worker (Temporal's runtime logger at TRACE), and
 * the workflow's history as Temporal stores it are searched for the text. Closing reasons are a list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { addDays } from '../../domain/calendar';
import { createLogger } from '../../platform/logger';
import { caseWorkflowId } from '../../workflows/definitions';
import { bearer, buildTestApp, caseworker, openBody, ORG, supervisor, today } from '../../harness/api';
import { PREBUILT_WORKFLOW_BUNDLE, startTestSystem } from '../../harness';
import type { FastifyInstance } from 'fastify';
import type { ApiTestSystem } from '../../harness';

/** Distinctive words that can only come from the free text sent (health information, as notes carry). */
const MARK = 'Xq7fritext';
const text = (field: string): string => `${MARK}-${field}: utmattningssyndrom, F43.8`;

let workerLogs = '';
let apiLogs = '';
let sys: ApiTestSystem;
let app: FastifyInstance;

beforeAll(async () => {
  // every log line the worker and its workflows write, at the most verbose level
  Runtime.install({
    logger: new DefaultLogger('TRACE', (entry) => {
      workerLogs += `${entry.message} ${JSON.stringify(entry.meta ?? {})}\n`;
    }),
  });
  sys = await startTestSystem({ kind: 'local', workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE });
  const logger = createLogger('api', new Writable({ write: (c, _e, cb) => ((apiLogs += c), cb()) }));
  logger.level = 'trace';
  app = await buildTestApp(sys, { logger });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await sys?.stop();
});

const specialist = bearer({ sub: 'sp-1', role: 'specialist' });

async function send(caseId: string, command: string, payload: object, headers = caseworker): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${command}`, headers, payload });
  expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
}

describe('free text never in clear', { timeout: 60_000 }, () => {
  let caseId: string;

  beforeAll(async () => {
    // day 200 of the chain: the criterion is normal work, a refusal can be proposed, heard and withdrawn
    const res = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: caseworker,
      payload: openBody({ firstSickDay: addDays(today, -199) }),
    });
    expect(res.statusCode).toBe(201);
    caseId = res.json().caseId as string;
    await send(caseId, 'assess-rehab-need', { need: true, note: text('rehab') });
    await send(caseId, 'request-certificate-completion', { question: text('question') });
    // the employer's return-to-work plan from its inbox form: its content is free text too
    const employer = bearer({ sub: 'ag-1', role: 'employer', org: ORG });
    const plan = { via: 'form', workTasks: text('work-tasks'), adjustments: text('adjustments'), measures: text('measures') };
    await send(caseId, 'register-plan', plan, employer);
    await send(caseId, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    await send(caseId, 'review-decision', { approve: true, comment: text('comment') }, specialist);
    await send(caseId, 'record-response', { note: text('response') });
    await send(caseId, 'withdraw-decision', { reason: 'new-medical-information', note: text('withdrawal') });
    await send(caseId, 'close-case', { reason: 'opened-in-error', note: text('close') });
  }, 120_000);

  it('the closing reason is one of the list; a free-text reason is rejected (400) and changes nothing', async () => {
    const other = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody() });
    const otherId = other.json().caseId as string;
    const res = await app.inject({
      method: 'POST',
      url: `/cases/${otherId}/commands/close-case`,
      headers: caseworker,
      payload: { reason: text('reason') },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await app.inject({ url: `/cases/${otherId}`, headers: caseworker })).json()).toMatchObject({ status: 'open' });
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
    expect(state).toMatchObject({ status: 'closed', closeReason: 'opened-in-error' });
  });

  it('the timeline records what happened, without the text', async () => {
    const res = await app.inject({ url: `/cases/${caseId}/timeline`, headers: supervisor });
    const body = res.body;
    expect(body).toContain('response.recorded');
    expect(body).toContain('decision.withdrawn');
    expect(body).toContain('"reason":"opened-in-error"');
    expect(body).not.toContain(MARK);
  });

  it('no table of the read model holds it', async () => {
    const db = sys.readModel.db;
    await expect
      .poll(async () => (await db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status, {
        timeout: 20_000,
      })
      .toBe('closed');
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
    expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['cases', 'timeline_events', 'people']));
    for (const { table_name } of tables.rows) {
      const dump = await sql<{ t: string | null }>`select json_agg(x)::text as t from ${sql.table(table_name)} x`.execute(db);
      expect(dump.rows[0]?.t ?? '', table_name).not.toContain(MARK);
    }
    const row = await db.selectFrom('cases').select('close_reason').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.close_reason).toBe('opened-in-error');
  });

  it('no log line of the API or the worker holds it', () => {
    expect(apiLogs.length).toBeGreaterThan(0);
    expect(workerLogs.length).toBeGreaterThan(0);
    expect(apiLogs).not.toContain(MARK);
    expect(workerLogs).not.toContain(MARK);
  });

  it('the workflow history as Temporal stores it holds it only encrypted', async () => {
    const history = await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const stored = Buffer.from(temporal.api.history.v1.History.encode(history as never).finish()).toString('latin1');
    expect(stored).toContain('encryption-key-id'); // the payloads are there, encrypted
    expect(stored).not.toContain(MARK);
  });
});
