/**
 * From a case's state to its read-model projection: a pure function, run inside the workflow
 * (deterministic, no I/O) and by the rebuild script. `projectedEvents` is how many timeline events
 * earlier projections already carried; only the rest travel again.
 */
import { dateOfChainDay } from '../domain/calendar';
import { policyOn } from '../domain/rulebook';
import { periodOf, type CaseState } from '../domain/caseMachine';
import { carriedOverOf } from '../domain/rules/relapse';
import { pendingRequests } from '../domain/pending';
import type { Agency } from '../domain/vocabulary';
import type { CaseProjection, PendingRow } from './types';

/** Whom a request to this agency is addressed to: the case's employer, its region; AF is one. */
const partyOf = (s: CaseState, agency: Agency): string | undefined =>
  agency === 'employer' ? s.employer?.orgNr : agency === 'region' ? s.region : undefined;

/**
 * What the case waits for from outside parties. Whether a request is overdue is the reader's to say
 * (it changes with the date, not with the case); the day of the case's latest event stands in for
 * today, which only dates a meeting invitation whose booking is not on the timeline.
 */
function pendingOf(s: CaseState): PendingRow[] {
  const today = s.timeline.at(-1)?.day ?? s.openedOnDay;
  return pendingRequests(s, today).map((p) => {
    const party = partyOf(s, p.agency);
    return {
      agency: p.agency,
      ...(party ? { party } : {}),
      request: p.request,
      ...(p.meeting ? { meeting: p.meeting } : {}),
      requestedOn: p.requestedOn,
      ...(p.dueOn ? { dueOn: p.dueOn } : {}),
    };
  });
}

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
    pending: pendingOf(s),
    events: s.timeline.slice(o.projectedEvents).map((event, i) => ({ seq: o.projectedEvents + i, event })),
  };
}
