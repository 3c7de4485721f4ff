/**
 * Work-capacity decisions, exceptions and the four-eyes review (docs/rules.md, "Decisions",
 * "Exceptions at day 181", "One ending at a time").
 *
 * Source: SFB 27 kap 46–48 §§ (the criterion in force; capacity not reduced against it ends the
 * right to sickness benefit, on every criterion and track; the exceptions *övervägande skäl* and
 * *oskäligt*, SFS 2021:71); förvaltningslagen 25 § (the insured is heard before an adverse
 * decision: domain/rules/hearing.ts); FK practice (seed 003 §2.2: a specialist reviews every refusal
 * and the first assessment against normal work; transition meeting before the end).
 *
 * - An assessment is only accepted against the criterion in force (409 WRONG_CRITERION).
 * - Capacity not reduced against the criterion in force is a proposed refusal (round 2 cases: only
 *   against normal work); it and the first assessment against normal work are only proposed; a
 *   specialist who is not the proposer approves or returns it.
 * - While a refusal is proposed, heard or ending, another one is rejected (409 BENEFIT_ENDING_UNDER_WAY).
 * - Approved refusal: the insured is heard (hearing.ts); round 2 cases: the benefit ended
 *   `benefitEndsAfterDays` after approval at once.
 * - An exception is decided from day 150 (prepare day 180), up to its last day, with a reason; it
 *   or a carried-over one can be ended (`end-exception`) or confirmed (`confirm-exception`).
 */
import { dateOfChainDay } from '../calendar';
import { exceptionApplies, isNormalWork, type Criterion, type ExceptionKind } from '../rulebook';
import type { CaseState, Rejection, RuleSwitches } from '../caseState';
import {
  addNote,
  completeIfOpen,
  completeTask,
  emit,
  findOpen,
  openTaskDueAfterPolicy,
  policyForDay,
  rejection,
  requestAgency,
} from '../effects';
import type { Actor } from '../vocabulary';
import type { Handlers, Preconditions } from './handlers';
import { hear } from './hearing';
import { correctSentNotices, syncCriterion } from './milestones';

/**
 * A refusal: capacity not reduced against the criterion in force ends the benefit (if approved).
 * Round 2 cases (started before the change) knew only the normal-work refusal.
 */
const endsTheBenefit = (i: { criterion: Criterion; outcome: string }, rules: RuleSwitches): boolean =>
  i.outcome === 'not-reduced' && (rules.round3 || isNormalWork(i.criterion));

/** The first assessment against normal work on this case (it needs a specialist's review). */
const firstAgainstNormalWork = (s: CaseState, criterion: Criterion): boolean => isNormalWork(criterion) && !s.normalWorkApproved;

/** A refusal is proposed, heard, or final and running its course. */
const benefitEndingUnderWay = (s: CaseState): boolean =>
  s.pendingDecision?.decision === 'end-benefit' || s.hearing !== undefined || s.benefit !== undefined;

/** Round 2 (cases started before the insured was heard): the approved end of the benefit at once. */
function endBenefitAtOnce(s: CaseState, today: number, actor: Actor): void {
  const p = policyForDay(s, today);
  const endsOnDay = today + p.benefitEndsAfterDays;
  s.benefit = { approvedDay: today, endsOnDay };
  requestAgency(s, today, 'insured', 'notice', { fields: { about: 'benefit-ending', respondByDay: today + p.noticeResponseDays }, actor });
  emit(s, today, 'benefit.ending', { endsOnDay, endsOn: dateOfChainDay(s.clock, endsOnDay) }, actor);
  requestAgency(s, today, 'af', 'transition-meeting', {
    latestDate: dateOfChainDay(s.clock, endsOnDay - p.transitionMeetingMinDaysBeforeEnd),
    actor,
  });
}

const EXCEPTION_KINDS: readonly ExceptionKind[] = ['predominant-reasons', 'unreasonable'];

/** Why this exception cannot be decided on this track on this day, if it cannot. */
function exceptionRefusal(s: CaseState, exception: ExceptionKind, today: number): Rejection | undefined {
  if (!exceptionApplies(s.track, exception)) {
    return rejection(409, 'NOT_APPLICABLE', `the exception ${exception} does not apply to the ${s.track} track`);
  }
  const rule = policyForDay(s, today).exceptions[exception];
  if (!rule) return rejection(409, 'NOT_IN_FORCE', `the exception ${exception} is not in force on ${dateOfChainDay(s.clock, today)}`);
  if (rule.lastDay !== null && today > rule.lastDay) {
    return rejection(409, 'EXCEPTION_TOO_LATE', `${exception} can be decided only up to day ${rule.lastDay}; today is day ${today}`);
  }
  return undefined;
}

