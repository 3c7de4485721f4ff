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
import type { CaseOpening, CaseState } from '../caseState';
import { emit, policyForDay } from '../effects';

/** Chain day of the first day of the current sick period (chain day `priorDays + 1`). */
export const periodFirstChainDay = (s: CaseState): number => s.clock.priorDays + 1;

/** Chain day of a day counted in the current period (period day 1 = its first day). */
export const chainDayOfPeriodDay = (s: CaseState, periodDay: number): number => s.clock.priorDays + periodDay;

/**
 * sjuklönelagen 7 §: an employee's new period that starts within `sickPayContinuationMaxGapDays`
 * calendar days of the end of the previous period continues that period's sick pay, which has
 * already run, so no new sick-pay period starts.
 */
export function continuesPreviousSickPayPeriod(s: CaseState, p: Policy): boolean {
  if (s.track !== 'employed') return false;
  const ends = s.previousPeriods.map((q) => q.to).filter((to) => daysBetween(to, s.clock.firstSickDay) > 0);
  if (ends.length === 0) return false;
  const latestEnd = ends.sort().at(-1)!;
  return daysBetween(latestEnd, s.clock.firstSickDay) <= p.sickPayContinuationMaxGapDays;
}

/** Chain day on which FK takes over (sickness benefit instead of the employer's sick pay). */
export function fkTakeoverChainDay(s: CaseState, p: Policy): number {
  if (continuesPreviousSickPayPeriod(s, p)) return periodFirstChainDay(s);
  return chainDayOfPeriodDay(s, p.fkTakeoverDay[s.track]);
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
  s.criterion = criterionOn(s.track, o.openedOnDay, undefined, policyForDay(s, o.openedOnDay));
  const relapse = o.priorDays > 0 ? { relapse: true } : {};
  emit(s, o.openedOnDay, 'case.opened', { track: o.track, priorDays: o.priorDays, ...relapse }, o.openedBy);
  emit(s, o.openedOnDay, 'phase.changed', { criterion: s.criterion });
  return s;
}
