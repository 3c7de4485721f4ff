/**
 * Keeps the SQL read model in step with the case: after every change the workflow projects the
 * case's summary, open tasks and new timeline events through a local activity (one marker event
 * in history per projection, and the command's reply waits for it, so a list read right after a
 * command already shows it; while the read model is down it does not wait, see below). One projection at a time, always of the newest state; what was
 * projected (version, event count) travels across continue-as-new.
 */
import { condition, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseState } from '../domain/caseMachine';
import type { ReadModelActivities } from '../activities/readModel';
import { projectionOf } from '../readModel/projection';
import { readModelPatch } from './patches';

// A failed attempt is retried on a workflow timer (localRetryThreshold 0), not inside the workflow
// task: the task, and with it the reply to the command that caused the change, completes at once
// while the read model is down, and the projection catches up when it is back (at most a minute
// later). The worker fails attempts at once while it knows the database is down (activities/readModel.ts).
const { projectCase } = proxyLocalActivities<ReadModelActivities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: 0,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Where the read model stands for a case: carried over by continue-as-new. */
export interface ProjectionMark {
  version: number;
  projectedEvents: number;
}

export function createProjector(state: CaseState, isStuck: () => boolean, from: ProjectionMark = { version: 0, projectedEvents: 0 }) {
  const mark: ProjectionMark = { ...from };
  let wanted = 0; // bumped on every change
  let done = 0;
  let running = false;
  let lastProjected = '';

  async function run(): Promise<void> {
    running = true;
    try {
      while (done < wanted) {
        const target = wanted;
        const p = projectionOf(state, { version: mark.version + 1, projectedEvents: mark.projectedEvents, stuck: isStuck() });
        // a wake-up that changed nothing the read model shows costs no projection
        const fingerprint = JSON.stringify([p.summary, p.openTasks, p.events.length]);
        if (fingerprint === lastProjected && p.events.length === 0) {
          done = target;
          continue;
        }
        await projectCase({ ...p, changedAt: Date.now() });
        lastProjected = fingerprint;
        mark.version = p.version;
        mark.projectedEvents += p.events.length;
        done = target;
      }
    } finally {
      running = false;
    }
  }

  return {
    /** The case changed: project it (now, or as soon as the projection under way has finished). */
    changed(): void {
      // Cases whose history began before the read model existed start projecting (their whole
      // timeline) at their next activation; replaying their old history schedules nothing.
      if (!readModelPatch()) return;
      wanted += 1;
      if (!running) void run();
    },
    async drained(): Promise<void> {
      await condition(() => done === wanted && !running);
    },
    mark: (): ProjectionMark => ({ ...mark }),
    /** everything the read model holds of the case, as of the last projection (for a rebuild) */
    whole: () => projectionOf(state, { version: mark.version, projectedEvents: 0, stuck: isStuck() }),
  };
}
