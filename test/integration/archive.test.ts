/**
 * Closed cases stay readable (docs/records.md): a case that closes writes its whole record, sealed,
 * beside the read model before its workflow completes; after Temporal has removed the workflow
 * (`temporal workflow delete`, as namespace retention would) the API reads it back whole. Every read
 * is in the access log, and a read whose entry cannot be written fails. Runs on the dev server in
 * `npm test` and on the cluster topology in `npm run test:cluster`.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { caseQuery, caseWorkflowId, timelineQuery } from '../../workflows/definitions';
import { temporalCliPath } from '../../platform/temporalBinaries';
import { openReadModel } from '../../readModel/connect';
import { payloadDecoder } from '../../activities/archive';
import { historyEntries } from '../../workflows/historyEntries';
import { bearer, buildTestApp, caseworker, openBody, startApi, supervisor, type ApiHarness } from '../../harness/api';
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

const get = (url: string, headers = supervisor) => app.inject({ url, headers });

/** Open a case and close it by a full return to work; resolves when its workflow has completed. */
async function closedCase(pnr?: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody(pnr ? { personnummer: pnr } : {}) });
  expect(res.statusCode).toBe(201);
  const caseId = res.json().caseId as string;
  expect((await h.command(caseId, 'report-return-to-work', { extent: 'full' })).statusCode).toBe(200);
  await h.sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).result();
  return caseId;
}

/** What Temporal's CLI does when retention runs out, done now (the server deletes in the background: up to a minute or two on a busy machine). */
async function deleteWorkflow(caseId: string): Promise<void> {
  execFileSync(
    temporalCliPath(),
    [
      ...['workflow', 'delete', '--yes', '--address', h.sys.temporalAddress],
      ...['--namespace', h.sys.env.client.options.namespace, '--workflow-id', caseWorkflowId(caseId)],
    ],
    {
      stdio: 'pipe',
    },
  );
  await waitUntil('the workflow to be gone from Temporal', 120_000, async () => {
    try {
      await h.sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
      return undefined;
    } catch (err) {
      return err instanceof WorkflowNotFoundError ? true : undefined;
    }
  });
}

