/**
 * One sick-leave case as a pure state machine: DOMAIN.md §3–§7 made executable.
 *
 * The Temporal workflow (workflows/case.ts) owns time and side effects; this module owns every rule.
 * - `openCase` builds the initial state;
 * - `advance(state, today)` handles everything that has come due up to a chain day (milestones,
 *   overdue tasks, reminders, the benefit's end), earliest first, so a late-opened case catches up
 *   in order;
 * - `applyCommand` validates and applies one caseworker/agency command (a rejected one changes nothing);
 * - `applyAgencyResponse` records what an agency answered to a request;
 * - `nextDueDay` says when the workflow must wake up next (no daily polling).
 * Every change appends DOMAIN.md §8 timeline events and, where an agency must be asked, an
 * `AgencyRequest` to the outbox that the workflow performs through an activity.
 *
 * Rules chosen where DOMAIN.md is silent are marked "Rule:".
 */
import {
  chainDayOfDate,
  dateOfChainDay,
  daysBetween,
  type ChainClock,
  type IsoDate,
  type Period,
} from './calendar';
import { COMMAND_ROLES, AF_MEETINGS, type CommandInput, type CommandName } from './commands';
import { isParty } from './parties';
import {
  criterionOn,
  exceptionApplies,
  isNormalWork,
  phaseBoundaries,
  policyOn,
  RULEBOOK,
  type Criterion,
  type ExceptionKind,
  type Policy,
  type Track,
} from './rulebook';
import type {
  Actor,
  Agency,
  AgencyRequestName,
  ConsentScope,
  EventType,
  MeetingType,
  TaskName,
  TimelineEvent,
} from './vocabulary';

export interface Employer {
  orgNr: string;
  name?: string;
}

/** What the workflow is started with. No personnummer: only its keyed hash. */
export interface CaseOpening {
  caseId: string;
  personKey: string;
  track: Track;
  employer?: Employer;
  firstSickDay: IsoDate;
  priorDays: number;
  previousPeriods: Period[];
  expectedDurationDays?: number;
  caseworkerId?: string;
  /** the healthcare region's county code, if known when the case is opened */
  region?: string;
  /** chain day on which FK opens the case (from the clock at start) */
  openedOnDay: number;
  openedBy?: Actor;
}

export interface Task {
  id: number;
  task: TaskName;
  openedDay: number;
  dueDay: number;
  /** cancelled: still open when the case closed (nobody has to do it any more) */
  status: 'open' | 'completed' | 'cancelled';
  overdue: boolean;
  criterion?: Criterion;
  /** the AFU order a follow-up belongs to */
  orderId?: number;
}

export interface AgencyRequest {
  /** idempotency key: the stub performs a request once per key however often it is retried */
  key: string;
  caseId: string;
  agency: Agency;
  request: AgencyRequestName;
  day: number;
  requestedOn: IsoDate;
  orgNr?: string;
  /** for the region: its county code, so the answer can be sent as that region */
  region?: string;
  /** for meeting bookings: the last acceptable date */
  latestDate?: IsoDate;
}

export interface AgencyResponse {
  reference?: string;
  slot?: IsoDate;
  acknowledged?: boolean;
}

interface AfuOrder {
  id: number;
  orderedDay: number;
  dueDay: number;
  extended: boolean;
  reportedDay?: number;
  remindedDay?: number;
}

interface Meeting {
  id: number;
  meeting: MeetingType;
  date: IsoDate;
  status: 'scheduled' | 'held';
}

interface PendingDecision {
  decision: 'first-normal-work' | 'end-benefit';
  criterion: Criterion;
  outcome: 'reduced' | 'not-reduced';
  degree?: number;
  proposedBy: { sub: string; role: string };
  proposedDay: number;
}

export interface Note {
  day: number;
  kind: string;
  text: string;
}

export interface CaseState {
  caseId: string;
  personKey: string;
  track: Track;
  employer?: Employer;
  region?: string;
  clock: ChainClock;
  previousPeriods: Period[];
  openedOnDay: number;
  caseworkerId?: string;
  status: 'open' | 'closed';
  closeReason?: string;
  closedDay?: number;
  /** the chain day up to which everything due has been handled */
  handledThrough: number;
  /** fixed milestones already handled (chain days) */
  milestonesDone: number[];
  criterion: Criterion;
  exception?: { exception: ExceptionKind; day: number };
  degree: number;
  expectedDurationDays?: number;
  certificates: { from: IsoDate; to: IsoDate; degree: number }[];
  sickReport: { requestedDay?: number; registeredDay?: number };
  plan: { requestedDay?: number; reminderDay?: number; escalatedDay?: number; registeredDay?: number; via?: string };
  afuOrders: AfuOrder[];
  completionRequests: { id: number; requestedDay: number; answeredDay?: number }[];
  consents: Partial<Record<ConsentScope, { given: boolean; day: number }>>;
  meetings: Meeting[];
  pendingDecision?: PendingDecision;
  normalWorkApproved: boolean;
  benefit?: { approvedDay: number; endsOnDay: number };
  tasks: Task[];
  seq: number;
  /** free text (may hold health information): kept out of the timeline and of every log */
  notes: Note[];
  timeline: TimelineEvent[];
  /** agency requests decided but not yet handed to the workflow */
  outbox: AgencyRequest[];
}

