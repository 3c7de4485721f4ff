/**
 * The insured person's own case in plain terms (GET /me/case, Mitt sjukfall): where they are in the
 * chain, the next limit and what is assessed from then, the heard decision, meetings, what FK waits
 * for, letters sent, consents. A read model of the case view and its timeline; no rules here beyond
 * the chain's criteria (rulebook.ts), so it reads the same from a running case and an archived one.
 */
import { dateOfChainDay, daysBetween, type IsoDate } from './calendar';
import type { CaseView } from './caseView';
import type { CommandName } from './commands';
import { criterionOn, phaseBoundaries, policyOn, type Criterion } from './rulebook';
import { CONSENT_SCOPES, type CloseReason, type ConsentScope, type MeetingType, type TimelineEvent } from './vocabulary';

/** What the insured may send, on their own case only (domain/commands.ts COMMAND_ROLES). */
export const INSURED_COMMANDS = ['record-consent', 'record-response'] as const satisfies readonly CommandName[];
type InsuredCommand = (typeof INSURED_COMMANDS)[number];

type LetterTopic = 'next-assessment' | 'benefit-ending' | 'decision-withdrawn' | 'case-closed' | 'meeting';
type CancelReason = 'consent-withdrawn' | 'decision-withdrawn' | 'other';

export interface MyMeeting {
  meeting: MeetingType;
  date: IsoDate;
  status: 'booked' | 'held' | 'cancelled';
  cancelledBecause?: CancelReason;
}

export interface MyLetter {
  sentOn: IsoDate;
  letter: 'certificate-reminder' | 'notice' | 'notice-correction';
  about?: LetterTopic;
  criterion?: Criterion;
  fromDate?: IsoDate;
  respondBy?: IsoDate;
}

export interface MyCase {
  caseId: string;
  status: 'open' | 'closed';
  archived: boolean;
  track: CaseView['track'];
  firstSickDay: IsoDate;
  chainDay: number;
  date: IsoDate;
  criterion: Criterion;
  degree: number;
  exception?: 'predominant-reasons' | 'unreasonable';
  nextLimit?: { day: number; date: IsoDate; criterion: Criterion; daysLeft: number };
  /** `respondBy`: the last day a response is taken */
  hearing?: { respondBy: IsoDate; responded: boolean; criterion?: Criterion; benefitWouldEndOn?: IsoDate };
  benefitEndsOn?: IsoDate;
  closed?: { on: IsoDate; reason?: CloseReason };
  meetings: MyMeeting[];
  waitingFor: { party: 'employer' | 'region' | 'af' | 'av'; request: string; requestedOn: IsoDate; dueOn?: IsoDate; overdue: boolean }[];
  letters: MyLetter[];
  consents: { scope: ConsentScope; given: boolean | null; on?: IsoDate }[];
  mayDo: InsuredCommand[];
}

/** The next chain day after `today` on which the criterion changes, on this case's track and exception. */
function nextLimit(v: CaseView): MyCase['nextLimit'] {
  if (v.status !== 'open' || v.benefitEndsOnDay !== undefined) return undefined;
  const clock = { firstSickDay: v.firstSickDay, priorDays: v.priorDays };
  const exception = v.exception ? { exception: v.exception } : undefined;
  const criterionFor = (day: number) => criterionOn(v.track, day, exception, policyOn(dateOfChainDay(clock, day)));
  const day = phaseBoundaries(v.track, policyOn(v.date))
    .filter((d) => d > v.chainDay)
    .find((d) => criterionFor(d) !== criterionFor(d - 1));
  if (day === undefined) return undefined;
  const date = dateOfChainDay(clock, day);
  return { day, date, criterion: criterionFor(day), daysLeft: daysBetween(v.date, date) };
}

/** The response time runs out at the start of `respondByDay` (domain/rules/hearing.ts): the day before is the last to answer on. */
const lastDayToRespond = (clock: { firstSickDay: IsoDate; priorDays: number }, respondByDay: number): IsoDate =>
  dateOfChainDay(clock, respondByDay - 1);

/** Without a response the decision is final when the time runs out, and the benefit ends some days later. */
function benefitEndIfNoResponse(clock: { firstSickDay: IsoDate; priorDays: number }, respondByDay: number): IsoDate {
  return dateOfChainDay(clock, respondByDay + policyOn(dateOfChainDay(clock, respondByDay)).benefitEndsAfterFinalDays);
}

