/**
 * The state of one sick-leave case and the shapes that go in and out of the rules: what the
 * workflow starts a case with, the tasks, the agency requests of the outbox, rejections.
 * Types only; the rules that change this state are in domain/rules/ (see docs/rules.md).
 */
import type { ChainClock, IsoDate, Period } from './calendar';
import type { Criterion, ExceptionKind, Track } from './rulebook';
import type { Actor, Agency, AgencyRequestName, CloseReason, ConsentScope, MeetingType, TaskName, TimelineEvent } from './vocabulary';

export interface Employer {
  orgNr: string;
  name?: string;
}

/** What the workflow is started with. No personnummer: only its keyed hash. */
/** What a closed case hands to the next case of the same chain (no personal data, no free text). */
export interface CarriedOver {
  planReceived?: true;
  exception?: ExceptionKind;
  normalWorkApproved?: true;
  /** the days (91, 181, 366) whose notice the insured already got */
  noticesDone?: number[];
}

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
  /** the caseworker's team (JWT claim `team`), for the figures per team */
  team?: string;
  /** the healthcare region's county code, if known when the case is opened */
  region?: string;
  /** a relapse: what the person's earlier case of the chain established (domain/rules/relapse.ts) */
  carriedOver?: CarriedOver;
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
  /** the AFU order or completion question a follow-up belongs to */
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
  /** for automatic meeting bookings: the last acceptable date */
  latestDate?: IsoDate;
  /** for meetings the caseworker booked: the date chosen (the agency is told, it does not pick one) */
  meetingDate?: IsoDate;
}

export interface AgencyResponse {
  reference?: string;
  slot?: IsoDate;
  acknowledged?: boolean;
}

export interface AfuOrder {
  id: number;
  orderedDay: number;
  dueDay: number;
  extended: boolean;
  reportedDay?: number;
  remindedDay?: number;
}

export interface CompletionQuestion {
  id: number;
  requestedDay: number;
  dueDay: number;
  answeredDay?: number;
  chasedDay?: number;
}

export interface Meeting {
  id: number;
  meeting: MeetingType;
  date: IsoDate;
  status: 'scheduled' | 'held' | 'cancelled';
}

export interface PendingDecision {
  decision: 'first-normal-work' | 'end-benefit';
  criterion: Criterion;
  outcome: 'reduced' | 'not-reduced';
  degree?: number;
  proposedBy: { sub: string; role: string };
  proposedDay: number;
}

/**
 * An approved refusal while the insured is heard (*kommunicering*, förvaltningslagen 25 §): the
 * insured may respond until `respondByDay`; a response opens `reconsider-decision`.
 */
export interface Hearing {
  approvedDay: number;
  criterion: Criterion;
  /** the response time runs out at the start of this day: the decision is then final */
  respondByDay: number;
  respondedDay?: number;
  /** the refusal was the first assessment against normal work (a withdrawal undoes its approval) */
  firstNormalWork?: boolean;
}

export interface Note {
  day: number;
  kind: string;
  text: string;
}