export type Rejection = { code: string; message: string; status: 400 | 403 | 404 | 409 };
export type CommandResult = { ok: true; state: CaseState } | { ok: false; rejection: Rejection };

const reject = (status: Rejection['status'], code: string, message: string): CommandResult => ({
  ok: false,
  rejection: { status, code, message },
});

// ---------------------------------------------------------------------------------------------
// small helpers

const policyForDay = (s: CaseState, day: number): Policy => policyOn(dateOfChainDay(s.clock, day));

function emit(s: CaseState, day: number, type: EventType, fields: Record<string, unknown> = {}, actor?: Actor): void {
  const e: TimelineEvent = { day, date: dateOfChainDay(s.clock, day), type, ...fields };
  if (actor) e.actor = { sub: actor.sub, role: actor.role };
  s.timeline.push(e);
}

function requestAgency(
  s: CaseState,
  day: number,
  agency: Agency,
  request: AgencyRequestName,
  extra: { latestDate?: IsoDate; fields?: Record<string, unknown>; actor?: Actor } = {},
): void {
  s.seq += 1;
  const r: AgencyRequest = {
    key: `${s.caseId}:${s.seq}`,
    caseId: s.caseId,
    agency,
    request,
    day,
    requestedOn: dateOfChainDay(s.clock, day),
  };
  if (agency === 'employer' && s.employer) r.orgNr = s.employer.orgNr;
  if (agency === 'region' && s.region) r.region = s.region;
  if (extra.latestDate) r.latestDate = extra.latestDate;
  s.outbox.push(r);
  emit(s, day, 'agency.requested', { agency, request, ...extra.fields }, extra.actor);
}

function openTask(
  s: CaseState,
  day: number,
  task: TaskName,
  dueDay: number,
  extra: { criterion?: Criterion; orderId?: number; actor?: Actor } = {},
): Task {
  s.seq += 1;
  const t: Task = { id: s.seq, task, openedDay: day, dueDay, status: 'open', overdue: false };
  if (extra.criterion) t.criterion = extra.criterion;
  if (extra.orderId !== undefined) t.orderId = extra.orderId;
  s.tasks.push(t);
  emit(s, day, 'task.opened', { task, dueDay, ...(extra.criterion ? { criterion: extra.criterion } : {}) }, extra.actor);
  return t;
}

const findOpen = (s: CaseState, task: TaskName): Task | undefined =>
  s.tasks.find((t) => t.task === task && t.status === 'open');

function completeTask(s: CaseState, day: number, t: Task, actor?: Actor, fields: Record<string, unknown> = {}): void {
  t.status = 'completed';
  emit(s, day, 'task.completed', { task: t.task, ...fields }, actor);
}

function completeIfOpen(s: CaseState, day: number, task: TaskName, actor?: Actor, fields: Record<string, unknown> = {}): boolean {
  const t = findOpen(s, task);
  if (t) completeTask(s, day, t, actor, fields);
  return t !== undefined;
}

function close(s: CaseState, day: number, reason: string, actor?: Actor): void {
  s.status = 'closed';
  s.closeReason = reason;
  s.closedDay = day;
  // Rule: tasks still open when a case closes are cancelled: nobody has to do them any more, and
  // they must not count as open or overdue work. The closing event names them.
  const cancelled = s.tasks.filter((t) => t.status === 'open');
  for (const t of cancelled) t.status = 'cancelled';
  emit(s, day, 'case.closed', { reason, ...(cancelled.length ? { cancelledTasks: cancelled.map((t) => t.task) } : {}) }, actor);
}

const currentCriterion = (s: CaseState, day: number): Criterion =>
  criterionOn(s.track, day, s.exception, policyForDay(s, day));

/**
 * Move the case to the criterion in force on `day`. A still-open assessment task against the old
 * criterion can no longer be done (it would be rejected as the wrong criterion), so it is closed as
 * superseded and a new one opens. Rule: the new task is due `taskDueAfterDays` after it opens.
 */
function syncCriterion(s: CaseState, day: number, actor?: Actor): void {
  const c = currentCriterion(s, day);
  if (c === s.criterion) return;
  s.criterion = c;
  emit(s, day, 'phase.changed', { criterion: c }, actor);
  if (fkHasTakenOver(s, day)) {
    const old = findOpen(s, 'assess-work-capacity');
    if (old) completeTask(s, day, old, undefined, { superseded: true, criterion: old.criterion });
    const p = policyForDay(s, day);
    openTask(s, day, 'assess-work-capacity', day + p.taskDueAfterDays['assess-work-capacity'], { criterion: c });
  }
}

const fkHasTakenOver = (s: CaseState, day: number): boolean =>
  day >= policyForDay(s, day).fkTakeoverDay[s.track] && s.milestonesDone.includes(policyForDay(s, day).fkTakeoverDay[s.track]);

