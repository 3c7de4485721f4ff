/**
 * What a case waits for (`pending` in the case view, `Väntar på` in the web app): each request to
 * another party that is not yet answered, with the day it was asked, the day an answer is due where a
 * rule sets one, and whether that day has passed. From the case state, not the timeline, so an answer
 * takes the request off at once.
 *  - employer: the sick report (until registered); the return-to-work plan (due when the reminder
 *    goes out, `plan.reminderAfterDays` after the request);
 *  - region: each AFU until its report (due on its due day); each completion question until answered;
 *  - a booked meeting until held or cancelled: each invited party (a reconciliation meeting), or AF
 *    (joint mapping, contact, transition meeting); due on the meeting's date.
 */
import { dateOfChainDay, type IsoDate } from './calendar';
import type { CaseState } from './caseState';
import { policyForDay } from './effects';
import type { Agency, AgencyRequestName, MeetingType } from './vocabulary';

export interface PendingRequest {
  agency: Agency;
  request: AgencyRequestName;
  requestedOn: IsoDate;
  dueOn?: IsoDate;
  overdue: boolean;
  /** for a booked meeting: which */
  meeting?: MeetingType;
}

const MEETING_REQUESTS: Record<MeetingType, AgencyRequestName> = {
  reconciliation: 'meeting-invitation',
  'joint-mapping': 'joint-mapping',
  contact: 'contact-meeting',
  transition: 'transition-meeting',
};

export function pendingRequests(s: CaseState, today: number): PendingRequest[] {
  if (s.status === 'closed') return [];
  const date = (day: number) => dateOfChainDay(s.clock, day);
  const todayDate = date(today);
  const item = (agency: Agency, request: AgencyRequestName, requestedDay: number, dueDay?: number): PendingRequest => ({
    agency,
    request,
    requestedOn: date(requestedDay),
    ...(dueDay !== undefined ? { dueOn: date(dueDay) } : {}),
    overdue: dueDay !== undefined && dueDay < today,
  });
  const out: PendingRequest[] = [];
  if (s.sickReport.requestedDay !== undefined && s.sickReport.registeredDay === undefined)
    out.push(item('employer', 'sick-report', s.sickReport.requestedDay));
  if (s.plan.requestedDay !== undefined && s.plan.registeredDay === undefined) {
    const rule = policyForDay(s, s.plan.requestedDay).plan;
    out.push(item('employer', 'return-to-work-plan', s.plan.requestedDay, rule ? s.plan.requestedDay + rule.reminderAfterDays : undefined));
  }
  for (const o of s.afuOrders.filter((x) => x.reportedDay === undefined)) out.push(item('region', 'afu', o.orderedDay, o.dueDay));
  for (const q of s.completionRequests.filter((x) => x.answeredDay === undefined))
    out.push(item('region', 'certificate-completion', q.requestedDay, q.dueDay));
  for (const m of s.meetings.filter((x) => x.status === 'scheduled')) {
    const booked = [...s.timeline]
      .reverse()
      .find((e) => e.type === 'meeting.scheduled' && e.meeting === m.meeting && e.meetingDate === m.date);
    const parties = m.meeting === 'reconciliation' ? ((booked?.parties as Agency[] | undefined) ?? []) : ['af' as const];
    for (const agency of parties)
      out.push({
        agency,
        request: MEETING_REQUESTS[m.meeting],
        requestedOn: booked?.date ?? todayDate,
        dueOn: m.date,
        overdue: m.date < todayDate,
        meeting: m.meeting,
      });
  }
  return out.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
}
