/**
 * The figures a supervisor follows up (docs/rules.md, "Statistics"), computed from case timelines
 * only: nothing personal goes in or comes out. An event counts in a period when its date is within
 * [from, to]; figures can be asked for one team (the team recorded on the case).
 *
 * Day-181 outcomes (source: the national audit office's key figure, the share of day-181 cases that
 * stay on the employer track): a case counts when its chain actually passed day 181 inside the
 * period, on a track that has a day-181 test (not the unemployed, assessed against normal work from
 * day 1). Its outcome is the exception decided on it by the end of the period, if any; an exception
 * on a case that never reaches day 181 is not a day-181 outcome.
 */
import { addDays, type IsoDate } from './calendar';
import { policyOn, type Track } from './rulebook';
import type { TimelineEvent } from './vocabulary';

export interface CaseTimeline {
  caseId: string;
  caseworkerId?: string;
  team?: string;
  track: Track;
  criterion: string;
  status: 'open' | 'closed';
  /** the chain day the case has reached (its closing day once closed) */
  chainDay: number;
  timeline: TimelineEvent[];
}

/** The date of chain day 181 (the first day of the normal-work test) if the case's chain passed it, on a track with that test. */
function passedDay181On(c: CaseTimeline): IsoDate | undefined {
  const anchor = c.timeline[0];
  if (c.track === 'unemployed' || !anchor) return undefined;
  const day181 = policyOn(anchor.date).normalWorkFromDay;
  return c.chainDay >= day181 ? addDays(anchor.date, day181 - anchor.day) : undefined;
}

export interface Stats {
  from: IsoDate;
  to: IsoDate;
  team?: string;
  cases: number;
  meetingsHeld: Record<string, number>;
  meetingsScheduled: Record<string, number>;
  plans: { requested: number; received: number; receivedByForm: number; receivedOrally: number; receivedByDay30: number };
  afu: {
    ordered: number;
    reported: number;
    within5Weeks: number;
    within9Weeks: number;
    later: number;
    medianTurnaroundDays: number | null;
  };
  day181: {
    reached: number;
    stayedOnEmployerTrack: number;
    byException: Record<string, number>;
    shareStayedOnEmployerTrack: number | null;
  };
  overdueTasksOpen: number;
  casesByCriterion: Record<string, number>;
  returnedToWork: { count: number; medianDaysToReturn: number | null };
}

const inPeriod = (e: TimelineEvent, from: IsoDate, to: IsoDate): boolean => e.date >= from && e.date <= to;
const inc = (r: Record<string, number>, k: string): void => {
  r[k] = (r[k] ?? 0) + 1;
};

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function computeStats(all: readonly CaseTimeline[], from: IsoDate, to: IsoDate, team?: string): Stats {
  const cases = team === undefined ? all : all.filter((c) => c.team === team);
  const st: Stats = {
    from,
    to,
    ...(team !== undefined ? { team } : {}),
    cases: cases.length,
    meetingsHeld: {},
    meetingsScheduled: {},
    plans: { requested: 0, received: 0, receivedByForm: 0, receivedOrally: 0, receivedByDay30: 0 },
    afu: { ordered: 0, reported: 0, within5Weeks: 0, within9Weeks: 0, later: 0, medianTurnaroundDays: null },
    day181: { reached: 0, stayedOnEmployerTrack: 0, byException: {}, shareStayedOnEmployerTrack: null },
    overdueTasksOpen: 0,
    casesByCriterion: {},
    returnedToWork: { count: 0, medianDaysToReturn: null },
  };
  const turnarounds: number[] = [];
  const daysToReturn: number[] = [];
  for (const c of cases) {
    if (c.status === 'open') inc(st.casesByCriterion, c.criterion);
    const open = new Map<string, number>();
    const day181 = passedDay181On(c);
    const reached181 = day181 !== undefined && day181 >= from && day181 <= to;
    let exception: string | undefined;
    for (const e of c.timeline) {
      if (e.type === 'exception.decided' && e.date <= to) exception = String(e.exception);
      if (e.type === 'task.opened') open.set(String(e.task), (open.get(String(e.task)) ?? 0) + 1);
      if (e.type === 'task.completed') open.set(String(e.task), (open.get(String(e.task)) ?? 1) - 1);
      if (!inPeriod(e, from, to)) continue;
      switch (e.type) {
        case 'meeting.held':
          inc(st.meetingsHeld, String(e.meeting));
          break;
        case 'meeting.scheduled':
          inc(st.meetingsScheduled, String(e.meeting));
          break;
        case 'agency.requested':
          if (e.request === 'return-to-work-plan') st.plans.requested++;
          if (e.request === 'afu') st.afu.ordered++;
          break;
        case 'agency.responded':
          if (e.request === 'afu') {
            st.afu.reported++;
            const t = Number(e.turnaroundDays);
            if (Number.isFinite(t)) {
              turnarounds.push(t);
              const { normal, extended } = policyOn(e.date).afuReportDays;
              if (t <= normal) st.afu.within5Weeks++;
              else if (t <= extended) st.afu.within9Weeks++;
              else st.afu.later++;
            }
          }
          break;
        case 'case.closed':
          if (e.reason === 'returned-to-work') {
            st.returnedToWork.count++;
            daysToReturn.push(e.day);
          }
          break;
        default:
      }
      // plans: registered with or without a request ("received (form or orally)")
      const isPlan =
        (e.type === 'agency.responded' && e.request === 'return-to-work-plan') ||
        (e.type === 'command.recorded' && e.command === 'register-plan');
      if (isPlan) {
        st.plans.received++;
        if (e.via === 'oral') st.plans.receivedOrally++;
        else st.plans.receivedByForm++;
        const planDay = policyOn(e.date).plan?.requestDay;
        if (planDay !== undefined && e.day <= planDay) st.plans.receivedByDay30++;
      }
    }
    if (reached181) {
      st.day181.reached++;
      if (exception) {
        st.day181.stayedOnEmployerTrack++;
        inc(st.day181.byException, exception);
      }
    }
    const overdue = c.timeline.filter((e) => e.type === 'task.overdue').map((e) => String(e.task));
    for (const t of new Set(overdue)) if ((open.get(t) ?? 0) > 0 && c.status === 'open') st.overdueTasksOpen++;
  }
  st.day181.shareStayedOnEmployerTrack = st.day181.reached ? st.day181.stayedOnEmployerTrack / st.day181.reached : null;
  st.afu.medianTurnaroundDays = median(turnarounds);
  st.returnedToWork.medianDaysToReturn = median(daysToReturn);
  return st;
}