function expectsLongAbsence(s: CaseState, p: Policy): boolean {
  return p.plan !== null && (s.expectedDurationDays ?? 0) >= p.plan.minExpectedDurationDays;
}

/** SFB 30 kap 6 §: request the plan unless one is registered or already requested. */
function maybeRequestPlan(s: CaseState, day: number, actor?: Actor): void {
  const p = policyForDay(s, day);
  if (s.track !== 'employed' || !p.plan || day < p.plan.requestDay) return;
  if (s.plan.registeredDay !== undefined || s.plan.requestedDay !== undefined) return;
  if (!expectsLongAbsence(s, p)) return;
  s.plan.requestedDay = day;
  requestAgency(s, day, 'employer', 'return-to-work-plan', { actor });
}

// ---------------------------------------------------------------------------------------------
// opening

/** Open a case on chain day `openedOnDay`; call `advance` next to handle what is already due. */
export function openCase(o: CaseOpening): CaseState {
  const clock = { firstSickDay: o.firstSickDay, priorDays: o.priorDays };
  const s: CaseState = {
    caseId: o.caseId,
    personKey: o.personKey,
    track: o.track,
    ...(o.employer ? { employer: o.employer } : {}),
    ...(o.region ? { region: o.region } : {}),
    clock,
    previousPeriods: o.previousPeriods,
    openedOnDay: o.openedOnDay,
    ...(o.caseworkerId ? { caseworkerId: o.caseworkerId } : {}),
    status: 'open',
    handledThrough: o.openedOnDay - 1,
    milestonesDone: [],
    criterion: 'own-work',
    degree: 100,
    ...(o.expectedDurationDays !== undefined ? { expectedDurationDays: o.expectedDurationDays } : {}),
    certificates: [],
    sickReport: {},
    plan: {},
    afuOrders: [],
    completionRequests: [],
    consents: {},
    meetings: [],
    normalWorkApproved: false,
    tasks: [],
    seq: 0,
    notes: [],
    timeline: [],
    outbox: [],
  };
  s.criterion = currentCriterion(s, o.openedOnDay);
  emit(
    s,
    o.openedOnDay,
    'case.opened',
    { track: o.track, priorDays: o.priorDays, ...(o.priorDays > 0 ? { relapse: true } : {}) },
    o.openedBy,
  );
  emit(s, o.openedOnDay, 'phase.changed', { criterion: s.criterion });
  return s;
}

// ---------------------------------------------------------------------------------------------
// what comes due

interface DueItem {
  day: number;
  run: (s: CaseState, today: number) => void;
}

function milestoneDays(s: CaseState, p: Policy): number[] {
  const days = [p.certificateNeededDay, p.fkTakeoverDay[s.track], p.longTermReviewDay, ...phaseBoundaries(s.track, p)];
  if (s.track === 'employed') days.push(p.sickReportDueDay + 1, p.plan?.requestDay ?? p.certificateNeededDay);
  if (s.track !== 'unemployed') days.push(p.prepareDay180Day);
  return [...new Set(days)].sort((a, b) => a - b);
}

function runMilestone(s: CaseState, today: number, m: number): void {
  const p = policyForDay(s, m);
  s.milestonesDone.push(m);
  if (m === p.fkTakeoverDay[s.track]) {
    // FK takes over (*sjukpenning*): assess work capacity and take a stand on rehabilitation.
    openTask(s, today, 'assess-work-capacity', today + p.taskDueAfterDays['assess-work-capacity'], {
      criterion: s.criterion,
    });
    openTask(s, today, 'assess-rehab-need', p.rehabNeedDueDay);
  }
  // "if FK has the case from day 1": opened on the first day of this sick period
  if (m === p.certificateNeededDay && m > s.clock.priorDays && s.openedOnDay <= s.clock.priorDays + 1) {
    const date = dateOfChainDay(s.clock, m);
    const covered = s.certificates.some((c) => c.from <= date && date <= c.to);
    if (!covered) requestAgency(s, today, 'insured', 'certificate-reminder');
  }
  if (s.track === 'employed' && m === p.sickReportDueDay + 1 && s.sickReport.registeredDay === undefined) {
    s.sickReport.requestedDay = today;
    requestAgency(s, today, 'employer', 'sick-report');
  }
  if (p.plan && m === p.plan.requestDay) maybeRequestPlan(s, today);
  if (phaseBoundaries(s.track, p).includes(m)) syncCriterion(s, today);
  if (m === p.prepareDay180Day && s.track !== 'unemployed' && m < p.normalWorkFromDay) {
    openTask(s, today, 'prepare-day-180', p.normalWorkFromDay - 1);
  }
  if (m === p.longTermReviewDay) {
    openTask(s, today, 'long-term-review', today + p.taskDueAfterDays['long-term-review']);
  }
}

