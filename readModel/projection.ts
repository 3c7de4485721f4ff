/**
 * From a case's state to its read-model projection: a pure function, run inside the workflow
 * (deterministic, no I/O) and by the rebuild script. `projectedEvents` is how many timeline events
 * earlier projections already carried; only the rest travel again.
 */
import { dateOfChainDay } from '../domain/calendar';
import { policyOn } from '../domain/rulebook';
import { periodOf, type CaseState } from '../domain/caseMachine';
import { carriedOverOf } from '../domain/rules/relapse';
import type { CaseProjection } from './types';

export function projectionOf(s: CaseState, o: { version: number; projectedEvents: number; stuck: boolean }): CaseProjection {
  const open = s.tasks.filter((t) => t.status === 'open');
  const soonest = open.length ? Math.min(...open.map((t) => t.dueDay)) : undefined;
  const period = periodOf(s);
  const team = s.team;
  const openedOn = dateOfChainDay(s.clock, s.openedOnDay);
  // the statistics' day-181 test: on a track that has it, the date chain day 181 begins
  const day181 = s.track === 'unemployed' ? undefined : dateOfChainDay(s.clock, policyOn(openedOn).normalWorkFromDay);
  return {
    version: o.version,
    summary: {
      caseId: s.caseId,
      personKey: s.personKey,
      status: s.status,
      track: s.track,
      criterion: s.criterion,
      ...(s.caseworkerId ? { caseworkerId: s.caseworkerId } : {}),
      ...(team ? { team } : {}),
      firstSickDay: s.clock.firstSickDay,
      priorDays: s.clock.priorDays,
      openedOn,
      ...(s.closedDay !== undefined ? { closedOn: dateOfChainDay(s.clock, s.closedDay) } : {}),
      ...(s.closeReason ? { closeReason: s.closeReason } : {}),
      ...(period ? { period, carriedOver: carriedOverOf(s) } : {}),
      ...(s.exception ? { exception: s.exception.exception, exceptionOn: dateOfChainDay(s.clock, s.exception.day) } : {}),
      ...(day181 ? { day181On: day181 } : {}),
      ...(soonest !== undefined ? { nextDeadline: dateOfChainDay(s.clock, soonest) } : {}),
      overdueTasks: open.filter((t) => t.overdue).length,
      stuck: o.stuck,
    },
    openTasks: open.map((t) => ({
      taskId: t.id,
      task: t.task,
      dueDay: t.dueDay,
      dueDate: dateOfChainDay(s.clock, t.dueDay),
      overdue: t.overdue,
      ...(t.criterion ? { criterion: t.criterion } : {}),
    })),
    events: s.timeline.slice(o.projectedEvents).map((event, i) => ({ seq: o.projectedEvents + i, event })),
  };
}
