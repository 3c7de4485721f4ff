/**
 * Purging on time (gallring, docs/records.md), by a clock offset, never by waiting: the purge
 * workflow runs "as of" a later date (`asOf`, which only a test worker accepts ahead of today). A
 * closed case reads the same a day, a month and nine years after closing, and after ten years
 * answers 410 GONE with nothing of it, or of its person, left but the purge log. A purge run twice
 * purges once; a purge that dies mid-batch leaves whole cases and continues. The daily Schedule is
 * created idempotently. On the dev server (`npm test`) and the cluster (`npm run test:cluster`).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { WorkflowNotFoundError } from '@temporalio/client';
import { addDays } from '../../domain/calendar';
import { caseWorkflowId } from '../../workflows/definitions';
import { PURGE_SCHEDULE_ID, PURGE_WORKFLOW } from '../../platform/temporalNames';
import type { PurgeResult } from '../../workflows/purge';
import { dueCases, purgeCase } from '../../readModel/purge';
import { ensurePurgeSchedule } from '../../worker/purgeSchedule';
import { purgeDate } from '../../activities/purge';
import { caseworker, nextPnr, openBody, startApi, supervisor, type ApiHarness } from '../../harness/api';
import { topology, waitUntil } from '../../harness';

let h: ApiHarness;
let app: FastifyInstance;

beforeAll(async () => {
  h = await startApi();
  app = h.app;
});

afterAll(async () => {
  await h?.stop();
});

const db = () => h.sys.readModel.db;
const get = (url: string) => app.inject({ url, headers: supervisor });
const years = (iso: string, n: number) => `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`;

async function closedCase(pnr: string): Promise<{ caseId: string; closedOn: string; personKey: string }> {
  const res = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody({ personnummer: pnr }) });
  expect(res.statusCode).toBe(201);
  const caseId = res.json().caseId as string;
  expect((await h.command(caseId, 'report-return-to-work', { extent: 'full' })).statusCode).toBe(200);
  await h.sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).result();
  const row = await db()
    .selectFrom('case_archive')
    .select(['closed_on', 'person_key'])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await waitUntil('the closed case in the read model', 30_000, async () =>
    (await db().selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status === 'closed'
      ? true
      : undefined,
  );
  return { caseId, closedOn: row.closed_on, personKey: row.person_key };
}

async function purge(asOf: string): Promise<PurgeResult & { workflowId: string }> {
  const workflowId = `purge-test-${crypto.randomUUID()}`;
  const r = (await h.sys.env.client.workflow.execute(PURGE_WORKFLOW, {
    taskQueue: h.sys.taskQueue,
    workflowId,
    args: [{ asOf }],
  })) as PurgeResult;
  return { ...r, workflowId };
}

/** What each read of the case answers (status and body). */
const reads = async (caseId: string) =>
  Promise.all(
    [`/cases/${caseId}`, `/cases/${caseId}/timeline`, `/cases/${caseId}/history?pageSize=500`].map(async (u) => {
      const r = await get(u);
      return { status: r.statusCode, body: r.json() as unknown };
    }),
  );

/** Rows of every read-model table (but the access and purge logs) naming the case or the person. */
async function leftOf(caseId: string, personKey: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and column_name in ('case_id', 'person_key', 'open_case_id')
       and table_name not in ('access_log', 'purge_log')`.execute(db());
  const left: Record<string, number> = {};
  for (const r of rows) {
    const value = r.column_name === 'person_key' ? personKey : caseId;
    const { rows: n } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(r.table_name)} where ${sql.ref(r.column_name)} = ${value}`.execute(db());
    if (n[0]!.n) left[`${r.table_name}.${r.column_name}`] = n[0]!.n;
  }
  // a closed period or carried-over fact under the case ID on anyone's row
  const { rows: periods } = await sql<{ n: number }>`select count(*)::int as n from people where closed_periods ? ${caseId}`.execute(db());
  if (periods[0]!.n) left['people.closed_periods'] = periods[0]!.n;
  return left;
}

