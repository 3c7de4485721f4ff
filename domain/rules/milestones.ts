/**
 * The fixed days of the rehabilitation chain (docs/rules.md, "The employed calendar", "Tracks and
 * criteria", "Late opening", "Milestone notices").
 *
 * Source: SFB 27 kap 46–48 §§ (the criteria of days 1–90, 91–180, 181–365, 366+); sjuklönelagen
 * (the employer's days 8, 15, 22, counted in the current period); SFB 30 kap (FK takes a stand on
 * rehabilitation); FK practice (prepare day 180 on day 150, the two-year review on day 731, the
 * notice before each criterion change); our policy for due days.
 *
 * When a milestone's day comes (or has passed when a late case opens, then at once and in order):
 * - period day 8: a certificate reminder to the insured if FK has had the case from the first day
 *   and no certificate covers that day;
 * - FK takes over: tasks `assess-work-capacity` (against the criterion in force) and `assess-rehab-need`;
 * - period day 22, employed: the sick report is requested from the employer if none is registered;
 * - day 30, employed: the return-to-work plan (domain/rules/plan.ts);
 * - days 91 / 181 / 366: the criterion changes (`phase.changed`); an open assessment task against
 *   the old criterion is superseded by one against the new;
 * - day 150, not unemployed: `prepare-day-180`, unless day 180 has already passed;
 * - day 731: `long-term-review`;
 * - 14 days before days 91, 181 and 366: the insured is told what the next assessment is against.
 */
import { dateOfChainDay } from '../calendar';
import { criterionOn, phaseBoundaries, RULEBOOK, type Criterion, type Policy } from '../rulebook';
import type { CaseState, DueItem, RuleSwitches } from '../caseState';
import { completeTask, emit, findOpen, openTask, openTaskDueAfterPolicy, policyForDay, requestAgency } from '../effects';
import type { Actor } from '../vocabulary';
import { chainDayOfPeriodDay, fkHasCaseFromFirstDay, fkPaysFromFirstDay, fkTakeoverChainDay, sickReportRequestChainDay } from './opening';
import { maybeRequestPlan } from './plan';

export const criterionInForce = (s: CaseState, day: number): Criterion => criterionOn(s.track, day, s.exception, policyForDay(s, day));

/** FK has taken over (its takeover milestone has been handled). */
export function fkHasTakenOver(s: CaseState, day: number, rules: RuleSwitches): boolean {
  const takeover = fkTakeoverChainDay(s, policyForDay(s, day), rules);
  return day >= takeover && s.milestonesDone.includes(takeover);
}

const noSickReportYet = (s: CaseState): boolean => s.sickReport.registeredDay === undefined;

/** A registered certificate covers the chain day. */
function certificateCovers(s: CaseState, day: number): boolean {
  const date = dateOfChainDay(s.clock, day);
  return s.certificates.some((c) => c.from <= date && date <= c.to);
}

/** Purpose of prepare-day-180 (make the day-181 assessment possible) has not passed yet. */
const day180StillAhead = (today: number, p: Policy): boolean => today < p.normalWorkFromDay;

/**
 * Move the case to the criterion in force on `day`. A still-open assessment task against the old
 * criterion can no longer be done (it would be rejected as the wrong criterion), so it is closed as
 * superseded and a new one opens.
 */
export function syncCriterion(s: CaseState, day: number, rules: RuleSwitches, actor?: Actor): void {
  const c = criterionInForce(s, day);
  if (c === s.criterion) return;
  s.criterion = c;
  emit(s, day, 'phase.changed', { criterion: c }, actor);
  if (!fkHasTakenOver(s, day, rules)) return;
  const old = findOpen(s, 'assess-work-capacity');
  if (old) completeTask(s, day, old, undefined, { superseded: true, criterion: old.criterion });
  openTaskDueAfterPolicy(s, day, 'assess-work-capacity', { criterion: c });
}

