/**
 * The employer's return-to-work plan (docs/rules.md, "Return-to-work plan").
 *
 * Source: SFB 30 kap 6 § (in force from 2018-07-01: the employer draws up a plan when the absence
 * is expected to last at least 60 days); FK practice (reminder, then a report to the work
 * environment authority, AV); our policy for the 14 + 14 days.
 *
 * When: employed track, chain day 30 or later, no plan registered or requested, and the absence is
 * expected to last ≥ 60 days (the expectation kept by domain/rules/certificates.ts).
 * Then: request the plan from the employer (on day 30, or the day the expectation arises);
 * `reminderAfterDays` later without a plan, remind the employer; `escalateAfterDays` after the
 * reminder, task `decide-employer-report`; if the caseworker decides to report, AV is told.
 */
import type { Policy } from '../rulebook';
import type { CaseState, DueItem, Rejection } from '../caseState';
import { addNote, completeTask, emit, findOpen, openTaskDueAfterPolicy, policyForDay, rejection, requestAgency } from '../effects';
import type { Actor } from '../vocabulary';
import type { Handlers, Preconditions } from './handlers';

function expectsLongAbsence(s: CaseState, p: Policy): boolean {
  return p.plan !== null && (s.expectedDurationDays ?? 0) >= p.plan.minExpectedDurationDays;
}

const planNeitherRegisteredNorRequested = (s: CaseState): boolean =>
  s.plan.registeredDay === undefined && s.plan.requestedDay === undefined;

/** Request the plan if the law asks for it on `day` and nobody has asked yet. */
export function maybeRequestPlan(s: CaseState, day: number, actor?: Actor): void {
  const p = policyForDay(s, day);
  if (s.track !== 'employed' || !p.plan || day < p.plan.requestDay) return;
  if (!planNeitherRegisteredNorRequested(s) || !expectsLongAbsence(s, p)) return;
  s.plan.requestedDay = day;
  requestAgency(s, day, 'employer', 'return-to-work-plan', { actor });
}

export function employedOnly(s: CaseState, what: string): Rejection | undefined {
  if (s.track !== 'employed') return rejection(409, 'NOT_APPLICABLE', `${what} applies only to employed persons; this case is ${s.track}`);
  return undefined;
}

/** The reminder, then the escalation, while a requested plan has not arrived. */
export function planItems(s: CaseState): DueItem[] {
  const plan = s.plan;
  if (s.track !== 'employed' || plan.requestedDay === undefined || plan.registeredDay !== undefined) return [];
  const rules = policyForDay(s, plan.requestedDay).plan;
  if (!rules) return [];
  if (plan.reminderDay === undefined) {
    return [
      {
        day: plan.requestedDay + rules.reminderAfterDays,
        run: (st, today) => {
          st.plan.reminderDay = today;
          requestAgency(st, today, 'employer', 'plan-reminder');
        },
      },
    ];
  }
  if (plan.escalatedDay !== undefined) return [];
  return [
    {
      day: plan.reminderDay + rules.escalateAfterDays,
      run: (st, today) => {
        st.plan.escalatedDay = today;
        openTaskDueAfterPolicy(st, today, 'decide-employer-report');
      },
    },
  ];
}

export const planPreconditions: Preconditions = {
  'register-plan': (s) =>
    employedOnly(s, 'the return-to-work plan') ??
    (s.plan.registeredDay !== undefined ? rejection(409, 'ALREADY_REGISTERED', 'a return-to-work plan is already registered') : undefined),
  'decide-employer-report': (s) =>
    findOpen(s, 'decide-employer-report') ? undefined : rejection(409, 'NO_OPEN_TASK', 'there is no open decide-employer-report task'),
};

export const planHandlers: Pick<Handlers, 'register-plan' | 'decide-employer-report'> = {
  'register-plan'(s, i, actor, today) {
    s.plan.registeredDay = today;
    s.plan.via = i.via;
    // the plan's content, with the other free text (encrypted state only)
    addNote(s, today, 'plan-work-tasks', i.workTasks);
    addNote(s, today, 'plan-adjustments', i.adjustments);
    addNote(s, today, 'plan-measures', i.measures);
    addNote(s, today, 'plan-planned-return', i.plannedReturnOn);
    if (s.plan.requestedDay !== undefined) {
      emit(s, today, 'agency.responded', { agency: 'employer', request: 'return-to-work-plan', via: i.via }, actor);
    } else {
      emit(s, today, 'command.recorded', { command: 'register-plan', via: i.via }, actor);
    }
  },

  'decide-employer-report'(s, i, actor, today) {
    completeTask(s, today, findOpen(s, 'decide-employer-report')!, actor, { report: i.report });
    if (i.report) requestAgency(s, today, 'av', 'employer-deficiency-report', { actor });
  },
};
