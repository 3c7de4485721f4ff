/**
 * Meetings, consent and the rehabilitation need (docs/rules.md, "Meetings", "Consent",
 * "Rehabilitation need").
 *
 * Source: SFB 30 kap 8 § (FK convenes a reconciliation meeting, *avstämningsmöte*, with the insured
 * and at least one other party); SFB 30 kap 9 a § and AF practice (joint mapping needs the insured's
 * consent; transition meeting, *omställningsmöte*, before the benefit ends); law 2019:1297 (the
 * region's coordinator may notify a rehabilitation need only with consent); SFB 30 kap 10 § (FK
 * takes a stand on the need for rehabilitation).
 *
 * - Reconciliation: the caseworker may name the other parties; none named → the employer on the
 *   employed track, the doctor (region) otherwise. Each party is invited.
 * - Joint mapping: only with the insured's consent; AF is asked. Withdrawing that consent calls off
 *   a booked joint mapping (AF told) and it can no longer be recorded as held.
 * - Transition: never on or after the day the benefit ends; every booking, manual or automatic,
 *   asks AF. An automatic booking takes AF's slot if it is early enough, else `book-transition-meeting`.
 * - Contact meeting: AF is asked.
 * The insured gets a notice of every meeting booked.
 */
import { chainDayOfDate, dateOfChainDay } from '../calendar';
import type { AgencyRequest, AgencyResponse, CaseState, Meeting } from '../caseState';
import {
  addNote,
  completeIfOpen,
  completeTask,
  emit,
  findOpen,
  openTask,
  openTaskDueAfterPolicy,
  policyForDay,
  rejection,
  requestAgency,
} from '../effects';
import { AF_MEETINGS, type Actor, type MeetingParty } from '../vocabulary';
import type { Handlers, Preconditions } from './handlers';
import { endDayIfNoResponse } from './hearing';

const hasConsent = (s: CaseState, scope: 'joint-mapping'): boolean => s.consents[scope]?.given === true;

/** The parties invited to a reconciliation meeting besides FK and the insured. */
const defaultReconciliationParties = (s: CaseState): MeetingParty[] => (s.track === 'employed' ? ['employer'] : ['region']);

function book(
  s: CaseState,
  today: number,
  meeting: Meeting['meeting'],
  date: string,
  fields: Record<string, unknown>,
  actor?: Actor,
): void {
  s.seq += 1;
  s.meetings.push({ id: s.seq, meeting, date, status: 'scheduled' });
  emit(s, today, 'meeting.scheduled', { meeting, meetingDate: date, meetingDay: chainDayOfDate(s.clock, date), ...fields }, actor);
}

/** Withdrawn joint-mapping consent: booked joint mappings are called off and AF is told. */
function callOffJointMappings(s: CaseState, today: number, actor: Actor): void {
  for (const m of s.meetings.filter((x) => x.meeting === 'joint-mapping' && x.status === 'scheduled')) {
    m.status = 'cancelled';
    emit(s, today, 'meeting.cancelled', { meeting: m.meeting, meetingDate: m.date, reason: 'consent-withdrawn' }, actor);
    requestAgency(s, today, 'af', 'meeting-cancellation', { meetingDate: m.date, fields: { meeting: m.meeting }, actor });
  }
}

/** Whether this sender may report the kind of meeting (AF only the meetings it takes part in). */
const mayReport = (actor: Actor, meeting: string): boolean => actor.role !== 'af' || (AF_MEETINGS as readonly string[]).includes(meeting);

export const meetingAndConsentPreconditions: Preconditions = {
  // offered once a meeting this sender may report has had its day (booked, held or called off)
  'record-meeting-held'(s, actor, today) {
    const todayDate = dateOfChainDay(s.clock, today);
    if (s.meetings.some((m) => m.date <= todayDate && mayReport(actor, m.meeting))) return undefined;
    return rejection(409, 'NO_SCHEDULED_MEETING', `no meeting is scheduled on or before ${todayDate}`);
  },
  'assess-rehab-need': (s) =>
    findOpen(s, 'assess-rehab-need') ? undefined : rejection(409, 'NO_OPEN_TASK', 'there is no open assess-rehab-need task'),
};

export const meetingAndConsentHandlers: Pick<
  Handlers,
  'schedule-meeting' | 'record-meeting-held' | 'record-consent' | 'notify-rehab-need' | 'assess-rehab-need'
