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

/** Period day 8: FK asks for the certificate only if it pays from the first day (round 3) and has had the case since. */
const fkAsksForCertificate = (s: CaseState, p: Policy, rules: RuleSwitches): boolean =>
  fkHasCaseFromFirstDay(s) && (!rules.round3 || fkPaysFromFirstDay(s, p, rules));

/**
 * One fixed day of the chain. `day`: the chain day it falls on under the policy in force on that
 * day, or undefined when this case has no such milestone (its track, its opening). When the day is
 * handled (on it, or later for a late case), `applies` is asked against the case as it is then,
 * and `run` does what the rule says. Rows falling on the same day run in table order.
 */
export interface Milestone {
  name: string;
  day(s: CaseState, p: Policy, rules: RuleSwitches): number | undefined;
  applies(s: CaseState, today: number, p: Policy, rules: RuleSwitches): boolean;
  run(s: CaseState, today: number, p: Policy, rules: RuleSwitches): void;
}

const always = (): boolean => true;

/** The criterion changes on the track's i-th phase boundary (days 91, 181, 366; self-employed: 181). */
const criterionChange = (i: number): Milestone => ({
  name: `criterion-change-${i + 1}`,
  day: (s, p) => phaseBoundaries(s.track, p)[i],
  applies: always,
  run: (s, today, _p, rules) => syncCriterion(s, today, rules),
});

/** The milestones, a row each: "on day N, if …, do …" is one more row here (and its test). */
export const MILESTONES: readonly Milestone[] = [
  criterionChange(0),
  criterionChange(1),
  criterionChange(2),
  {
    name: 'certificate-reminder',
    day: (s, p) => chainDayOfPeriodDay(s, p.certificateNeededDay),
    applies: (s, _today, p, rules) =>
      fkAsksForCertificate(s, p, rules) && !certificateCovers(s, chainDayOfPeriodDay(s, p.certificateNeededDay)),
    run: (s, today) => requestAgency(s, today, 'insured', 'certificate-reminder'),
  },
  {
    // FK takes over (*sjukpenning*): assess work capacity and take a stand on rehabilitation. On a
    // relapse FK may take over on a phase boundary (day 91 itself): the change of criterion has
    // then already opened the assessment, against the new criterion.
    name: 'fk-takeover',
    day: fkTakeoverChainDay,
    applies: always,
    run: (s, today, p) => {
      if (!findOpen(s, 'assess-work-capacity')) openTaskDueAfterPolicy(s, today, 'assess-work-capacity', { criterion: s.criterion });
      openTask(s, today, 'assess-rehab-need', p.rehabNeedDueDay);
    },
  },
  {
    name: 'sick-report-request',
    day: sickReportRequestChainDay,
    applies: noSickReportYet,
    run: (s, today) => {
      s.sickReport.requestedDay = today;
      requestAgency(s, today, 'employer', 'sick-report');
    },
  },
  {
    name: 'return-to-work-plan',
    day: (s, p) => (s.track === 'employed' && p.plan ? p.plan.requestDay : undefined),
    applies: always,
    run: (s, today) => maybeRequestPlan(s, today),
  },
  {
    name: 'prepare-day-180',
    day: (s, p) => (s.track !== 'unemployed' ? p.prepareDay180Day : undefined),
    applies: (_s, today, p) => day180StillAhead(today, p),
    run: (s, today, p) => openTask(s, today, 'prepare-day-180', p.normalWorkFromDay - 1),
  },
  {
    name: 'long-term-review',
    day: (_s, p) => p.longTermReviewDay,
    applies: always,
    run: (s, today) => openTaskDueAfterPolicy(s, today, 'long-term-review'),
  },
];

function milestoneDays(s: CaseState, p: Policy, rules: RuleSwitches): number[] {
  const days = MILESTONES.map((m) => m.day(s, p, rules)).filter((d): d is number => d !== undefined);
  return [...new Set(days)].sort((a, b) => a - b);
}

function runMilestone(s: CaseState, today: number, m: number, rules: RuleSwitches): void {
  const p = policyForDay(s, m);
  s.milestonesDone.push(m);
  // each row's day is asked in turn, after the rows before it ran (as the rules read one after the other)
  for (const row of MILESTONES) if (row.day(s, p, rules) === m && row.applies(s, today, p, rules)) row.run(s, today, p, rules);
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