function dueItems(s: CaseState): DueItem[] {
  if (s.status === 'closed') return [];
  const items: DueItem[] = [];
  const p = policyForDay(s, Math.max(s.handledThrough, s.openedOnDay));
  // A milestone exists when the rules in force on its own date define it (DOMAIN.md §1: the rules depend on the date).
  const candidates = [...new Set(RULEBOOK.flatMap((q) => milestoneDays(s, q)))].sort((a, b) => a - b);
  for (const m of candidates) {
    if (s.milestonesDone.includes(m) || !milestoneDays(s, policyForDay(s, m)).includes(m)) continue;
    items.push({ day: m, run: (st, today) => runMilestone(st, today, m) });
  }
  for (const t of s.tasks) {
    if (t.status === 'open' && !t.overdue) {
      items.push({
        day: t.dueDay + 1,
        run: (st, today) => {
          const task = st.tasks.find((x) => x.id === t.id)!;
          task.overdue = true;
          emit(st, today, 'task.overdue', { task: task.task, dueDay: task.dueDay });
        },
      });
    }
  }
  for (const o of s.afuOrders) {
    if (o.reportedDay === undefined && o.remindedDay === undefined) {
      items.push({
        // "if none has arrived on the due day, that day the region is reminded" (DOMAIN.md §4)
        day: o.dueDay,
        run: (st, today) => {
          const order = st.afuOrders.find((x) => x.id === o.id)!;
          order.remindedDay = today;
          requestAgency(st, today, 'region', 'afu-reminder');
          const pp = policyForDay(st, today);
          openTask(st, today, 'follow-up-afu', today + pp.taskDueAfterDays['follow-up-afu'], { orderId: order.id });
        },
      });
    }
  }
  const plan = s.plan;
  const pp = p.plan;
  if (s.track === 'employed' && pp && plan.requestedDay !== undefined && plan.registeredDay === undefined) {
    if (plan.reminderDay === undefined) {
      items.push({
        day: plan.requestedDay + pp.reminderAfterDays,
        run: (st, today) => {
          st.plan.reminderDay = today;
          requestAgency(st, today, 'employer', 'plan-reminder');
        },
      });
    } else if (plan.escalatedDay === undefined) {
      items.push({
        day: plan.reminderDay + pp.escalateAfterDays,
        run: (st, today) => {
          st.plan.escalatedDay = today;
          const q = policyForDay(st, today);
          openTask(st, today, 'decide-employer-report', today + q.taskDueAfterDays['decide-employer-report']);
        },
      });
    }
  }
  if (s.benefit) {
    const endsOn = s.benefit.endsOnDay;
    items.push({ day: endsOn, run: (st, today) => close(st, today, 'benefit-ended') });
  }
  return items;
}

/** Handle, earliest first, everything due on or before `today` (a late case catches up in order). */
export function advance(s: CaseState, today: number): CaseState {
  for (let guard = 0; guard < 1000 && s.status === 'open'; guard++) {
    const due = dueItems(s)
      .filter((i) => i.day <= today)
      .sort((a, b) => a.day - b.day);
    const first = due[0];
    if (!first) break;
    first.run(s, today);
  }
  if (s.status === 'open') s.handledThrough = Math.max(s.handledThrough, today);
  return s;
}