> = {
  'schedule-meeting'(s, i, actor, today) {
    const todayDate = dateOfChainDay(s.clock, today);
    if (i.date < todayDate) return rejection(409, 'DATE_IN_PAST', `the meeting date ${i.date} is before today (${todayDate})`);
    if (i.meeting === 'joint-mapping' && !hasConsent(s, 'joint-mapping')) {
      return rejection(
        409,
        'CONSENT_REQUIRED',
        "joint mapping with Arbetsförmedlingen needs the insured person's recorded consent (scope joint-mapping)",
      );
    }
    const endDay = endDayIfNoResponse(s);
    if (i.meeting === 'transition' && endDay !== undefined) {
      const endDate = dateOfChainDay(s.clock, endDay);
      if (i.date >= endDate) {
        return rejection(
          409,
          'MEETING_TOO_LATE',
          `the transition meeting must be before the benefit ends on ${endDate}, never on that day`,
        );
      }
    }
    const parties = i.meeting === 'reconciliation' ? [...new Set(i.parties ?? defaultReconciliationParties(s))] : [];
    if (parties.includes('employer') && !s.employer) {
      return rejection(409, 'NO_EMPLOYER', `this ${s.track} case has no employer to invite`);
    }
    book(s, today, i.meeting, i.date, parties.length ? { parties } : {}, actor);
    for (const party of parties) requestAgency(s, today, party, 'meeting-invitation', { meetingDate: i.date, actor });
    if (i.meeting === 'joint-mapping') requestAgency(s, today, 'af', 'joint-mapping', { meetingDate: i.date, actor });
    if (i.meeting === 'contact') requestAgency(s, today, 'af', 'contact-meeting', { meetingDate: i.date, actor });
    if (i.meeting === 'transition') {
      requestAgency(s, today, 'af', 'transition-meeting', { meetingDate: i.date, actor });
      completeIfOpen(s, today, 'book-transition-meeting', actor);
    }
    requestAgency(s, today, 'insured', 'notice', { fields: { about: 'meeting' }, actor });
  },

  'record-meeting-held'(s, i, actor, today) {
    if (!mayReport(actor, i.meeting)) {
      return rejection(403, 'FORBIDDEN', `Arbetsförmedlingen may only report meetings it takes part in, not ${i.meeting}`);
    }
    if (i.meeting === 'joint-mapping' && !hasConsent(s, 'joint-mapping')) {
      return rejection(409, 'CONSENT_REQUIRED', 'the insured person has not consented to joint mapping (or has withdrawn consent)');
    }
    const todayDate = dateOfChainDay(s.clock, today);
    const m = s.meetings.find((x) => x.meeting === i.meeting && x.status === 'scheduled' && x.date <= todayDate);
    if (!m) return rejection(409, 'NO_SCHEDULED_MEETING', `no ${i.meeting} meeting is scheduled on or before ${todayDate}`);
    m.status = 'held';
    addNote(s, today, `meeting-${i.meeting}`, i.outcome);
    emit(s, today, 'meeting.held', { meeting: i.meeting }, actor);
  },

  'record-consent'(s, i, actor, today) {
    s.consents[i.scope] = { given: i.given, day: today };
    emit(s, today, 'consent.recorded', { scope: i.scope, given: i.given }, actor);
    if (i.scope === 'joint-mapping' && !i.given) callOffJointMappings(s, today, actor);
  },

  'notify-rehab-need'(s, i, actor, today) {
    if (!i.consent)
      return rejection(409, 'CONSENT_REQUIRED', "the region may notify a rehabilitation need only with the patient's consent");
    s.consents['region-notification'] = { given: true, day: today };
    emit(s, today, 'consent.recorded', { scope: 'region-notification', given: true }, actor);
    // our policy: a notified need is assessed within the same time as a work-capacity assessment
    if (!findOpen(s, 'assess-rehab-need')) {
      openTask(s, today, 'assess-rehab-need', today + policyForDay(s, today).taskDueAfterDays['assess-work-capacity'], { actor });
    }
  },

  'assess-rehab-need'(s, i, actor, today) {
    addNote(s, today, 'rehab-need', i.note);
    completeTask(s, today, findOpen(s, 'assess-rehab-need')!, actor, { need: i.need });
  },
};

/**
 * What AF answered to a transition-meeting request. A booking FK made itself (with its date) is only
 * acknowledged; for an automatic booking AF's slot is taken if it is today or later and no later than
 * the latest acceptable date, otherwise the caseworker gets `book-transition-meeting`.
 */
export function applyTransitionMeetingAnswer(s: CaseState, req: AgencyRequest, res: AgencyResponse, today: number): void {
  // a refusal withdrawn meanwhile needs no meeting (round 2 cases always have `benefit` here)
  if (req.meetingDate || s.status === 'closed' || (!s.hearing && !s.benefit)) return;
  if (res.slot && req.latestDate && res.slot <= req.latestDate && res.slot >= dateOfChainDay(s.clock, today)) {
    book(s, today, 'transition', res.slot, {});
    requestAgency(s, today, 'insured', 'notice', { fields: { about: 'meeting' } });
  } else {
    openTaskDueAfterPolicy(s, today, 'book-transition-meeting');
  }
}