export interface Certificate {
  from: IsoDate;
  to: IsoDate;
  degree: number;
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
  team?: string;
  status: 'open' | 'closed';
  closeReason?: CloseReason;
  closedDay?: number;
  /** the chain day up to which everything due has been handled */
  handledThrough: number;
  /** fixed milestones already handled (chain days) */
  milestonesDone: number[];
  /** milestone notices already handled (the chain day each announces) */
  noticesDone: number[];
  /** milestone notices sent (round 3: what each said), for corrected notices */
  noticesSent?: { fromDay: number; criterion: Criterion }[];
  criterion: Criterion;
  /** the exception in force; `carriedOver` when a relapse took it over from the earlier case */
  exception?: { exception: ExceptionKind; day: number; carriedOver?: boolean };
  degree: number;
  /** the expected duration of the absence in days: given at opening, updated by certificates */
  expectedDurationDays?: number;
  certificates: Certificate[];
  sickReport: { requestedDay?: number; registeredDay?: number };
  plan: {
    requestedDay?: number;
    reminderDay?: number;
    escalatedDay?: number;
    registeredDay?: number;
    via?: string;
    /** received in the earlier case of the chain (a relapse does not ask again) */
    carriedOver?: boolean;
  };
  afuOrders: AfuOrder[];
  completionRequests: CompletionQuestion[];
  consents: Partial<Record<ConsentScope, { given: boolean; day: number }>>;
  meetings: Meeting[];
  pendingDecision?: PendingDecision;
  normalWorkApproved: boolean;
  /** an approved refusal being heard; absent once final or withdrawn */
  hearing?: Hearing;
  /** the benefit is ending: the refusal is final (`finalDay`; round 2 cases: ended on approval) */
  benefit?: { approvedDay: number; endsOnDay: number; finalDay?: number };
  tasks: Task[];
  seq: number;
  /** free text (may hold health information): kept out of the timeline and of every log */
  notes: Note[];
  timeline: TimelineEvent[];
  /** agency requests decided but not yet handed to the workflow */
  outbox: AgencyRequest[];
}

/**
 * Every reason the rules give for refusing a command. A union, so every table keyed by it (the web
 * app's Swedish labels, docs) is checked by the compiler when a code is added.
 */
export type RejectionCode =
  | 'INVALID_INPUT'
  | 'CASE_CLOSED'
  | 'FORBIDDEN'
  | 'NOT_A_PARTY'
  | 'AFU_ALREADY_ORDERED'
  | 'ALREADY_DECIDED'
  | 'ALREADY_REGISTERED'
  | 'CONSENT_REQUIRED'
  | 'DATE_IN_PAST'
  | 'DECISION_PENDING'
  | 'BENEFIT_ENDING_UNDER_WAY'
  | 'EXCEPTION_TOO_EARLY'
  | 'EXCEPTION_TOO_LATE'
  | 'MEETING_TOO_LATE'
  | 'NOT_APPLICABLE'
  | 'NOT_IN_FORCE'
  | 'NO_EMPLOYER'
  | 'NO_OPEN_TASK'
  | 'NO_OUTSTANDING_REQUEST'
  | 'NO_PENDING_DECISION'
  | 'NO_SCHEDULED_MEETING'
  | 'SELF_REVIEW'
  | 'WRONG_CRITERION'
  | 'NO_HEARD_DECISION'
  | 'ALREADY_RESPONDED'
  | 'NO_RESPONSE'
  | 'DATE_IN_FUTURE'
  | 'NO_EXCEPTION'
  | 'NO_REGION';
export type Rejection = { code: RejectionCode; message: string; status: 400 | 403 | 404 | 409 };
export type CommandResult = { ok: true; state: CaseState } | { ok: false; rejection: Rejection };

/**
 * Behaviour switched by workflow patches (workflows/patches.ts): a rule change that would alter what
 * a running case does on replay is applied only where Temporal's patched() says so. The domain gets
 * the answer, never Temporal itself.
 */
export interface RuleSwitches {
  /** 2026-11: the insured is told 14 days before days 91, 181 and 366 what the next assessment is against */
  milestoneNotices: boolean;
  /**
   * 2026-12, domain round 3 (docs/rules.md; docs/versioning.md says what an older case does): a
   * refusal on every criterion, the insured heard before it is final, the sick-pay period continued
   * by what remains of its 14 days, what a relapse carries over, corrected notices.
   */
  round3: boolean;
  /**
   * 2026-12: a case without a region neither offers nor accepts what would ask the region (an AFU, a
   * completion question; domain/rules/afuAndCompletions.ts, 409 NO_REGION)
   */
  regionRequired: boolean;
}

/** The rules as they stand today (every switch on): what new cases and unit tests get. */
export const CURRENT_RULES: RuleSwitches = { milestoneNotices: true, round3: true, regionRequired: true };

/** Something that comes due on a chain day (a milestone, a deadline, a reminder). */
export interface DueItem {
  day: number;
  run: (s: CaseState, today: number) => void;
}
