/**
 * Issue 26, item 5: the read model down must not stall commands. A worker reaches the read model
 * through a TCP proxy the test cuts and freezes (the dev server, the real worker and activities).
 * While the database is away a command is answered in the workflow task that applied it (the
 * projection's failed attempt is retried on a workflow timer, not inside the task), the worker
 * reports the lag, and the projection catches up once the database is back.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import { dataConverter } from '../../platform/codec';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { createCaseWorker } from '../../worker/createWorker';
import { projectionHealth, type ProjectionHealth } from '../../activities/readModel';
import { caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import {
  PREBUILT_WORKFLOW_BUNDLE,
  startCaseOnChainDay,
  startTcpProxy,
  startTestSystem,
  waitUntil,
  type TcpProxy,
  type TestSystem,
} from '../../harness';

const EventType = temporal.api.enums.v1.EventType;
const caseworker = { sub: 'hk-1', role: 'caseworker' as const };

let sys: TestSystem;
let proxy: TcpProxy;
let db: ReadModelDb;
let worker: Worker;
let running: Promise<void>;
const health: ProjectionHealth = projectionHealth();
const taskQueue = `outage-${crypto.randomUUID()}`;

beforeAll(async () => {
  sys = await startTestSystem({ kind: 'local', workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE });
  const target = new URL(sys.readModel.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  target.port = String(proxy.port);
  db = await openReadModel({ url: target.toString(), migrate: false, poolSize: 2 });
  worker = await createCaseWorker({
    connection: sys.env.nativeConnection,
    namespace: sys.env.namespace,
    taskQueue,
    dataConverter: dataConverter(sys.keys),
    agencies: { agenciesUrl: sys.stubsUrl, timeoutMs: 5_000 },
    workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE,
    readModel: db,
    payloadKeys: sys.keys,
    projectionHealth: health,
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  proxy?.restore();
  worker?.shutdown();
  await running;
  await db?.destroy();
  await proxy?.close();
  await sys?.stop();
}, 60_000);

const version = async (caseId: string) =>
  (await sys.readModel.db.selectFrom('cases').select('version').where('case_id', '=', caseId).executeTakeFirst())?.version ?? 0;

async function openCase() {
  const caseId = crypto.randomUUID().replace(/-/g, '');
  const opening = {
    caseId,
    personKey: `pk-${caseId}`,
    track: 'employed' as const,
    employer: { orgNr: '556036-0793' },
    firstSickDay: '2026-01-05',
    priorDays: 0,
    previousPeriods: [],
    expectedDurationDays: 30,
  };
  const { handle } = await startCaseOnChainDay({ ...sys, taskQueue }, opening, 16, caseWorkflowId(caseId));
  await waitUntil('the case reached the read model', 30_000, async () => (await version(caseId)) > 0);
  return { caseId, handle };
}

/** The events of the workflow task that completed the update: from its WorkflowTaskCompleted to the update's completion. */
async function taskThatCompleted(handle: Awaited<ReturnType<typeof openCase>>['handle']) {
  const events = (await handle.fetchHistory()).events ?? [];
  const last = (type: number) => events.map((e) => e.eventType).lastIndexOf(type);
  const done = last(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  const accepted = last(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  if (process.env.DUMP_HISTORY) console.log(events.map((e) => EventType[e.eventType!]).join('\n'));
  return { events, done, accepted };
}

describe.each(['cut', 'freeze'] as const)('the read model %s', (fault) => {
  it('a command is answered in the task that applied it; the lag shows, and the projection catches up when the database is back', async () => {
    const { caseId, handle } = await openCase();
    const before = await version(caseId);
    proxy[fault]();
    try {
      await handle.executeUpdate(commandUpdates['register-sick-report'], { args: [{ input: {}, actor: caseworker }] });
      const { events, done, accepted } = await taskThatCompleted(handle);
      // accepted and completed by one workflow task: no task in between (a heartbeat while the projection retried)
      const between = events.slice(accepted, done).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      expect(between).toHaveLength(0);
      // the failed projection waits on a timer for its next attempt
      await waitUntil('a retry timer for the projection', 30_000, async () =>
        ((await handle.fetchHistory()).events ?? []).slice(done).some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
      );
      expect(await version(caseId)).toBe(before);
      expect(health.down()).toBe(true);
      expect(health.failures).toBeGreaterThan(0);
      await waitUntil('the lag reported', 10_000, async () => health.lagSeconds() > 0);
    } finally {
      proxy.restore();
    }
    await waitUntil('the projection caught up', 90_000, async () => (await version(caseId)) > before);
    await waitUntil('the lag back to 0', 10_000, async () => health.lagSeconds() === 0 && !health.down());
  });
});