export const decisionPreconditions: Preconditions = {
  'decide-exception'(s, _actor, today) {
    // offered while at least one exception can be decided on this track and day
    const refusals = EXCEPTION_KINDS.map((k) => exceptionRefusal(s, k, today));
    if (refusals.every(Boolean)) return refusals[0];
    const p = policyForDay(s, today);
    if (today < p.prepareDay180Day) {
      return rejection(
        409,
        'EXCEPTION_TOO_EARLY',
        `exceptions to the day-181 test are decided from day ${p.prepareDay180Day} (today is day ${today})`,
      );
    }
    if (s.pendingDecision) return rejection(409, 'DECISION_PENDING', 'a proposed decision awaits review; decide the exception after it');
    return undefined;
  },
  // while a decision is proposed, every assessment waits for its review; a proposed end of the
  // benefit is named as such (one ending at a time)
  'assess-work-capacity'(s) {
    if (s.pendingDecision?.decision === 'end-benefit') {
      return rejection(409, 'BENEFIT_ENDING_UNDER_WAY', 'a decision ending the benefit is proposed and awaits review by a specialist');
    }
    if (s.pendingDecision) return rejection(409, 'DECISION_PENDING', 'a proposed decision awaits review by a specialist');
    return undefined;
  },
  'confirm-exception'(s) {
    if (!s.exception || !findOpen(s, 'confirm-exception'))
      return rejection(409, 'NO_OPEN_TASK', 'there is no carried-over exception to confirm');
    return undefined;
  },
  'end-exception'(s) {
    if (!s.exception) return rejection(409, 'NO_EXCEPTION', 'no exception is in force on this case');
    if (s.pendingDecision) return rejection(409, 'DECISION_PENDING', 'a proposed decision awaits review; end the exception after it');
    return undefined;
  },
  'review-decision'(s, actor) {
    const d = s.pendingDecision;
    if (!d) return rejection(409, 'NO_PENDING_DECISION', 'there is no proposed decision to review');
    if (d.proposedBy.sub === actor.sub) {
      return rejection(409, 'SELF_REVIEW', 'the four-eyes rule: a decision cannot be reviewed by the person who proposed it');
    }
    return undefined;
  },
};

export const decisionHandlers: Pick<
  Handlers,
  'decide-exception' | 'assess-work-capacity' | 'review-decision' | 'confirm-exception' | 'end-exception'
> = {
  'decide-exception'(s, i, actor, today, rules) {
    const refused = exceptionRefusal(s, i.exception, today);
    if (refused) return refused;
    if (s.exception?.exception === i.exception) return rejection(409, 'ALREADY_DECIDED', `${i.exception} is already decided`);
    s.exception = { exception: i.exception, day: today };
    addNote(s, today, 'exception-reason', i.reason);
    emit(s, today, 'exception.decided', { exception: i.exception }, actor);
    completeIfOpen(s, today, 'prepare-day-180', actor);
    if (rules.round3) completeIfOpen(s, today, 'confirm-exception', actor, { ended: true });
    syncCriterion(s, today, rules, actor);
    if (rules.round3) correctSentNotices(s, today, actor);
  },

  'confirm-exception'(s, _i, actor, today) {
    completeTask(s, today, findOpen(s, 'confirm-exception')!, actor, { exception: s.exception!.exception, confirmed: true });
  },

  'end-exception'(s, i, actor, today, rules) {
    const ended = s.exception!.exception;
    delete s.exception;
    addNote(s, today, 'exception-ended-reason', i.reason);
    emit(s, today, 'exception.ended', { exception: ended }, actor);
    completeIfOpen(s, today, 'confirm-exception', actor, { exception: ended, confirmed: false });
    syncCriterion(s, today, rules, actor);
    if (rules.round3) correctSentNotices(s, today, actor);
  },

  'assess-work-capacity'(s, i, actor, today, rules) {
    if (i.criterion !== s.criterion) {
      return rejection(409, 'WRONG_CRITERION', `work capacity is assessed against ${s.criterion} on day ${today}, not ${i.criterion}`);
    }
    const endsBenefit = endsTheBenefit(i, rules);
    if (endsBenefit && benefitEndingUnderWay(s)) {
      return rejection(
        409,
        'BENEFIT_ENDING_UNDER_WAY',
        'a decision ending the benefit is already proposed or in effect; one ending at a time',
      );
    }
    const firstNormal = firstAgainstNormalWork(s, i.criterion);
    if (endsBenefit || firstNormal) {
      s.pendingDecision = {
        decision: endsBenefit ? 'end-benefit' : 'first-normal-work',
        criterion: i.criterion,
        outcome: i.outcome,
        ...(i.degree ? { degree: i.degree } : {}),
        proposedBy: { sub: actor.sub, role: actor.role },
        proposedDay: today,
      };
      emit(s, today, 'decision.proposed', { decision: s.pendingDecision.decision, criterion: i.criterion, outcome: i.outcome }, actor);
      openTaskDueAfterPolicy(s, today, 'review-decision', { actor });
      return;
    }
    if (i.outcome === 'reduced' && i.degree) s.degree = i.degree;
    const done = completeIfOpen(s, today, 'assess-work-capacity', actor, { criterion: i.criterion, outcome: i.outcome });
    if (!done) emit(s, today, 'command.recorded', { command: 'assess-work-capacity', criterion: i.criterion, outcome: i.outcome }, actor);
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'review-decision'(s, i, actor, today, rules) {
    const d = s.pendingDecision!;
    delete s.pendingDecision;
    addNote(s, today, 'review-comment', i.comment);
    completeIfOpen(s, today, 'review-decision', actor, { approve: i.approve });
    if (!i.approve) {
      emit(s, today, 'decision.returned', { decision: d.decision }, actor);
      return;
    }
    emit(s, today, 'decision.approved', { decision: d.decision }, actor);
    const firstNormalWork = firstAgainstNormalWork(s, d.criterion);
    if (isNormalWork(d.criterion)) s.normalWorkApproved = true;
    completeIfOpen(s, today, 'assess-work-capacity', actor, { criterion: d.criterion, outcome: d.outcome });
    if (d.outcome === 'reduced' && d.degree) s.degree = d.degree;
    if (d.decision !== 'end-benefit') return;
    if (rules.round3) hear(s, today, d.criterion, firstNormalWork, actor);
    else endBenefitAtOnce(s, today, actor);
  },
};