function meetingsOf(timeline: readonly TimelineEvent[]): MyMeeting[] {
  const out: MyMeeting[] = [];
  for (const e of timeline) {
    const meeting = e.meeting as MeetingType | undefined;
    if (e.type === 'meeting.scheduled' && meeting) out.push({ meeting, date: String(e.meetingDate), status: 'booked' });
    // held: the earliest booked meeting of its kind on or before that day (as record-meeting-held picks it)
    if (e.type === 'meeting.held') {
      const m = out.find((x) => x.meeting === meeting && x.status === 'booked' && x.date <= e.date);
      if (m) m.status = 'held';
    }
    if (e.type === 'meeting.cancelled') {
      const m = out.find((x) => x.meeting === meeting && x.status === 'booked' && x.date === e.meetingDate);
      if (m) {
        m.status = 'cancelled';
        const why = e.reason === 'consent-withdrawn' || e.reason === 'decision-withdrawn' ? e.reason : 'other';
        m.cancelledBecause = why;
      }
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

function lettersOf(v: CaseView, timeline: readonly TimelineEvent[]): MyLetter[] {
  const clock = { firstSickDay: v.firstSickDay, priorDays: v.priorDays };
  return timeline
    .filter((e) => e.type === 'agency.requested' && e.agency === 'insured')
    .map((e) => ({
      sentOn: e.date,
      letter: e.request as MyLetter['letter'],
      ...(typeof e.about === 'string' ? { about: e.about as LetterTopic } : {}),
      ...(typeof e.criterion === 'string' ? { criterion: e.criterion as Criterion } : {}),
      ...(typeof e.fromDay === 'number' ? { fromDate: dateOfChainDay(clock, e.fromDay) } : {}),
      ...(typeof e.respondByDay === 'number' ? { respondBy: lastDayToRespond(clock, e.respondByDay) } : {}),
    }));
}

function consentsOf(timeline: readonly TimelineEvent[]): MyCase['consents'] {
  return CONSENT_SCOPES.map((scope) => {
    const last = timeline.filter((e) => e.type === 'consent.recorded' && e.scope === scope).at(-1);
    return last ? { scope, given: last.given === true, on: last.date } : { scope, given: null };
  });
}

/** The case as its insured person reads it; `mayDo` from the view's availableCommands for them. */
export function myCaseOf(v: CaseView & { archived?: boolean }, timeline: readonly TimelineEvent[]): MyCase {
  const clock = { firstSickDay: v.firstSickDay, priorDays: v.priorDays };
  const letters = lettersOf(v, timeline);
  // a limit after the day the benefit would end if the person does not respond is not theirs to plan for
  const wouldEnd = v.hearing ? benefitEndIfNoResponse(clock, v.hearing.respondByDay) : undefined;
  const limit = [nextLimit(v)].find((l) => l && !(wouldEnd && l.date > wouldEnd));
  const heard = [...letters].reverse().find((l) => l.about === 'benefit-ending');
  const closeReason = v.closeReason as CloseReason | undefined;
  return {
    caseId: v.caseId,
    status: v.status,
    archived: v.archived === true,
    track: v.track,
    firstSickDay: v.firstSickDay,
    chainDay: v.chainDay,
    date: v.date,
    criterion: v.criterion,
    degree: v.degree,
    ...(v.exception ? { exception: v.exception } : {}),
    ...(limit ? { nextLimit: limit } : {}),
    ...(v.hearing
      ? {
          hearing: {
            respondBy: lastDayToRespond(clock, v.hearing.respondByDay),
            responded: v.hearing.responded,
            ...(heard?.criterion ? { criterion: heard.criterion } : {}),
            benefitWouldEndOn: wouldEnd!,
          },
        }
      : {}),
    ...(v.benefitEndsOnDay !== undefined ? { benefitEndsOn: dateOfChainDay(clock, v.benefitEndsOnDay) } : {}),
    ...(v.status === 'closed' ? { closed: { on: v.date, ...(closeReason ? { reason: closeReason } : {}) } } : {}),
    meetings: meetingsOf(timeline),
    waitingFor: v.pending.map((p) => ({
      party: p.agency as 'employer' | 'region' | 'af' | 'av',
      request: p.request,
      requestedOn: p.requestedOn,
      ...(p.dueOn ? { dueOn: p.dueOn } : {}),
      overdue: p.overdue,
    })),
    letters,
    consents: consentsOf(timeline),
    mayDo: INSURED_COMMANDS.filter((c) => v.availableCommands?.includes(c)),
  };
}
