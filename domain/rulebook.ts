/**
 * The rulebook: every day limit and policy number of docs/rules.md in one effective-dated table, and
 * the pure rule "which criterion applies on a chain day". No Temporal imports.
 *
 * A law change is a new entry in `RULEBOOK` with its `effectiveFrom` date, never an edit of an old
 * one: running cases keep answering by the date a rule is applied (`policyOn`).
 */
import type { IsoDate } from './calendar';

export type Track = 'employed' | 'unemployed' | 'self-employed';
export const TRACKS: readonly Track[] = ['employed', 'unemployed', 'self-employed'];

/** What work capacity is assessed against (docs/rules.md, "Tracks and criteria"). */
export type Criterion = 'own-work' | 'employer-work' | 'normal-work' | 'normal-work-strict';
export const CRITERIA: readonly Criterion[] = ['own-work', 'employer-work', 'normal-work', 'normal-work-strict'];

/** Exceptions at day 181 (SFB 27 kap 48 §): *övervägande skäl* and *oskäligt*. */
export type ExceptionKind = 'predominant-reasons' | 'unreasonable';

export interface Policy {
  effectiveFrom: IsoDate;
  /** what changed with this entry, for people reading the rulebook */
  source: string;
  /** period day (day of the current sick period) FK takes over: after the employer's 14 days of *sjuklön* for employees; others from day 1 */
  fkTakeoverDay: Record<Track, number>;
  /** period day 8: a medical certificate is needed (only if FK has the case from day 1) */
  certificateNeededDay: number;
  /** period day by whose end the employer's sick report (*sjukanmälan*) is due; requested the next day */
  sickReportDueDay: number;
  /** the employer's return-to-work plan (*plan för återgång i arbete*, SFB 30 kap 6 §); null before it existed */
  plan: null | { requestDay: number; minExpectedDurationDays: number; reminderAfterDays: number; escalateAfterDays: number };
  rehabNeedDueDay: number;
  /** first day of each criterion boundary (docs/rules.md, "Tracks and criteria") */
  employerWorkFromDay: number;
  normalWorkFromDay: number;
  strictFromDay: number;
  prepareDay180Day: number;
  longTermReviewDay: number;
  /** which exceptions exist, and up to which chain day each may be decided */
  exceptions: Partial<Record<ExceptionKind, { lastDay: number | null }>>;
  /** *(policy)* due days of tasks, counted from the day the task opens */
  taskDueAfterDays: {
    'assess-work-capacity': number;
    'decide-employer-report': number;
    'review-decision': number;
    'book-transition-meeting': number;
    'follow-up-afu': number;
    'long-term-review': number;
    'follow-up-completion': number;
    'reconsider-decision': number;
    'confirm-exception': number;
  };
  /** late opening: a task that opens after its usual due day is due this many days after it opens */
  lateTaskDueAfterDays: number;
  /** the region's answer to a completion question (*komplettering*) is due this many days after it */
  completionAnswerDays: number;
  /** the insured is told this many days before days 91, 181 and 366 what the next assessment is against */
  milestoneNoticeDaysBefore: number;
  /** sjuklönelagen 7 §: a period starting within this many calendar days of the previous one's end continues its sick-pay period */
  sickPayContinuationMaxGapDays: number;
  afuReportDays: { normal: number; extended: number };
  /** förvaltningslagen 25 §: days the insured has to respond to an intended refusal (the time runs out at the start of approval day + this) */
  noticeResponseDays: number;
  /** before the insured was heard (round 2 rules, cases started before the change): the benefit ended this many days after approval */
  benefitEndsAfterDays: number;
  /** the benefit ends this many days after a refusal becomes final (upheld, or the response time ran out) */
  benefitEndsAfterFinalDays: number;
  transitionMeetingMinDaysBeforeEnd: number;
  /** relapse: earlier periods count if fewer than this many days lie between */
  relapseMaxGapDays: number;
}