function milestoneDays(s: CaseState, p: Policy, rules: RuleSwitches): number[] {
  const days = [
    chainDayOfPeriodDay(s, p.certificateNeededDay),
    fkTakeoverChainDay(s, p, rules),
    p.longTermReviewDay,
    ...phaseBoundaries(s.track, p),
  ];
  const sickReportDay = sickReportRequestChainDay(s, p, rules);
  if (sickReportDay !== undefined) days.push(sickReportDay);
  if (s.track === 'employed' && p.plan) days.push(p.plan.requestDay);
  if (s.track !== 'unemployed') days.push(p.prepareDay180Day);
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Period day 8: FK asks for the certificate only if it pays from the first day (round 3) and has had the case since. */
const fkAsksForCertificate = (s: CaseState, p: Policy, rules: RuleSwitches): boolean =>
  fkHasCaseFromFirstDay(s) && (!rules.round3 || fkPaysFromFirstDay(s, p, rules));

function runMilestone(s: CaseState, today: number, m: number, rules: RuleSwitches): void {
  const p = policyForDay(s, m);
  s.milestonesDone.push(m);
  if (phaseBoundaries(s.track, p).includes(m)) syncCriterion(s, today, rules);
  if (m === chainDayOfPeriodDay(s, p.certificateNeededDay) && fkAsksForCertificate(s, p, rules) && !certificateCovers(s, m)) {
    requestAgency(s, today, 'insured', 'certificate-reminder');
  }
  if (m === fkTakeoverChainDay(s, p, rules)) {
    // FK takes over (*sjukpenning*): assess work capacity and take a stand on rehabilitation. On a
    // relapse FK may take over on a phase boundary (day 91 itself): the change of criterion above
    // has then already opened the assessment, against the new criterion.
    if (!findOpen(s, 'assess-work-capacity')) openTaskDueAfterPolicy(s, today, 'assess-work-capacity', { criterion: s.criterion });
    openTask(s, today, 'assess-rehab-need', p.rehabNeedDueDay);
  }
  if (m === sickReportRequestChainDay(s, p, rules) && noSickReportYet(s)) {
    s.sickReport.requestedDay = today;
    requestAgency(s, today, 'employer', 'sick-report');
  }
  if (p.plan && m === p.plan.requestDay) maybeRequestPlan(s, today);
  if (m === p.prepareDay180Day && s.track !== 'unemployed' && day180StillAhead(today, p)) {
    openTask(s, today, 'prepare-day-180', p.normalWorkFromDay - 1);
  }
  if (m === p.longTermReviewDay) openTaskDueAfterPolicy(s, today, 'long-term-review');
}

/** The milestones not yet handled. A milestone exists when the rules in force on its own date define it. */
function milestoneItems(s: CaseState, rules: RuleSwitches): DueItem[] {
  const candidates = [...new Set(RULEBOOK.flatMap((q) => milestoneDays(s, q, rules)))].sort((a, b) => a - b);
  return candidates
    .filter((m) => !s.milestonesDone.includes(m) && milestoneDays(s, policyForDay(s, m), rules).includes(m))
    .map((m) => ({ day: m, run: (st, today) => runMilestone(st, today, m, rules) }));
}

/**
 * Milestone notices: `milestoneNoticeDaysBefore` days before a day on which the criterion changes,
 * the insured is told what the next assessment will be against. Not sent once that day has come
 * (a late case), nor when the benefit is already ending or the criterion will not change.
 */
function noticeItems(s: CaseState): DueItem[] {
  const p = policyForDay(s, s.handledThrough + 1);
  return phaseBoundaries(s.track, p)
    .filter((n) => !s.noticesDone.includes(n))
    .map((n) => ({
      day: n - p.milestoneNoticeDaysBefore,
      run: (st, today) => {
        st.noticesDone.push(n);
        const next = criterionInForce(st, n);
        if (today >= n || st.benefit || st.hearing || next === criterionInForce(st, n - 1)) return;
        (st.noticesSent ??= []).push({ fromDay: n, criterion: next });
        requestAgency(st, today, 'insured', 'notice', { fields: { about: 'next-assessment', criterion: next, fromDay: n } });
      },
    }));
}

/**
 * Corrected notices (round 3): when an exception is decided or ended after a notice about a day
 * still ahead went out, and the criterion from that day is no longer what the notice said, a
 * corrected notice follows at once, so the insured never keeps a letter that no longer holds.
 */
export function correctSentNotices(s: CaseState, today: number, actor?: Actor): void {
  for (const sent of s.noticesSent ?? []) {
    if (sent.fromDay <= today) continue;
    const now = criterionInForce(s, sent.fromDay);
    if (now === sent.criterion) continue;
    sent.criterion = now;
    requestAgency(s, today, 'insured', 'notice-correction', {
      fields: { about: 'next-assessment', criterion: now, fromDay: sent.fromDay },
      actor,
    });
  }
}

export function chainItems(s: CaseState, rules: RuleSwitches): DueItem[] {
  return [...milestoneItems(s, rules), ...(rules.milestoneNotices ? noticeItems(s) : [])];
}
