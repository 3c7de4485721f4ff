/**
 * The Temporal Schedule that runs the purge (gallring, docs/records.md) once a day, at 03:15
 * Swedish time, when the agency's systems are quiet. Created by every worker when it starts
 * (worker/main.ts): the worker is the one process every topology runs (npm start, start:cluster,
 * docker compose, a production deployment) and the one that serves the purge, so the Schedule
 * exists wherever something can run it, without a separate setup step. Idempotent: a second worker
 * (or a restart) finds it there and brings its spec and action up to date; two daily runs can never
 * overlap (SKIP), and a missed day (server down) is caught up within a day.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { PURGE_SCHEDULE_ID, PURGE_WORKFLOW } from '../platform/temporalNames';

const options = (taskQueue: string) =>
  ({
    scheduleId: PURGE_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, minute: 15, comment: 'daily purge (gallring)' }], timezone: 'Europe/Stockholm' },
    action: { type: 'startWorkflow', workflowType: PURGE_WORKFLOW, workflowId: PURGE_SCHEDULE_ID, taskQueue, args: [{}] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  }) satisfies ScheduleOptions;

/** Creates the daily purge's Schedule, or updates the one there; true when this call created it. */
export async function ensurePurgeSchedule(client: Client, taskQueue: string): Promise<boolean> {
  const o = options(taskQueue);
  try {
    await client.schedule.create(o);
    return true;
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(PURGE_SCHEDULE_ID)
      .update((prev) => ({ ...prev, spec: o.spec, action: o.action, policies: o.policies }));
    return false;
  }
}