const BASE: Policy = {
  effectiveFrom: '2008-07-01',
  source: 'Rehabiliteringskedjan (prop. 2007/08:136): day limits 90, 180, 365',
  fkTakeoverDay: { employed: 15, unemployed: 1, 'self-employed': 1 },
  certificateNeededDay: 8,
  sickReportDueDay: 21,
  plan: null,
  rehabNeedDueDay: 60,
  employerWorkFromDay: 91,
  normalWorkFromDay: 181,
  strictFromDay: 366,
  prepareDay180Day: 150,
  longTermReviewDay: 731,
  exceptions: { unreasonable: { lastDay: null } },
  taskDueAfterDays: {
    'assess-work-capacity': 14,
    'decide-employer-report': 7,
    'review-decision': 7,
    'book-transition-meeting': 3,
    'follow-up-afu': 7,
    'long-term-review': 30,
    'follow-up-completion': 7,
    'reconsider-decision': 7,
    'confirm-exception': 14,
  },
  lateTaskDueAfterDays: 14,
  completionAnswerDays: 14,
  milestoneNoticeDaysBefore: 14,
  sickPayContinuationMaxGapDays: 5,
  afuReportDays: { normal: 35, extended: 63 },
  noticeResponseDays: 14,
  benefitEndsAfterDays: 21,
  benefitEndsAfterFinalDays: 7,
  transitionMeetingMinDaysBeforeEnd: 7,
  relapseMaxGapDays: 90,
};

/** Oldest first. */
export const RULEBOOK: readonly Policy[] = [
  BASE,
  {
    ...BASE,
    effectiveFrom: '2018-07-01',
    source: 'SFB 30 kap 6 §: the employer must draw up a return-to-work plan when absence is expected to last ≥ 60 days',
    plan: { requestDay: 30, minExpectedDurationDays: 60, reminderAfterDays: 14, escalateAfterDays: 14 },
  },
  {
    ...BASE,
    effectiveFrom: '2021-03-15',
    source: 'SFB 27 kap 48 § (SFS 2021:71): predominant reasons (övervägande skäl) defer the normal-work test to day 366',
    plan: { requestDay: 30, minExpectedDurationDays: 60, reminderAfterDays: 14, escalateAfterDays: 14 },
    exceptions: { 'predominant-reasons': { lastDay: 365 }, unreasonable: { lastDay: null } },
  },
];

/** The rules in force on a date. */
export function policyOn(date: IsoDate, book: readonly Policy[] = RULEBOOK): Policy {
  let found = book[0]!;
  for (const p of book) if (p.effectiveFrom <= date) found = p;
  return found;
}

export interface DecidedException {
  exception: ExceptionKind;
}

/**
 * Which criterion applies on a chain day (docs/rules.md, "Tracks and criteria", and "Exceptions at day 181").
 * Rules chosen where the law is silent (docs/rules.md, "Our choices"):
 * - `unreasonable` keeps the person on the criterion of the previous phase (employer work for the
 *   employed, own business for the self-employed), also after day 365;
 * - the unemployed are assessed against normal work from day 1, and exceptions do not apply to them.
 */
export function criterionOn(track: Track, day: number, exception: DecidedException | undefined, p: Policy): Criterion {
  const kind = exception?.exception;
  if (track === 'unemployed') return 'normal-work';
  if (track === 'self-employed') {
    if (day < p.normalWorkFromDay || kind === 'unreasonable') return 'own-work';
    return 'normal-work';
  }
  if (day < p.employerWorkFromDay) return 'own-work';
  if (day < p.normalWorkFromDay) return 'employer-work';
  if (kind === 'unreasonable') return 'employer-work';
  if (day < p.strictFromDay) return kind === 'predominant-reasons' ? 'employer-work' : 'normal-work';
  return 'normal-work-strict';
}

export const isNormalWork = (c: Criterion): boolean => c === 'normal-work' || c === 'normal-work-strict';

/** The chain days on which the criterion may change for a track. */
export function phaseBoundaries(track: Track, p: Policy): number[] {
  if (track === 'unemployed') return [];
  if (track === 'self-employed') return [p.normalWorkFromDay];
  return [p.employerWorkFromDay, p.normalWorkFromDay, p.strictFromDay];
}

/** Which exceptions a track can have at all (predominant reasons is about returning to an employer). */
export function exceptionApplies(track: Track, kind: ExceptionKind): boolean {
  if (track === 'unemployed') return false;
  if (track === 'self-employed') return kind === 'unreasonable';
  return true;
}

/**
 * Keeping and purging records (gallring), docs/records.md. Source: our policy, after FK practice
 * for sickness-benefit cases (the decision's basis is kept for years after the case) and the
 * archive law's duty to purge what is no longer needed (arkivlagen 10 §, GDPR art. 5.1 e).
 * When a case closes → then its record is kept `recordRetentionYears` whole years, then purged.
 * When FK staff read a case or a person → then the access-log entry is kept `accessLogRetentionYears`.
 */
export const RECORDS_POLICY = {
  /** (policy) years a closed case's records are kept after the day it closed (RECORD_RETENTION_YEARS overrides) */
  recordRetentionYears: 10,
  /** (policy) years an access-log entry is kept after the read it records */
  accessLogRetentionYears: 10,
} as const;