describe(`purging on time (${topology} topology)`, () => {
  it('a closed case reads the same a day, a month and nine years after closing; after ten it is gone, and so is its person, but for the purge log', async () => {
    const pnr = nextPnr();
    const { caseId, closedOn, personKey } = await closedCase(pnr);
    const before = await reads(caseId);
    expect(before.map((r) => r.status)).toEqual([200, 200, 200]);
    // the case's person was read with it, so the API holds the case → person link (api/people.ts `ofCase`) when the purge runs
    expect(before[0]!.body).toMatchObject({ person: { personnummer: expect.stringMatching(/^\d{8}-\d{4}$/) } });
    expect((await leftOf(caseId, personKey))['case_archive.case_id']).toBe(1);

    for (const asOf of [addDays(closedOn, 1), addDays(closedOn, 31), years(closedOn, 9), addDays(years(closedOn, 10), -1)]) {
      const r = await purge(asOf);
      expect(r).toMatchObject({ asOf, cases: 0, people: 0 });
      expect(await reads(caseId)).toEqual(before);
    }

    const tenYears = years(closedOn, 10);
    const first = await purge(tenYears);
    expect(first).toMatchObject({ asOf: tenYears, people: 1 });
    expect(first.cases).toBeGreaterThanOrEqual(1);
    const log = await db().selectFrom('purge_log').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ closed_on: closedOn, run_id: first.workflowId });
    expect(log.removed).toMatchObject({ case_archive: 1, cases: 1, people: 1 });
    expect(log.removed.timeline_events).toBeGreaterThan(0);

    // within the minute the link is kept: the case's read answers 410, and its person goes with it
    for (const r of await reads(caseId)) {
      expect(r.status).toBe(410);
      expect(r.body).toMatchObject({ error: { code: 'GONE' } });
      expect(r.body).not.toHaveProperty('person');
    }
    expect(await leftOf(caseId, personKey)).toEqual({});
    const search = await app.inject({ method: 'POST', url: '/cases/search', headers: supervisor, payload: { personnummer: pnr } });
    expect(search.statusCode).toBe(200);
    expect(JSON.stringify(search.json())).not.toContain(caseId);
    // and Temporal forgot the workflow too (it would have by its own retention long before)
    await waitUntil('the workflow to be gone from Temporal', 120_000, async () => {
      try {
        await h.sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
        return undefined;
      } catch (err) {
        return err instanceof WorkflowNotFoundError ? true : undefined;
      }
    });

    // a second run purges nothing more, and the purge log is as the first run wrote it
    const second = await purge(tenYears);
    expect(second).toMatchObject({ cases: 0, people: 0 });
    expect(await db().selectFrom('purge_log').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow()).toEqual(log);
    // the access log keeps its entries of the case: they are purged by their own retention (keep_until)
    expect((await get(`/cases/${caseId}/access-log`)).json().entries.length).toBeGreaterThan(0);
  }, 300_000);

  it("a person's row stays, without the purged case, while another case of theirs is kept", async () => {
    const pnr = nextPnr();
    const old = await closedCase(pnr);
    const res = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody({ personnummer: pnr }) });
    expect(res.statusCode).toBe(201);
    const open = res.json().caseId as string;
    await h.projected(open);

    const r = await purge(years(old.closedOn, 10));
    expect(r.cases).toBeGreaterThanOrEqual(1);
    const person = await db().selectFrom('people').selectAll().where('person_key', '=', old.personKey).executeTakeFirstOrThrow();
    expect(person.open_case_id).toBe(open);
    expect(person.sealed_personnummer).not.toBeNull();
    expect(Object.keys(person.closed_periods)).not.toContain(old.caseId);
    expect((await get(`/cases/${old.caseId}`)).statusCode).toBe(410);
    expect((await get(`/cases/${open}`)).statusCode).toBe(200);
  }, 300_000);

  it('a purge that dies mid-batch leaves whole cases purged and the rest untouched; the next run continues', async () => {
    const a = await closedCase(nextPnr());
    const b = await closedCase(nextPnr());
    const asOf = years(b.closedOn, 10);
    const due = (await dueCases(db(), asOf, 10, 100)).filter((c) => c.caseId === a.caseId || c.caseId === b.caseId);
    expect(due.map((c) => c.caseId).sort()).toEqual([a.caseId, b.caseId].sort());
    // the first case purged, then the process dies inside the second case's transaction
    expect(await purgeCase(db(), due[0]!, 'crashed-run')).toBeDefined();
    await expect(
      purgeCase(db(), due[1]!, 'crashed-run', () => {
        throw new Error('worker died');
      }),
    ).rejects.toThrow('worker died');
    expect(await leftOf(due[0]!.caseId, due[0]!.personKey)).toEqual({});
    expect(await leftOf(due[1]!.caseId, due[1]!.personKey)).toMatchObject({ 'case_archive.case_id': 1, 'cases.case_id': 1 });
    expect(await db().selectFrom('purge_log').select('case_id').where('case_id', '=', due[1]!.caseId).executeTakeFirst()).toBeUndefined();

    const next = await purge(asOf);
    expect(next.cases).toBeGreaterThanOrEqual(1);
    expect(await leftOf(due[1]!.caseId, due[1]!.personKey)).toEqual({});
    const logged = await db().selectFrom('purge_log').select(['case_id', 'run_id']).where('case_id', 'in', [a.caseId, b.caseId]).execute();
    expect(Object.fromEntries(logged.map((l) => [l.case_id, l.run_id]))).toEqual({
      [due[0]!.caseId]: 'crashed-run',
      [due[1]!.caseId]: next.workflowId,
    });
  }, 300_000);

  it('a purge never runs ahead of the clock but on a test worker, and a bad date is refused', async () => {
    expect(() => purgeDate('2036-01-01', '2026-12-06', false)).toThrow(/ahead of the clock/);
    expect(purgeDate('2036-01-01', '2026-12-06', true)).toBe('2036-01-01');
    expect(purgeDate('2020-01-01', '2026-12-06', false)).toBe('2020-01-01');
    expect(purgeDate(undefined, '2026-12-06', false)).toBe('2026-12-06');
    // through the workflow: refused for good, not retried
    await expect(purge('2026-13-45')).rejects.toThrow();
  });

  it('the daily Schedule is created once, idempotently, and runs the purge (nothing due today)', async () => {
    await ensurePurgeSchedule(h.sys.env.client, h.sys.taskQueue);
    expect(await ensurePurgeSchedule(h.sys.env.client, h.sys.taskQueue)).toBe(false);
    const handle = h.sys.env.client.schedule.getHandle(PURGE_SCHEDULE_ID);
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Europe/Stockholm');
    expect(d.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] }),
    ]);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: PURGE_WORKFLOW, taskQueue: h.sys.taskQueue });
    const list = [];
    for await (const s of h.sys.env.client.schedule.list()) list.push(s.scheduleId);
    expect(list.filter((id) => id === PURGE_SCHEDULE_ID)).toHaveLength(1);

    await handle.trigger();
    const started = await waitUntil('the triggered purge to start', 60_000, async () =>
      (await handle.describe()).info.recentActions.at(-1),
    );
    const result = (await h.sys.env.client.workflow.getHandle(started.action.workflow.workflowId).result()) as PurgeResult;
    expect(result).toMatchObject({ cases: 0, people: 0, accessLogEntries: 0 });
  }, 180_000);
});
