/**
 * The insured is heard before a refusal is final (docs/rules.md, "Decisions": "The insured is heard").
 *
 * Source: förvaltningslagen (2017:900) 25 § (*kommunicering*: before an adverse decision the party
 * is told what the authority intends and why, and may respond); SFB 27 kap 46–48 §§ (the refusal);
 * FK practice (transition meeting before the benefit ends); our policy for 14 / 7 / 7 days.
 *
 * When a refusal is approved by the specialist:
 * - a notice tells the insured what FK intends (the criterion), with `noticeResponseDays` to respond;
 *   AF is asked for a transition meeting before the day the benefit would end;
 * - `record-response` (the insured's letter or call) opens `reconsider-decision`; the caseworker
 *   upholds the refusal (`uphold-decision`) or withdraws it (`withdraw-decision`, with a reason code);
 * - without a response, the response time runs out at the start of approval day + 14: the refusal
 *   stands.
 * The refusal is final on the day it is upheld or the time runs out: `benefit.ending` is recorded
 * and the benefit ends `benefitEndsAfterFinalDays` later (approval + 21 when nobody responds); the
 * case closes that day (domain/rules/closing.ts). A withdrawal ends nothing: the transition meeting
 * is called off (AF told), the insured is told, an assessment against the criterion in force opens
 * again (reviewed as the first against normal work if the withdrawn refusal was that), the case goes on.
 */
import { dateOfChainDay } from '../calendar';
import type { Criterion } from '../rulebook';
import type { CaseState, DueItem } from '../caseState';
import { addNote, completeIfOpen, emit, findOpen, openTaskDueAfterPolicy, policyForDay, rejection, requestAgency } from '../effects';
import type { Actor } from '../vocabulary';
import type { Handlers, Preconditions } from './handlers';

/** The day the benefit would end if the refusal became final when the response time runs out. */
export function endDayIfNoResponse(s: CaseState): number | undefined {
  if (s.benefit) return s.benefit.endsOnDay;
  if (!s.hearing) return undefined;
  return s.hearing.respondByDay + policyForDay(s, s.hearing.approvedDay).benefitEndsAfterFinalDays;
}

/** An approved refusal: tell the insured, give them time to respond, book the transition meeting. */
export function hear(s: CaseState, today: number, criterion: Criterion, firstNormalWork: boolean, actor: Actor): void {
  const p = policyForDay(s, today);
  s.hearing = {
    approvedDay: today,
    criterion,
    respondByDay: today + p.noticeResponseDays,
    ...(firstNormalWork ? { firstNormalWork } : {}),
  };
  requestAgency(s, today, 'insured', 'notice', {
    fields: { about: 'benefit-ending', criterion, respondByDay: s.hearing.respondByDay },
    actor,
  });
  requestAgency(s, today, 'af', 'transition-meeting', {
    latestDate: dateOfChainDay(s.clock, endDayIfNoResponse(s)! - p.transitionMeetingMinDaysBeforeEnd),
    actor,
  });
}

/** The refusal is final today: the benefit ends `benefitEndsAfterFinalDays` later. */
function makeFinal(s: CaseState, today: number, actor?: Actor): void {
  const h = s.hearing!;
  const endsOnDay = today + policyForDay(s, today).benefitEndsAfterFinalDays;
  delete s.hearing;
  s.benefit = { approvedDay: h.approvedDay, endsOnDay, finalDay: today };
  emit(s, today, 'benefit.ending', { endsOnDay, endsOn: dateOfChainDay(s.clock, endsOnDay) }, actor);
}

/** Without a response, the refusal stands when the response time runs out. */
export function hearingItems(s: CaseState): DueItem[] {
  const h = s.hearing;
  if (!h || h.respondedDay !== undefined) return [];
  return [{ day: h.respondByDay, run: (st, today) => makeFinal(st, today) }];
}

const noHearing = () => rejection(409, 'NO_HEARD_DECISION', 'there is no refusal on which the insured is being heard');

/** What must hold whatever the input: a refusal being heard (and, to uphold it, the insured's response). */
export const hearingPreconditions: Preconditions = {
  'record-response'(s) {
    if (!s.hearing) return noHearing();
    if (s.hearing.respondedDay !== undefined) {
      return rejection(409, 'ALREADY_RESPONDED', 'a response is already recorded; reconsider the decision');
    }
    return undefined;
  },
  'uphold-decision'(s) {
    if (!s.hearing) return noHearing();
    if (s.hearing.respondedDay === undefined) {
      return rejection(409, 'NO_RESPONSE', 'the insured has not responded; without a response the decision stands when the time runs out');
    }
    return undefined;
  },
  'withdraw-decision': (s) => (s.hearing ? undefined : noHearing()),
};

export const hearingHandlers: Pick<Handlers, 'record-response' | 'uphold-decision' | 'withdraw-decision'> = {
  'record-response'(s, i, actor, today) {
    const h = s.hearing!;
    if (i.receivedOn && i.receivedOn > dateOfChainDay(s.clock, today)) {
      return rejection(409, 'DATE_IN_FUTURE', `the response cannot be received after today (${dateOfChainDay(s.clock, today)})`);
    }
    h.respondedDay = today;
    addNote(s, today, 'insured-response', i.note);
    emit(s, today, 'response.recorded', i.receivedOn ? { receivedOn: i.receivedOn } : {}, actor);
    openTaskDueAfterPolicy(s, today, 'reconsider-decision', { actor });
  },

  'uphold-decision'(s, _i, actor, today) {
    completeIfOpen(s, today, 'reconsider-decision', actor, { upheld: true });
    makeFinal(s, today, actor);
  },

  'withdraw-decision'(s, i, actor, today) {
    const h = s.hearing!;
    delete s.hearing;
    // our choice: a withdrawn refusal was no approved first assessment against normal work
    if (h.firstNormalWork) s.normalWorkApproved = false;
    addNote(s, today, 'withdrawal', i.note);
    completeIfOpen(s, today, 'reconsider-decision', actor, { upheld: false });
    emit(s, today, 'decision.withdrawn', { decision: 'end-benefit', reason: i.reason }, actor);
    completeIfOpen(s, today, 'book-transition-meeting', actor, { withdrawn: true });
    for (const m of s.meetings.filter((x) => x.meeting === 'transition' && x.status === 'scheduled')) {
      m.status = 'cancelled';
      emit(s, today, 'meeting.cancelled', { meeting: m.meeting, meetingDate: m.date, reason: 'decision-withdrawn' }, actor);
      requestAgency(s, today, 'af', 'meeting-cancellation', { meetingDate: m.date, fields: { meeting: m.meeting }, actor });
    }
    requestAgency(s, today, 'insured', 'notice', { fields: { about: 'decision-withdrawn' }, actor });
    // the case goes on as before the refusal: work capacity is assessed again against the criterion in
    // force, unless such an assessment is open already (an exception decided during the hearing moved
    // the criterion and opened one): one assessment at a time
    if (!findOpen(s, 'assess-work-capacity')) openTaskDueAfterPolicy(s, today, 'assess-work-capacity', { criterion: s.criterion, actor });
  },
};
