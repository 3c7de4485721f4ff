import { describe, expect, it } from 'vitest';
import { computeStats, type CaseTimeline } from '../../domain/statistics';
import type { TimelineEvent } from '../../domain/vocabulary';

const ev = (day: number, date: string, type: TimelineEvent['type'], f: Record<string, unknown> = {}): TimelineEvent => ({
  day,
  date,
  type,
  ...f,
});

const a: CaseTimeline = {
  caseId: 'a',
  team: 'north',
  track: 'employed',
  criterion: 'employer-work',
  status: 'open',
  chainDay: 190,
  timeline: [
    ev(16, '2026-01-20', 'task.opened', { task: 'assess-rehab-need', dueDay: 60 }),
    ev(30, '2026-02-03', 'agency.requested', { agency: 'employer', request: 'return-to-work-plan' }),
    ev(30, '2026-02-03', 'agency.responded', { agency: 'employer', request: 'return-to-work-plan', via: 'oral' }),
    ev(61, '2026-03-06', 'task.overdue', { task: 'assess-rehab-need' }),
    ev(70, '2026-03-15', 'agency.requested', { agency: 'region', request: 'afu' }),
    ev(110, '2026-04-24', 'agency.responded', { agency: 'region', request: 'afu', turnaroundDays: 40 }),
    ev(120, '2026-05-04', 'meeting.held', { meeting: 'reconciliation' }),
    ev(181, '2026-07-04', 'exception.decided', { exception: 'predominant-reasons' }),
  ],
};
const b: CaseTimeline = {
  caseId: 'b',
  team: 'south',
  track: 'employed',
  criterion: 'normal-work',
  status: 'closed',
  chainDay: 200,
  timeline: [
    ev(20, '2026-01-24', 'command.recorded', { command: 'register-plan', via: 'form' }),
    ev(181, '2026-07-04', 'phase.changed', { criterion: 'normal-work' }),
    ev(200, '2026-07-23', 'case.closed', { reason: 'returned-to-work' }),
  ],
};

/** An unemployed case: on normal work from day 1; it has no day-181 test even when it runs past day 181. */
const unemployed: CaseTimeline = {
  caseId: 'u',
  team: 'north',
  track: 'unemployed',
  criterion: 'normal-work',
  status: 'open',
  chainDay: 200,
  timeline: [ev(1, '2026-01-05', 'case.opened'), ev(1, '2026-01-05', 'phase.changed', { criterion: 'normal-work' })],
};
/** An exception decided on day 170, then the person returned to work on day 175: never reached day 181. */
const returnedBefore181: CaseTimeline = {
  caseId: 'r',
  team: 'north',
  track: 'employed',
  criterion: 'employer-work',
  status: 'closed',
  chainDay: 175,
  timeline: [
    ev(1, '2026-01-05', 'case.opened'),
    ev(170, '2026-06-23', 'exception.decided', { exception: 'unreasonable' }),
    ev(175, '2026-06-28', 'case.closed', { reason: 'returned-to-work' }),
  ],
};

describe('statistics (docs/rules.md "Statistics")', () => {
  it('day 181: only cases whose chain passed day 181 in the period; no unemployed; no exception of a case that never got there', () => {
    const s = computeStats([a, b, unemployed, returnedBefore181], '2026-01-01', '2026-12-31');
    expect(s.day181).toEqual({
      reached: 2,
      stayedOnEmployerTrack: 1,
      byException: { 'predominant-reasons': 1 },
      shareStayedOnEmployerTrack: 0.5,
    });
    // day 181 of a and b is 2026-07-04: a period that ends the day before does not count them
    expect(computeStats([a, b], '2026-01-01', '2026-07-03').day181.reached).toBe(0);
    expect(computeStats([a, b], '2026-07-04', '2026-07-04').day181.reached).toBe(2);
    // a case that has not got to day 181 yet (chain day 150) does not count, even for a period around its day 181
    expect(computeStats([{ ...a, chainDay: 150 }], '2026-01-01', '2026-12-31').day181.reached).toBe(0);
  });

  it('figures per team: only the cases recorded on that team', () => {
    const north = computeStats([a, b, unemployed, returnedBefore181], '2026-01-01', '2026-12-31', 'north');
    expect(north.team).toBe('north');
    expect(north.cases).toBe(3);
    expect(north.day181.reached).toBe(1);
    expect(north.returnedToWork.count).toBe(1);
    const south = computeStats([a, b, unemployed, returnedBefore181], '2026-01-01', '2026-12-31', 'south');
    expect(south.cases).toBe(1);
    expect(south.plans.received).toBe(1);
    expect(computeStats([a, b], '2026-01-01', '2026-12-31', 'nobody').cases).toBe(0);
  });

  it('counts plans, AFU turnaround, day-181 outcomes, meetings, overdue tasks and returns to work', () => {
    const s = computeStats([a, b], '2026-01-01', '2026-12-31');
    expect(s.plans).toEqual({ requested: 1, received: 2, receivedByForm: 1, receivedOrally: 1, receivedByDay30: 2 });
    expect(s.afu).toMatchObject({ ordered: 1, reported: 1, within5Weeks: 0, within9Weeks: 1, later: 0, medianTurnaroundDays: 40 });
    expect(s.day181).toEqual({
      reached: 2,
      stayedOnEmployerTrack: 1,
      byException: { 'predominant-reasons': 1 },
      shareStayedOnEmployerTrack: 0.5,
    });
    expect(s.meetingsHeld).toEqual({ reconciliation: 1 });
    expect(s.overdueTasksOpen).toBe(1);
    expect(s.casesByCriterion).toEqual({ 'employer-work': 1 });
    expect(s.returnedToWork).toEqual({ count: 1, medianDaysToReturn: 200 });
  });

  it('counts only events inside the period', () => {
    const s = computeStats([a, b], '2026-03-01', '2026-05-31');
    expect(s.plans.received).toBe(0);
    expect(s.afu.reported).toBe(1);
    expect(s.meetingsHeld).toEqual({ reconciliation: 1 });
    expect(s.day181.reached).toBe(0);
    expect(s.returnedToWork.count).toBe(0);
  });
});
