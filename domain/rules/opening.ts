/**
 * Opening a case and the sick-pay period (docs/rules.md, "The chain clock" and "Sick-pay period").
 *
 * Source: SFB 27 kap (sickness benefit from the first day for others, after the sick-pay period for
 * employees); sjuklönelagen 7 § (a new sick period within 5 calendar days continues the previous
 * sick-pay period); FK practice (a case may be opened late and catches up).
 *
 * When: the case opens on `openedOnDay` (any chain day of the current period).
 * Then: the initial criterion is in force (`phase.changed`); the employer-side days are counted in
 * *period days* from the current period's first day, FK takes over on period day 15 for employees,
 * on period day 1 for everyone else and for an employee whose new period continues the previous
 * sick-pay period.
 */
import { daysBetween } from '../calendar';
import { criterionOn, type Policy } from '../rulebook';
import type { CaseOpening, CaseState, RuleSwitches } from '../caseState';
import { emit, policyForDay } from '../effects';
import { askToConfirmException, takeOver } from './relapse';

/** Chain day of the first day of the current sick period (chain day `priorDays + 1`). */
export const periodFirstChainDay = (s: CaseState): number => s.clock.priorDays + 1;

/** Chain day of a day counted in the current period (period day 1 = its first day). */
export const chainDayOfPeriodDay = (s: CaseState, periodDay: number): number => s.clock.priorDays + periodDay;

/**
 * sjuklönelagen 7 §: an employee's new period that starts within `sickPayContinuationMaxGapDays`
 * calendar days of the end of the previous period continues that period's sick-pay period.
 */
export function continuesPreviousSickPayPeriod(s: CaseState, p: Policy): boolean {
  if (s.track !== 'employed') return false;
  const ends = s.previousPeriods.map((q) => q.to).filter((to) => daysBetween(to, s.clock.firstSickDay) > 0);
  if (ends.length === 0) return false;
  const latestEnd = ends.sort().at(-1)!;
  return daysBetween(latestEnd, s.clock.firstSickDay) <= p.sickPayContinuationMaxGapDays;
}

/**
 * Round 3: the employer's sick days already used in the sick-pay period this period continues (0
 * when it starts a new one): the days of the earlier periods linked to this one by gaps of at most
 * `sickPayContinuationMaxGapDays` count, the healthy days between them do not; at most the 14 days.
 */
export function sickPayDaysUsed(s: CaseState, p: Policy): number {
  const allowance = p.fkTakeoverDay.employed - 1;
  if (s.track !== 'employed') return 0;
  const earlier = s.previousPeriods.filter((q) => daysBetween(q.to, s.clock.firstSickDay) > 0).sort((a, b) => b.to.localeCompare(a.to));
  let used = 0;
  let next = s.clock.firstSickDay;
  for (const q of earlier) {
    if (daysBetween(q.to, next) > p.sickPayContinuationMaxGapDays) break;
    used += daysBetween(q.from, q.to) + 1;
    next = q.from;
  }
  return Math.min(used, allowance);
}

/**
 * Chain day on which FK takes over (sickness benefit instead of the employer's sick pay). Round 3:
 * a continued sick-pay period leaves the employer what remains of its 14 days (sick 3 days, healthy
 * 2, sick again: FK on the new period's day 12); only when they are used does FK pay from day 1.
 * Round 2 took every continued period's 14 days as used.
 */
export function fkTakeoverChainDay(s: CaseState, p: Policy, rules: RuleSwitches): number {
  if (!rules.round3) {
    if (continuesPreviousSickPayPeriod(s, p)) return periodFirstChainDay(s);
    return chainDayOfPeriodDay(s, p.fkTakeoverDay[s.track]);
  }
  return chainDayOfPeriodDay(s, p.fkTakeoverDay[s.track] - sickPayDaysUsed(s, p));
}

/** FK pays from the period's first day: the employer pays nothing in it (not employed, or its 14 days used). */
export const fkPaysFromFirstDay = (s: CaseState, p: Policy, rules: RuleSwitches): boolean =>
  fkTakeoverChainDay(s, p, rules) === periodFirstChainDay(s);

/**
 * The chain day the employer's sick report is requested if none has come: period day 22 (round 2);
 * round 3: 7 days after FK takes over (due within the week after the sick-pay period), and never
 * when FK pays from the first day (the employer paid nothing in this period).
 */
export function sickReportRequestChainDay(s: CaseState, p: Policy, rules: RuleSwitches): number | undefined {
  if (s.track !== 'employed') return undefined;
  if (!rules.round3) return chainDayOfPeriodDay(s, p.sickReportDueDay + 1);
  if (fkPaysFromFirstDay(s, p, rules)) return undefined;
  return fkTakeoverChainDay(s, p, rules) + (p.sickReportDueDay + 1 - p.fkTakeoverDay.employed);
}

/** FK has had the case since the first day of the current period (it was opened that day). */
export const fkHasCaseFromFirstDay = (s: CaseState): boolean => s.openedOnDay <= periodFirstChainDay(s);

/** Open a case on chain day `openedOnDay`; call `advance` next to handle what is already due. */
export function openCase(o: CaseOpening): CaseState {
  const s: CaseState = {
    caseId: o.caseId,
    personKey: o.personKey,
    track: o.track,
    ...(o.employer ? { employer: o.employer } : {}),
    ...(o.region ? { region: o.region } : {}),
    clock: { firstSickDay: o.firstSickDay, priorDays: o.priorDays },
    previousPeriods: o.previousPeriods,
    openedOnDay: o.openedOnDay,
    ...(o.caseworkerId ? { caseworkerId: o.caseworkerId } : {}),
    ...(o.team ? { team: o.team } : {}),
    status: 'open',
    handledThrough: o.openedOnDay - 1,
    milestonesDone: [],
    noticesDone: [],
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
  const carried = o.priorDays > 0 && o.carriedOver ? takeOver(s, o.carriedOver) : {};
  s.criterion = criterionOn(s.track, o.openedOnDay, s.exception, policyForDay(s, o.openedOnDay));
  const relapse = o.priorDays > 0 ? { relapse: true } : {};
  const shown = Object.keys(carried).length ? { carriedOver: carried } : {};
  emit(s, o.openedOnDay, 'case.opened', { track: o.track, priorDays: o.priorDays, ...relapse, ...shown }, o.openedBy);
  emit(s, o.openedOnDay, 'phase.changed', { criterion: s.criterion });
  askToConfirmException(s);
  return s;
}
