/**
 * The archive write survives a worker that dies at the worst moment (docs/records.md): the worker
 * process is killed right after it has written a closed case's record and before Temporal hears the
 * write is done (FAULT_INJECTION=exit-after-archive-write). A new worker retries the write, the case
 * completes, and the record is there once, as first written, whole. Real processes, on the dev
 * server (`npm test`) and on the cluster topology (`npm run test:cluster`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { caseWorkflowId } from '../../workflows/definitions';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { examplePeople } from '../../harness/exampleIdentities';
import { SystemClient, SystemProcesses, topology } from '../../harness';

let sys: SystemProcesses;
let client: Client;
let db: ReadModelDb;
let token: string;

beforeAll(async () => {
  sys = new SystemProcesses('sjukfall-archive-');
  await Promise.all([sys.startTemporal(), sys.startReadModel()]);
  await sys.startService('stubs');
  await new SystemClient(sys.apiUrl, sys.stubsUrl, '').setBehaviour({ latencyMs: [0, 2], callbacks: false });
  client = await sys.temporal();
  db = await openReadModel({ url: sys.config.databaseUrl, migrate: false });
  token = sys.token({ sub: 'hk-1', role: 'caseworker' });
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await sys?.stopAll();
}, 60_000);

const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  fetch(`${sys.apiUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

it(`the worker killed between the archive write and completion: written once, complete (${topology} topology)`, async () => {
  sys.env.FAULT_INJECTION = 'exit-after-archive-write';
  try {
    await sys.startService('worker');
  } finally {
    delete sys.env.FAULT_INJECTION;
  }
  await sys.startService('api'); // (healthy once a worker polls)
  const opened = await api('POST', '/cases', {
    personnummer: examplePeople(0)(),
    employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
    firstSickDay: addDays(stockholmDateOf(Date.now()), -20),
  });
  expect(opened.status).toBe(201);
  const { caseId } = (await opened.json()) as { caseId: string };
  expect((await api('POST', `/cases/${caseId}/commands/report-return-to-work`, { extent: 'full' })).status).toBe(200);

  // the worker dies by its own hand right after the write
  const died = await sys.services.get('worker')!.exited;
  expect(died.code !== 0 || died.signal !== null).toBe(true);
  await sys.stop('worker', 'SIGKILL');
  const first = await db.selectFrom('case_archive').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  expect((await handle.describe()).status.name).toBe('RUNNING');

  await sys.startService('worker');
  await handle.result();
  const rows = await db.selectFrom('case_archive').selectAll().where('case_id', '=', caseId).execute();
  expect(rows).toHaveLength(1);
  expect(rows[0]!.written_at).toEqual(first.written_at);
  expect(rows[0]!.sealed).toBe(first.sealed);
  // the archive write was tried twice (the first attempt's worker died), the record is the first one, whole
  const history = (await handle.fetchHistory()).events ?? [];
  const attempts = history
    .filter((e) => e.activityTaskStartedEventAttributes)
    .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);

  const read = (await (await api('GET', `/cases/${caseId}`)).json()) as { status: string; archived?: boolean };
  expect(read).toMatchObject({ status: 'closed', archived: true });
  const timeline = (await (await api('GET', `/cases/${caseId}/timeline`)).json()) as { timeline: { type: string }[] };
  expect(timeline.timeline.some((e) => e.type === 'case.closed')).toBe(true);
  expect(first.history_events).toBeGreaterThan(5);
});