/** The next chain day something comes due (the workflow's next timer), or undefined. */
export function nextDueDay(s: CaseState): number | undefined {
  const days = dueItems(s)
    .map((i) => i.day)
    .filter((d) => d > s.handledThrough);
  return days.length ? Math.min(...days) : undefined;
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * Behaviour switched by workflow patches (workflows/patches.ts): a rule change that would alter what
 * a running case does on replay is applied only where Temporal's patched() says so.
 */
export interface RuleSwitches {
  /** 2026-11: the insured gets a closing notice when a case is closed by a report or a caseworker */
  closingNotice?: boolean;
}

type Handler<C extends CommandName> = (
  s: CaseState,
  input: CommandInput<C>,
  actor: Actor,
  today: number,
  rules: RuleSwitches,
) => Rejection | void;

const r = (status: Rejection['status'], code: string, message: string): Rejection => ({ status, code, message });

function employedOnly(s: CaseState, what: string): Rejection | void {
  if (s.track !== 'employed') return r(409, 'NOT_APPLICABLE', `${what} applies only to employed persons; this case is ${s.track}`);
}

const handlers: { [C in CommandName]: Handler<C> } = {
  'register-certificate'(s, i, actor, today) {
    s.certificates.push({ from: i.from, to: i.to, degree: i.degree });
    s.degree = i.degree;
    if (i.expectedDurationDays !== undefined) s.expectedDurationDays = i.expectedDurationDays;
    emit(s, today, 'command.recorded', { command: 'register-certificate', from: i.from, to: i.to, degree: i.degree }, actor);
    // "If the expectation arises after day 30 (a new certificate), request it that same day."
    maybeRequestPlan(s, today, actor);
  },

  'register-sick-report'(s, i, actor, today) {
    const no = employedOnly(s, 'the employer sick report');
    if (no) return no;
    if (s.sickReport.registeredDay !== undefined) return r(409, 'ALREADY_REGISTERED', 'a sick report is already registered');
    s.sickReport.registeredDay = today;
    if (s.sickReport.requestedDay !== undefined) {
      emit(s, today, 'agency.responded', { agency: 'employer', request: 'sick-report' }, actor);
    } else {
      emit(s, today, 'command.recorded', { command: 'register-sick-report', ...(i.receivedOn ? { receivedOn: i.receivedOn } : {}) }, actor);
    }
  },

  'register-plan'(s, i, actor, today) {
    const no = employedOnly(s, 'the return-to-work plan');
    if (no) return no;
    if (s.plan.registeredDay !== undefined) return r(409, 'ALREADY_REGISTERED', 'a return-to-work plan is already registered');
    s.plan.registeredDay = today;
    s.plan.via = i.via;
    if (s.plan.requestedDay !== undefined) {
      emit(s, today, 'agency.responded', { agency: 'employer', request: 'return-to-work-plan', via: i.via }, actor);
    } else {
      emit(s, today, 'command.recorded', { command: 'register-plan', via: i.via }, actor);
    }
  },

  'assess-rehab-need'(s, i, actor, today) {
    const t = findOpen(s, 'assess-rehab-need');
    if (!t) return r(409, 'NO_OPEN_TASK', 'there is no open assess-rehab-need task');
    if (i.note) s.notes.push({ day: today, kind: 'rehab-need', text: i.note });
    completeTask(s, today, t, actor, { need: i.need });
  },

  'order-afu'(s, i, actor, today) {
    if (s.afuOrders.some((o) => o.reportedDay === undefined)) {
      return r(409, 'AFU_ALREADY_ORDERED', 'an AFU is already ordered and its report has not arrived');
    }
    const p = policyForDay(s, today);
    s.seq += 1;
    const extended = i.extended ?? false;
    const order: AfuOrder = { id: s.seq, orderedDay: today, extended, dueDay: today + (extended ? p.afuReportDays.extended : p.afuReportDays.normal) };
    s.afuOrders.push(order);
    requestAgency(s, today, 'region', 'afu', { fields: { dueDay: order.dueDay, extended }, actor });
    // Rule: ordering an AFU is what prepare-day-180 asks for, so it completes that task.
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'submit-afu-report'(s, i, actor, today) {
    const order = s.afuOrders.find((o) => o.reportedDay === undefined);
    if (!order) return r(409, 'NO_OUTSTANDING_REQUEST', 'no AFU has been ordered for this case');
    order.reportedDay = today;
    if (i.summary) s.notes.push({ day: today, kind: 'afu-report', text: i.summary });
    emit(s, today, 'agency.responded', { agency: 'region', request: 'afu', turnaroundDays: today - order.orderedDay }, actor);
    const follow = s.tasks.find((t) => t.task === 'follow-up-afu' && t.status === 'open' && t.orderId === order.id);
    if (follow) completeTask(s, today, follow, actor);
  },

  'request-certificate-completion'(s, i, actor, today) {
    s.seq += 1;
    s.completionRequests.push({ id: s.seq, requestedDay: today });
    s.notes.push({ day: today, kind: 'completion-question', text: i.question });
    requestAgency(s, today, 'region', 'certificate-completion', { actor });
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'answer-certificate-completion'(s, i, actor, today) {
    const q = s.completionRequests.find((c) => c.answeredDay === undefined);
    if (!q) return r(409, 'NO_OUTSTANDING_REQUEST', 'no certificate completion has been requested');
    q.answeredDay = today;
    s.notes.push({ day: today, kind: 'completion-answer', text: i.answer });
    emit(s, today, 'agency.responded', { agency: 'region', request: 'certificate-completion' }, actor);
  },

  'notify-rehab-need'(s, i, actor, today) {
    // Law 2019:1297: the region may only notify with the patient's consent.
    if (!i.consent) return r(409, 'CONSENT_REQUIRED', "the region may notify a rehabilitation need only with the patient's consent");
    s.consents['region-notification'] = { given: true, day: today };
    emit(s, today, 'consent.recorded', { scope: 'region-notification', given: true }, actor);
    if (!findOpen(s, 'assess-rehab-need')) {
      const p = policyForDay(s, today);
      // Rule: a notified need is assessed within the same time as a work-capacity assessment.
      openTask(s, today, 'assess-rehab-need', today + p.taskDueAfterDays['assess-work-capacity'], { actor });
    }
  },

  'record-consent'(s, i, actor, today) {
    s.consents[i.scope] = { given: i.given, day: today };
    emit(s, today, 'consent.recorded', { scope: i.scope, given: i.given }, actor);
  },

  'schedule-meeting'(s, i, actor, today) {
    const todayDate = dateOfChainDay(s.clock, today);
    if (i.date < todayDate) return r(409, 'DATE_IN_PAST', `the meeting date ${i.date} is before today (${todayDate})`);
    if (i.meeting === 'joint-mapping' && !s.consents['joint-mapping']?.given) {
      return r(409, 'CONSENT_REQUIRED', 'joint mapping with Arbetsförmedlingen needs the insured person\'s recorded consent (scope joint-mapping)');
    }
    if (i.meeting === 'transition' && s.benefit) {
      const endDate = dateOfChainDay(s.clock, s.benefit.endsOnDay);
      if (i.date >= endDate) {
        return r(409, 'MEETING_TOO_LATE', `the transition meeting must be before the benefit ends on ${endDate}, never on that day`);
      }
    }
    if (i.meeting === 'reconciliation' && s.track !== 'employed') {
      // Rule: a reconciliation meeting needs another party; without an employer it is held with the doctor or AF.
    }
    s.seq += 1;
    s.meetings.push({ id: s.seq, meeting: i.meeting, date: i.date, status: 'scheduled' });
    emit(s, today, 'meeting.scheduled', { meeting: i.meeting, meetingDate: i.date, meetingDay: chainDayOfDate(s.clock, i.date) }, actor);
    if (i.meeting === 'joint-mapping') requestAgency(s, today, 'af', 'joint-mapping', { actor });
    if (i.meeting === 'contact') requestAgency(s, today, 'af', 'contact-meeting', { actor });
    if (i.meeting === 'reconciliation' && s.employer) requestAgency(s, today, 'employer', 'meeting-invitation', { actor });
    if (i.meeting === 'transition') completeIfOpen(s, today, 'book-transition-meeting', actor);
    requestAgency(s, today, 'insured', 'notice', { fields: { about: 'meeting' }, actor });
  },

  'record-meeting-held'(s, i, actor, today) {
    if (actor.role === 'af' && !(AF_MEETINGS as readonly string[]).includes(i.meeting)) {
      return r(403, 'FORBIDDEN', `Arbetsförmedlingen may only report meetings it takes part in, not ${i.meeting}`);
    }
    const todayDate = dateOfChainDay(s.clock, today);
    const m = s.meetings.find((x) => x.meeting === i.meeting && x.status === 'scheduled' && x.date <= todayDate);
    if (!m) return r(409, 'NO_SCHEDULED_MEETING', `no ${i.meeting} meeting is scheduled on or before ${todayDate}`);
    m.status = 'held';
    if (i.outcome) s.notes.push({ day: today, kind: `meeting-${i.meeting}`, text: i.outcome });
    emit(s, today, 'meeting.held', { meeting: i.meeting }, actor);
  },

  'decide-exception'(s, i, actor, today) {
    if (!exceptionApplies(s.track, i.exception)) {
      return r(409, 'NOT_APPLICABLE', `the exception ${i.exception} does not apply to the ${s.track} track`);
    }
    const p = policyForDay(s, today);
    const rule = p.exceptions[i.exception];
    if (!rule) return r(409, 'NOT_IN_FORCE', `the exception ${i.exception} is not in force on ${dateOfChainDay(s.clock, today)}`);
    if (rule.lastDay !== null && today > rule.lastDay) {
      return r(409, 'EXCEPTION_TOO_LATE', `${i.exception} can be decided only up to day ${rule.lastDay}; today is day ${today}`);
    }
    if (today < p.prepareDay180Day) {
      return r(409, 'EXCEPTION_TOO_EARLY', `exceptions to the day-181 test are decided from day ${p.prepareDay180Day} (today is day ${today})`);
    }
    if (s.exception?.exception === i.exception) return r(409, 'ALREADY_DECIDED', `${i.exception} is already decided`);
    if (s.pendingDecision) return r(409, 'DECISION_PENDING', 'a proposed decision awaits review; decide the exception after it');
    s.exception = { exception: i.exception, day: today };
    s.notes.push({ day: today, kind: 'exception-reason', text: i.reason });
    emit(s, today, 'exception.decided', { exception: i.exception }, actor);
    completeIfOpen(s, today, 'prepare-day-180', actor);
    syncCriterion(s, today, actor);
  },

  'assess-work-capacity'(s, i, actor, today) {
    if (i.criterion !== s.criterion) {
      return r(409, 'WRONG_CRITERION', `work capacity is assessed against ${s.criterion} on day ${today}, not ${i.criterion}`);
    }
    if (s.pendingDecision) return r(409, 'DECISION_PENDING', 'a proposed decision awaits review by a specialist');
    const endsBenefit = i.outcome === 'not-reduced' && isNormalWork(i.criterion);
    const firstNormal = isNormalWork(i.criterion) && !s.normalWorkApproved;
    if (endsBenefit || firstNormal) {
      // §6: only proposed; a specialist who is not the proposer must approve it.
      s.pendingDecision = {
        decision: endsBenefit ? 'end-benefit' : 'first-normal-work',
        criterion: i.criterion,
        outcome: i.outcome,
        ...(i.degree ? { degree: i.degree } : {}),
        proposedBy: { sub: actor.sub, role: actor.role },
        proposedDay: today,
      };
      emit(s, today, 'decision.proposed', { decision: s.pendingDecision.decision, criterion: i.criterion, outcome: i.outcome }, actor);
      const p = policyForDay(s, today);
      openTask(s, today, 'review-decision', today + p.taskDueAfterDays['review-decision'], { actor });
      return;
    }
    if (i.outcome === 'reduced' && i.degree) s.degree = i.degree;
    const done = completeIfOpen(s, today, 'assess-work-capacity', actor, { criterion: i.criterion, outcome: i.outcome });
    if (!done) emit(s, today, 'command.recorded', { command: 'assess-work-capacity', criterion: i.criterion, outcome: i.outcome }, actor);
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'review-decision'(s, i, actor, today) {
    const d = s.pendingDecision;
    if (!d) return r(409, 'NO_PENDING_DECISION', 'there is no proposed decision to review');
    if (d.proposedBy.sub === actor.sub) {
      return r(409, 'SELF_REVIEW', 'the four-eyes rule: a decision cannot be reviewed by the person who proposed it');
    }
    delete s.pendingDecision;
    if (i.comment) s.notes.push({ day: today, kind: 'review-comment', text: i.comment });
    completeIfOpen(s, today, 'review-decision', actor, { approve: i.approve });
    if (!i.approve) {
      emit(s, today, 'decision.returned', { decision: d.decision }, actor);
      return;
    }
    emit(s, today, 'decision.approved', { decision: d.decision }, actor);
    if (isNormalWork(d.criterion)) s.normalWorkApproved = true;
    completeIfOpen(s, today, 'assess-work-capacity', actor, { criterion: d.criterion, outcome: d.outcome });
    if (d.outcome === 'reduced' && d.degree) s.degree = d.degree;
    if (d.decision === 'end-benefit') endBenefit(s, today, actor);
  },

  'decide-employer-report'(s, i, actor, today) {
    const t = findOpen(s, 'decide-employer-report');
    if (!t) return r(409, 'NO_OPEN_TASK', 'there is no open decide-employer-report task');
    completeTask(s, today, t, actor, { report: i.report });
    if (i.report) requestAgency(s, today, 'av', 'employer-deficiency-report', { actor });
  },

  'report-return-to-work'(s, i, actor, today, rules) {
    if (i.extent === 'full') {
      if (rules.closingNotice) requestAgency(s, today, 'insured', 'notice', { fields: { about: 'case-closed' }, actor });
      close(s, today, 'returned-to-work', actor);
      return;
    }
    s.degree = i.degree!;
    emit(s, today, 'command.recorded', { command: 'report-return-to-work', extent: 'partial', degree: i.degree }, actor);
  },

  reassign(s, i, actor, today) {
    s.caseworkerId = i.caseworkerId;
    emit(s, today, 'command.recorded', { command: 'reassign', caseworkerId: i.caseworkerId }, actor);
  },

  'complete-long-term-review'(s, i, actor, today) {
    const t = findOpen(s, 'long-term-review');
    if (!t) return r(409, 'NO_OPEN_TASK', 'there is no open long-term-review task');
    if (i.note) s.notes.push({ day: today, kind: 'long-term-review', text: i.note });
    completeTask(s, today, t, actor);
  },

  'close-case'(s, i, actor, today, rules) {
    if (rules.closingNotice) requestAgency(s, today, 'insured', 'notice', { fields: { about: 'case-closed' }, actor });
    close(s, today, i.reason, actor);
  },
};

/**
 * §6: the approved end of the benefit. The insured gets a notice with time to respond, the benefit
 * ends `benefitEndsAfterDays` after approval, and the transition meeting (*omställningsmöte*) is
 * booked with AF for a date at least `transitionMeetingMinDaysBeforeEnd` days before the end.
 */
function endBenefit(s: CaseState, today: number, actor: Actor): void {
  const p = policyForDay(s, today);
  const endsOnDay = today + p.benefitEndsAfterDays;
  s.benefit = { approvedDay: today, endsOnDay };
  requestAgency(s, today, 'insured', 'notice', {
    fields: { about: 'benefit-ending', respondByDay: today + p.noticeResponseDays },
    actor,
  });
  emit(s, today, 'benefit.ending', { endsOnDay, endsOn: dateOfChainDay(s.clock, endsOnDay) }, actor);
  requestAgency(s, today, 'af', 'transition-meeting', {
    latestDate: dateOfChainDay(s.clock, endsOnDay - p.transitionMeetingMinDaysBeforeEnd),
    actor,
  });
}

/** Check who may send a command on this case (CONTRACT.md): role, and agencies only on their own cases (domain/parties.ts). */
export function authorise(s: CaseState, command: CommandName, actor: Actor): Rejection | undefined {
  if (!COMMAND_ROLES[command].includes(actor.role)) {
    return r(403, 'FORBIDDEN', `the role ${actor.role} may not send ${command}`);
  }
  if (!isParty(s, actor, command)) return r(403, 'NOT_A_PARTY', `this ${actor.role} is not a party to the case`);
  return undefined;
}

/**
 * Validate and apply a command as of chain day `today` (after `advance` to that day).
 * Never mutates `state`: a rejected command leaves no trace.
 */
export function applyCommand(
  state: CaseState,
  command: CommandName,
  input: unknown,
  actor: Actor,
  today: number,
  rules: RuleSwitches = {},
): CommandResult {
  if (state.status === 'closed') return reject(409, 'CASE_CLOSED', `the case is closed (${state.closeReason})`);
  const denied = authorise(state, command, actor);
  if (denied) return { ok: false, rejection: denied };
  const s = structuredCloneState(state);
  const h = handlers[command] as Handler<CommandName>;
  const rejection = h(s, input as never, actor, today, rules);
  if (rejection) return { ok: false, rejection };
  return { ok: true, state: s };
}

/** What an agency answered over HTTP to a request of ours (answers by callback arrive as commands). */
export function applyAgencyResponse(s: CaseState, req: AgencyRequest, res: AgencyResponse, today: number): void {
  if (req.agency === 'av') {
    emit(s, today, 'agency.responded', { agency: 'av', request: req.request });
    return;
  }
  if (req.agency !== 'af') return; // employer, region and insured answer later, by callback
  emit(s, today, 'agency.responded', { agency: 'af', request: req.request, ...(res.slot ? { slot: res.slot } : {}) });
  if (req.request !== 'transition-meeting' || s.status === 'closed') return;
  if (res.slot && req.latestDate && res.slot <= req.latestDate && res.slot >= dateOfChainDay(s.clock, today)) {
    s.seq += 1;
    s.meetings.push({ id: s.seq, meeting: 'transition', date: res.slot, status: 'scheduled' });
    emit(s, today, 'meeting.scheduled', { meeting: 'transition', meetingDate: res.slot, meetingDay: chainDayOfDate(s.clock, res.slot) });
    requestAgency(s, today, 'insured', 'notice', { fields: { about: 'meeting' } });
  } else {
    const p = policyForDay(s, today);
    openTask(s, today, 'book-transition-meeting', today + p.taskDueAfterDays['book-transition-meeting']);
  }
}

/** Take the requests decided since the last call (the workflow performs them). */
export function drainOutbox(s: CaseState): AgencyRequest[] {
  const out = s.outbox;
  s.outbox = [];
  return out;
}

function structuredCloneState(s: CaseState): CaseState {
  return JSON.parse(JSON.stringify(s)) as CaseState;
}

// ---------------------------------------------------------------------------------------------
// views

export type CaseView = {
  caseId: string;
  status: 'open' | 'closed';
  track: Track;
  criterion: Criterion;
  chainDay: number;
  date: IsoDate;
  openTasks: { task: TaskName; dueDay: number; overdue: boolean }[];
  caseworkerId?: string;
  degree: number;
  exception?: ExceptionKind;
  pendingDecision?: { decision: string; proposedDay: number };
  benefitEndsOnDay?: number;
  closeReason?: string;
  nextDueDay?: number;
  priorDays: number;
  firstSickDay: IsoDate;
  /** agency requests whose retries are spent and that are being tried again later (set by the workflow) */
  stuckRequests?: StuckRequest[];
};

export interface StuckRequest {
  agency: string;
  request: string;
  sinceDay: number;
  failedRounds: number;
}

export function viewOf(s: CaseState, today: number): CaseView {
  const day = s.status === 'closed' ? (s.closedDay ?? today) : today;
  const next = nextDueDay(s);
  return {
    caseId: s.caseId,
    status: s.status,
    track: s.track,
    criterion: s.criterion,
    chainDay: day,
    date: dateOfChainDay(s.clock, day),
    openTasks: s.tasks
      .filter((t) => t.status === 'open')
      .map((t) => ({ task: t.task, dueDay: t.dueDay, overdue: t.overdue })),
    ...(s.caseworkerId ? { caseworkerId: s.caseworkerId } : {}),
    degree: s.degree,
    ...(s.exception ? { exception: s.exception.exception } : {}),
    ...(s.pendingDecision ? { pendingDecision: { decision: s.pendingDecision.decision, proposedDay: s.pendingDecision.proposedDay } } : {}),
    ...(s.benefit ? { benefitEndsOnDay: s.benefit.endsOnDay } : {}),
    ...(s.closeReason ? { closeReason: s.closeReason } : {}),
    ...(next !== undefined && s.status === 'open' ? { nextDueDay: next } : {}),
    priorDays: s.clock.priorDays,
    firstSickDay: s.clock.firstSickDay,
  };
}

/** The period this case covered, for the relapse rule of a later case. Rule: the last sick day is
 * the day before a return to work or the benefit's end, otherwise the closing day. */
export function periodOf(s: CaseState): Period | undefined {
  if (s.status !== 'closed' || s.closedDay === undefined) return undefined;
  const lastDay = s.closeReason === 'returned-to-work' || s.closeReason === 'benefit-ended' ? s.closedDay - 1 : s.closedDay;
  const from = s.clock.firstSickDay;
  const to = dateOfChainDay(s.clock, Math.max(lastDay, s.clock.priorDays + 1));
  return daysBetween(from, to) >= 0 ? { from, to } : { from, to: from };
}