describe(`archive at close (${topology} topology)`, () => {
  it('a closed case reads back whole after its workflow is deleted: state, timeline, history lines; sealed at rest', async () => {
    const caseId = await closedCase();
    const handle = h.sys.env.client.workflow.getHandle(caseWorkflowId(caseId));
    // what the workflow itself answers, before Temporal forgets it
    const liveView = await handle.query(caseQuery, { sub: 'chef-1', role: 'supervisor' });
    const liveTimeline = await handle.query(timelineQuery);
    const liveLines = await historyEntries((await handle.fetchHistory()).events ?? [], payloadDecoder(h.sys.env.client));

    const row = await h.sys.readModel.db.selectFrom('case_archive').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    // sealed: nothing of the record readable in the database
    const raw = `${row.sealed} ${Buffer.from(row.sealed.slice(row.sealed.lastIndexOf(':') + 1), 'base64').toString('latin1')}`;
    for (const clear of ['returned-to-work', 'case.closed', caseId, 'hk-1']) expect(raw).not.toContain(clear);

    await deleteWorkflow(caseId);

    const view = await get(`/cases/${caseId}`);
    expect(view.statusCode).toBe(200);
    // (whose case it is comes from the read model and the population register, beside the record)
    expect(view.json()).toEqual({
      ...JSON.parse(JSON.stringify(liveView)),
      archived: true,
      person: expect.objectContaining({ protectedIdentity: false }),
    });
    expect(view.json()).toMatchObject({ status: 'closed', closeReason: 'returned-to-work' });

    const timeline = await get(`/cases/${caseId}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().timeline).toEqual(JSON.parse(JSON.stringify(liveTimeline)));
    expect(timeline.json().timeline.some((e: { type: string }) => e.type === 'case.closed')).toBe(true);

    const history = await get(`/cases/${caseId}/history?pageSize=500`);
    expect(history.statusCode).toBe(200);
    const { entries: lines, total } = history.json();
    // the history up to the archive write: every line the workflow had then, the same
    expect(total).toBeLessThanOrEqual(row.history_events);
    expect(lines).toEqual(liveLines.slice(0, total));
    expect(lines[0].kind).toBe('case-opened');
    expect(
      lines.some((l: { kind: string; command?: string }) => l.kind === 'command-accepted' && l.command === 'report-return-to-work'),
    ).toBe(true);
    expect(lines.at(-1)).toMatchObject({ kind: 'request-scheduled', request: 'archiveCase' });

    // the web page of the case falls back too (the web app reads through the API)
    expect((await get(`/cases/${caseId}/timeline`, caseworker)).statusCode).toBe(200);
  }, 240_000);

  it("Temporal's own retention of closed cases is the documented one: 24 h on the dev server, 30 days on the cluster", async () => {
    const ns = await h.sys.env.client.workflowService.describeNamespace({ namespace: h.sys.env.client.options.namespace });
    expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(topology === 'cluster' ? 30 * 86_400 : 86_400);
  });

  it('a case that never existed is still 404', async () => {
    const res = await get('/cases/00000000-0000-0000-0000-000000000000');
    expect(res.statusCode).toBe(404);
  });
});

describe(`access log (${topology} topology)`, () => {
  it('every read of a case, its timeline and history, and every person search is logged (who, role, team, what); supervisors read it', async () => {
    const pnr = openBody().personnummer as string;
    const caseId = await closedCase(pnr);
    const reader = bearer({ sub: 'hk-77', role: 'caseworker', team: 'team-syd' });
    await get(`/cases/${caseId}`, reader);
    await get(`/cases/${caseId}/timeline`, reader);
    await get(`/cases/${caseId}/history`);
    const search = await app.inject({ method: 'POST', url: '/cases/search', headers: reader, payload: { personnummer: pnr } });
    expect(search.statusCode).toBe(200);

    expect((await get(`/cases/${caseId}/access-log`, caseworker)).statusCode).toBe(403);
    const log = await get(`/cases/${caseId}/access-log`);
    expect(log.statusCode).toBe(200);
    const entries = log.json().entries as { sub: string; role: string; team: string | null; what: string; caseId: string; at: string }[];
    expect(entries.map((e) => `${e.sub}/${e.role}/${e.team}/${e.what}`).reverse()).toEqual(
      expect.arrayContaining(['hk-77/caseworker/team-syd/case', 'hk-77/caseworker/team-syd/timeline', 'chef-1/supervisor/null/history']),
    );
    expect(entries.every((e) => e.caseId === caseId && !Number.isNaN(Date.parse(e.at)))).toBe(true);

    const mine = await get(`/access-log?sub=hk-77`);
    expect(mine.statusCode).toBe(200);
    const whats = (mine.json().entries as { what: string }[]).map((e) => e.what);
    expect(whats).toEqual(expect.arrayContaining(['case', 'timeline', 'person-search']));
    expect((await get(`/access-log?sub=hk-77&from=2000-01-01&to=2000-01-02`)).json().entries).toEqual([]);
    expect((await get(`/access-log?sub=hk-77&from=nonsense`)).statusCode).toBe(400);

    // never the personnummer, in any form
    const all = await h.sys.readModel.db.selectFrom('access_log').selectAll().execute();
    const digits = pnr.replace(/\D/g, '');
    expect(JSON.stringify(all)).not.toContain(digits.slice(2));
  });

  it('concurrent reads each get their own entry (written together, each read served after its entry)', async () => {
    const caseId = await h.openCase();
    const readers = Array.from({ length: 8 }, (_, i) => `hk-c${i}`);
    const reads = await Promise.all(readers.map((sub) => get(`/cases/${caseId}`, bearer({ sub, role: 'caseworker' }))));
    expect(reads.map((r) => r.statusCode)).toEqual(readers.map(() => 200));
    const rows = await h.sys.readModel.db.selectFrom('access_log').select(['sub', 'what']).where('case_id', '=', caseId).execute();
    expect(
      rows
        .filter((r) => r.what === 'case')
        .map((r) => r.sub)
        .sort(),
    ).toEqual([...readers].sort());
  });

  it('entries are never changed or deleted before their retention', async () => {
    const caseId = await closedCase();
    await get(`/cases/${caseId}`);
    const db = h.sys.readModel.db;
    await expect(db.updateTable('access_log').set({ sub: 'someone-else' }).where('case_id', '=', caseId).execute()).rejects.toThrow(
      /never changed/,
    );
    await expect(db.deleteFrom('access_log').where('case_id', '=', caseId).execute()).rejects.toThrow(/kept until/);
    expect((await db.selectFrom('access_log').select('sub').where('case_id', '=', caseId).execute()).length).toBeGreaterThan(0);
  });

  it('a read whose access-log entry cannot be written fails (503), though Temporal could answer it', async () => {
    const caseId = await h.openCase();
    // the read model's database is down: a pool to a port nobody listens on
    const down = await openReadModel({ url: 'postgres://postgres@127.0.0.1:1/postgres?sslmode=disable', migrate: false });
    const cut = await buildTestApp(h.sys, { readModel: down });
    try {
      const res = await cut.inject({ url: `/cases/${caseId}`, headers: supervisor });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('ACCESS_LOG_UNAVAILABLE');
      expect(res.body).not.toContain('openTasks');
      expect((await cut.inject({ url: `/cases/${caseId}/timeline`, headers: supervisor })).statusCode).toBe(503);
      // and the same read with the log up is served
      expect((await app.inject({ url: `/cases/${caseId}`, headers: supervisor })).statusCode).toBe(200);
    } finally {
      await cut.close();
      await down.destroy();
    }
  });
});
