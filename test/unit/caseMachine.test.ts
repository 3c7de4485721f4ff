/**
 * The pure case state machine (domain/caseMachine.ts) driven directly, without Temporal:
 * openCase → advance(day) → applyCommand … as the workflow does (advance to a day, then apply that
 * day's commands). Expected timelines are written out from DOMAIN.md §3–§8 and CONTRACT.md.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfChainDay } from '../../domain/calendar';
import {
  advance,
  applyAgencyResponse,
  applyCommand,
  authorise,
  drainOutbox,
  nextDueDay,
  openCase,
  periodOf,
  viewOf,
  type AgencyRequest,
  type CaseOpening,
  type CaseState,
} from '../../domain/caseMachine';
import { CURRENT_RULES } from '../../domain/caseState';
import { COMMAND_ROLES, COMMANDS, type CommandName } from '../../domain/commands';
import { parseCommandInput } from '../../domain/commandSchemas';
import { CRITERIA, type Criterion } from '../../domain/rulebook';
import { MEETINGS, ROLES, TASKS, type Actor, type Role } from '../../domain/vocabulary';
import {
  ACTOR_OF_ROLE,
  AF,
  all,
  attempt,
  clone,
  CW,
  CW2,
  EMP,
  EMPLOYER,
  exec,
  jumpTo,
  on,
  opening,
  openTasks,
  REGION,
  short,
  since,
  SPEC,
  start,
  stepTo,
  SUP,
} from './fixtures/caseMachineHelpers';

// ---------------------------------------------------------------------------------------
// the employed calendar, day by day (DOMAIN.md §3)
// ---------------------------------------------------------------------------------------

describe('employed track, nothing arrives: the calendar (docs/rules.md "The employed calendar")', () => {
  // firstSickDay 2026-01-05 (a Monday), expected absence 120 days, opened on day 1
  const daily = stepTo(start(), 800);

  const CALENDAR: [number, string[]][] = [
    [1, ['case.opened', 'phase own-work']],
    // day 8: no reminder: the employer pays days 1–14, the certificate from day 8 is its business (SjLL 8 §)
    [15, ['+assess-work-capacity@29', '+assess-rehab-need@60']], // FK takes over
    [22, ['→employer/sick-report']], // none registered by the end of day 21
    [30, ['→employer/return-to-work-plan', '!assess-work-capacity']], // expected ≥ 60, no plan; day-15 task overdue at 29 + 1
    [44, ['→employer/plan-reminder']], // requested + 14
    [58, ['+decide-employer-report@65']], // reminder + 14, due + 7
    [61, ['!assess-rehab-need']],
    [66, ['!decide-employer-report']],
    [77, ['→insured/notice']], // 14 days before day 91: the next assessment is against employer-work
    [91, ['phase employer-work', '✓assess-work-capacity (superseded)', '+assess-work-capacity@105']],
    [106, ['!assess-work-capacity']],
    [150, ['+prepare-day-180@180']],
    [167, ['→insured/notice']], // 14 days before day 181
    [181, ['phase normal-work', '✓assess-work-capacity (superseded)', '+assess-work-capacity@195', '!prepare-day-180']],
    [196, ['!assess-work-capacity']],
    [352, ['→insured/notice']], // 14 days before day 366
    [366, ['phase normal-work-strict', '✓assess-work-capacity (superseded)', '+assess-work-capacity@380']],
    [381, ['!assess-work-capacity']],
    [731, ['+long-term-review@761']],
    [762, ['!long-term-review']],
  ];

  it.each(CALENDAR)('day %i: %j', (day, events) => {
    expect(on(daily, day)).toEqual(events);
    for (const e of daily.timeline.filter((x) => x.day === day)) expect(e.date).toBe(dateOfChainDay(daily.clock, day));
  });

  it('nothing happens on any other day', () => {
    const days = new Set(CALENDAR.map(([d]) => d));
    expect(daily.timeline.filter((e) => !days.has(e.day)).map(short)).toEqual([]);
  });

  it('the superseded assessment task names its old criterion, the new one the new criterion', () => {
    const d91 = daily.timeline.filter((e) => e.day === 91);
    expect(d91[1]).toMatchObject({ type: 'task.completed', task: 'assess-work-capacity', superseded: true, criterion: 'own-work' });
    expect(d91[2]).toMatchObject({ type: 'task.opened', task: 'assess-work-capacity', criterion: 'employer-work' });
    expect(daily.tasks.filter((t) => t.task === 'assess-work-capacity' && t.status === 'open').map((t) => t.criterion)).toEqual([
      'normal-work-strict',
    ]);
  });

  it('the requests go to the outbox with distinct idempotency keys and the employer org', () => {
    const out = clone(daily).outbox;
    expect(out.map((r) => `${r.day} ${r.agency}/${r.request}`)).toEqual([
      '22 employer/sick-report',
      '30 employer/return-to-work-plan',
      '44 employer/plan-reminder',
      '77 insured/notice',
      '167 insured/notice',
      '352 insured/notice',
    ]);
    expect(new Set(out.map((r) => r.key)).size).toBe(out.length);
    for (const r of out.filter((x) => x.agency === 'employer')) expect(r.orgNr).toBe(EMPLOYER.orgNr);
    for (const r of out) expect(r.requestedOn).toBe(dateOfChainDay(daily.clock, r.day));
  });

  it('a workflow that sleeps until nextDueDay produces exactly the same timeline', () => {
    const jumped = jumpTo(start(), 800);
    expect(jumped.timeline).toEqual(daily.timeline);
    expect(jumped.tasks).toEqual(daily.tasks);
  });
});

describe('employed track: the conditions of the calendar', () => {
  it.each<[string, number | undefined, Actor, string[]]>([
    ['no sick report', undefined, CW, ['→employer/sick-report']],
    ['registered on day 15 by the employer', 15, EMP, []],
    ['registered on day 21 (the last day)', 21, CW, []],
    ['registered on day 22 (after the request went out at 00:00)', 22, EMP, ['→employer/sick-report', '←employer/sick-report']],
  ])('sick report: %s', (_name, regDay, actor, want) => {
    let s = start();
    if (regDay !== undefined) s = exec(s, regDay, 'register-sick-report', {}, actor);
    stepTo(s, 23);
    expect(on(s, 22)).toEqual(want);
  });

  it.each<[string, Partial<CaseOpening>, number | undefined, number | undefined]>([
    ['expected 120 days', { expectedDurationDays: 120 }, undefined, 30],
    ['expected exactly 60 days', { expectedDurationDays: 60 }, undefined, 30],
    ['expected 59 days', { expectedDurationDays: 59 }, undefined, undefined],
    ['no expected duration', { expectedDurationDays: undefined }, undefined, undefined],
    ['plan registered on day 25', { expectedDurationDays: 120 }, 25, undefined],
    ['plan registered on day 30 (after the request)', { expectedDurationDays: 120 }, 30, 30],
    // the plan rule exists from 2018-07-01 (SFB 30 kap 6 §)
    ['day 30 is 2018-05-30 (before the plan rule)', { firstSickDay: '2018-05-01' }, undefined, undefined],
    ['day 30 is 2018-06-30 (the last day without it)', { firstSickDay: '2018-06-01' }, undefined, undefined],
    ['day 30 is 2018-07-01 (the first day of the rule)', { firstSickDay: '2018-06-02' }, undefined, 30],
  ])('plan: %s', (_name, o, planDay, want) => {
    let s = start(o);
    if (planDay !== undefined) s = exec(s, planDay, 'register-plan', { via: 'form' }, EMP);
    stepTo(s, 120);
    const requests = s.timeline.filter((e) => e.type === 'agency.requested' && e.request === 'return-to-work-plan');
    expect(requests.map((e) => e.day)).toEqual(want === undefined ? [] : [want]);
    expect(s.plan.requestedDay).toBe(want);
  });

  it.each<[string, number, number | undefined, number | undefined]>([
    // a certificate raising the expected duration: on or after day 30 the plan is requested that same day
    ['certificate on day 40 raises the expectation to 90', 40, 90, 40],
    ['certificate on day 30 (after the milestone) raises it to 60', 30, 60, 30],
    ['certificate on day 20 raises it to 90: requested on day 30', 20, 90, 30],
    // a certificate without an expected duration whose sick leave runs ≥ 60 days from firstSickDay (to day 100)
    ['certificate on day 40 without an expected duration, to day 100', 40, undefined, 40],
    ['certificate on day 40 expects 59 days', 40, 59, undefined],
    ['certificate on day 20 without an expected duration, to day 45: < 60 days', 20, undefined, undefined],
  ])('%s', (_name, certDay, expected, want) => {
    let s = start({ expectedDurationDays: 30 });
    const date = dateOfChainDay(s.clock, certDay);
    s = exec(s, certDay, 'register-certificate', {
      from: date,
      to: dateOfChainDay(s.clock, certDay === 20 && expected === undefined ? 45 : certDay + 60),
      degree: 100,
      ...(expected !== undefined ? { expectedDurationDays: expected } : {}),
    });
    stepTo(s, 200);
    const requests = s.timeline.filter((e) => e.type === 'agency.requested' && e.request === 'return-to-work-plan');
    expect(requests.map((e) => e.day)).toEqual(want === undefined ? [] : [want]);
    if (want !== undefined) {
      // the follow-up runs from the request day: reminder + 14, decide-employer-report + 14 more, due + 7
      expect(s.timeline.filter((e) => e.request === 'plan-reminder').map((e) => e.day)).toEqual([want + 14]);
      expect(on(s, want + 28)).toContain(`+decide-employer-report@${want + 35}`);
    }
  });

  it('the plan requested because of a certificate carries the caseworker as actor', () => {
    let s = start({ expectedDurationDays: 30 });
    s = exec(s, 40, 'register-certificate', {
      from: dateOfChainDay(s.clock, 40),
      to: dateOfChainDay(s.clock, 100),
      degree: 50,
      expectedDurationDays: 90,
    });
    const req = s.timeline.find((e) => e.request === 'return-to-work-plan')!;
    expect(req).toMatchObject({ day: 40, type: 'agency.requested', agency: 'employer', actor: { sub: 'hk-1', role: 'caseworker' } });
  });

  it.each<[string, number | undefined, string[]]>([
    ['never', undefined, ['44 →employer/plan-reminder', '58 +decide-employer-report@65']],
    ['on day 43', 43, ['43 ←employer/return-to-work-plan']],
    ['on day 44 (the reminder went out at 00:00)', 44, ['44 →employer/plan-reminder', '44 ←employer/return-to-work-plan']],
    ['on day 57', 57, ['44 →employer/plan-reminder', '57 ←employer/return-to-work-plan']],
  ])('plan arrives %s', (_name, day, want) => {
    let s = start();
    if (day !== undefined) s = exec(s, day, 'register-plan', { via: 'oral' }, EMP);
    stepTo(s, 90);
    expect(
      s.timeline
        .filter((e) => e.request === 'plan-reminder' || e.request === 'return-to-work-plan' || e.task === 'decide-employer-report')
        .filter((e) => e.type !== 'task.overdue' && e.day > 30)
        .map((e) => `${e.day} ${short(e)}`),
    ).toEqual(want);
  });

  it.each([
    [true, ['70 ✓decide-employer-report', '70 →av/employer-deficiency-report']],
    [false, ['70 ✓decide-employer-report']],
  ])('decide-employer-report report=%s', (report, want) => {
    let s = stepTo(start(), 60);
    const n = s.timeline.length;
    s = exec(s, 70, 'decide-employer-report', { report });
    expect(since(s, n).filter((e) => !e.includes('!'))).toEqual(want);
    if (report) {
      const req = drainOutbox(s).find((r) => r.agency === 'av')!;
      applyAgencyResponse(s, req, { acknowledged: true }, 71);
      expect(on(s, 71)).toEqual(['←av/employer-deficiency-report']);
    }
  });

  it.each([
    ['certificate covering day 8 registered on day 5', {}, 1, true, []],
    ['employed, no certificate, opened on day 1: the employer pays, the certificate is its business', {}, 1, false, []],
    [
      'unemployed, no certificate, opened on day 1 (FK pays from day 1)',
      { track: 'unemployed', employer: undefined },
      1,
      false,
      ['→insured/certificate-reminder'],
    ],
    [
      'self-employed, no certificate, opened on day 1',
      { track: 'self-employed', employer: undefined },
      1,
      false,
      ['→insured/certificate-reminder'],
    ],
    [
      'unemployed, no certificate, opened on day 8 (FK did not have the case from day 1)',
      { track: 'unemployed', employer: undefined },
      8,
      false,
      [],
    ],
    ['unemployed, no certificate, opened on day 9 (FK did not have the case)', { track: 'unemployed', employer: undefined }, 9, false, []],
  ] as const)('day 8: %s', (_name, o, openedOnDay, cert, want) => {
    let s = start({ ...o, openedOnDay });
    if (cert) s = exec(s, 5, 'register-certificate', { from: '2026-01-05', to: '2026-01-31', degree: 100 });
    stepTo(s, 10);
    expect(s.timeline.filter((e) => e.request === 'certificate-reminder').map(short)).toEqual(want);
  });

  it.each([
    // track, milestones as (day: events) for the first year
    [
      'unemployed',
      ['1 case.opened', '1 phase normal-work', '1 +assess-work-capacity@15', '1 +assess-rehab-need@60', '8 →insured/certificate-reminder'],
    ],
    [
      'self-employed',
      [
        '1 case.opened',
        '1 phase own-work',
        '1 +assess-work-capacity@15',
        '1 +assess-rehab-need@60',
        '8 →insured/certificate-reminder',
        '150 +prepare-day-180@180',
        '167 →insured/notice',
        '181 phase normal-work',
        '181 ✓assess-work-capacity (superseded)',
        '181 +assess-work-capacity@195',
      ],
    ],
  ] as const)('%s: no employer steps; FK has the case from day 1', (track, want) => {
    const s = stepTo(start({ track }), 400);
    expect(all(s).filter((e) => !e.includes('!'))).toEqual(want);
    expect(s.outbox.some((r) => r.agency === 'employer')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// late opening (DOMAIN.md §1: passed milestones are handled at once, in order)
// ---------------------------------------------------------------------------------------

describe('a case opened late catches up in order', () => {
  it('opened on day 100: every event is on day 100, in milestone order', () => {
    const s = start({ openedOnDay: 100 });
    expect(all(s)).toEqual([
      '100 case.opened',
      '100 phase employer-work',
      '100 +assess-work-capacity@114', // day 15: FK takes over, against the criterion now in force
      '100 +assess-rehab-need@114', // its usual due day 60 has passed: due 14 days after it opens
      '100 →employer/sick-report', // day 22
      '100 →employer/return-to-work-plan', // day 30
    ]);
    expect(s.tasks.find((t) => t.task === 'assess-work-capacity')?.criterion).toBe('employer-work');
    expect(s.plan.requestedDay).toBe(100);
    expect(nextDueDay(s)).toBe(114); // the plan reminder (100 + 14)
  });

  it.each([16, 22, 31, 100, 151, 200, 367, 800])('opened on day %i', (day) => {
    const s = start({ openedOnDay: day });
    expect(s.timeline.every((e) => e.day === day)).toBe(true);
    // exactly one phase event: the opening criterion, which is the one in force on that day
    const phases = s.timeline.filter((e) => e.type === 'phase.changed');
    expect(phases).toHaveLength(1);
    const want: Criterion = day < 91 ? 'own-work' : day < 181 ? 'employer-work' : day < 366 ? 'normal-work' : 'normal-work-strict';
    expect(phases[0]!.criterion).toBe(want);
    expect(s.criterion).toBe(want);
    // one assessment task, against the current criterion; nothing superseded
    expect(s.tasks.filter((t) => t.task === 'assess-work-capacity').map((t) => `${t.criterion}@${t.dueDay}`)).toEqual([
      `${want}@${day + 14}`,
    ]);
    expect(s.timeline.some((e) => e.superseded)).toBe(false);
    // the catch-up follows the milestone order: 15 < 22 < 30 < 150 < 731
    const order = s.timeline
      .map((e) =>
        e.task === 'assess-work-capacity' && e.type === 'task.opened'
          ? 15
          : e.request === 'sick-report'
            ? 22
            : e.request === 'return-to-work-plan'
              ? 30
              : e.type === 'task.opened' && e.task === 'prepare-day-180'
                ? 150
                : e.task === 'long-term-review' && e.type === 'task.opened'
                  ? 731
                  : undefined,
      )
      .filter((x) => x !== undefined);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // prepare-day-180 only while day 180 is still ahead (its purpose has passed after it)
    expect(order).toEqual([15, 22, 30, 150, 731].filter((m) => m <= day && (m !== 150 || day <= 180)));
    // no task is due before the day it opened
    for (const t of s.tasks) expect(t.dueDay).toBeGreaterThanOrEqual(day);
    expect(s.milestonesDone).toEqual([...s.milestonesDone].sort((a, b) => a - b));
    expect(s.handledThrough).toBe(day);
  });
});

// ---------------------------------------------------------------------------------------
// overdue
// ---------------------------------------------------------------------------------------

describe('a task is overdue from dueDay + 1', () => {
  it.each([
    ['assess-work-capacity', 29],
    ['assess-rehab-need', 60],
    ['decide-employer-report', 65],
    ['prepare-day-180', 180],
    ['long-term-review', 761],
  ])('%s due on day %i', (task, due) => {
    const s = stepTo(start(), due);
    const t = s.tasks.find((x) => x.task === task && x.dueDay === due)!;
    expect(t.overdue).toBe(false);
    expect(s.timeline.some((e) => e.type === 'task.overdue' && e.task === task && e.dueDay === due)).toBe(false);
    stepTo(s, due + 1);
    expect(s.tasks.find((x) => x.id === t.id)!.overdue).toBe(true);
    expect(on(s, due + 1)).toContain(`!${task}`);
  });

  it.each([
    ['assess-work-capacity', 20, { criterion: 'own-work', outcome: 'reduced', degree: 100 }],
    ['assess-rehab-need', 60, { need: false }],
  ] as const)('%s completed on day %i is never overdue', (task, day, input) => {
    let s = start();
    s = exec(s, day, task, input);
    stepTo(s, 100);
    expect(s.timeline.filter((e) => e.type === 'task.overdue' && e.task === task && e.day <= 90)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// AFU (DOMAIN.md §4)
// ---------------------------------------------------------------------------------------

describe('AFU: report due on order day + 35 (or + 63); on the due day a reminder and follow-up-afu', () => {
  it.each<[string, boolean, number | undefined, string[]]>([
    ['no report', false, undefined, ['135 →region/afu-reminder', '135 +follow-up-afu@142', '143 !follow-up-afu']],
    ['no report, extended', true, undefined, ['163 →region/afu-reminder', '163 +follow-up-afu@170', '171 !follow-up-afu']],
    ['report on day 134', false, 134, ['134 ←region/afu']],
    [
      'report on the due day (after the reminder)',
      false,
      135,
      ['135 →region/afu-reminder', '135 +follow-up-afu@142', '135 ←region/afu', '135 ✓follow-up-afu'],
    ],
    ['report on day 140', false, 140, ['135 →region/afu-reminder', '135 +follow-up-afu@142', '140 ←region/afu', '140 ✓follow-up-afu']],
    ['extended, report on day 162', true, 162, ['162 ←region/afu']],
  ])('%s', (_name, extended, reportDay, want) => {
    let s = stepTo(start(), 99);
    s = exec(s, 100, 'order-afu', { extended });
    expect(on(s, 100)).toContain('→region/afu');
    expect(s.timeline.find((e) => e.request === 'afu')).toMatchObject({ dueDay: extended ? 163 : 135, extended });
    if (reportDay !== undefined) s = exec(s, reportDay, 'submit-afu-report', { summary: 'ok' }, REGION);
    stepTo(s, 200);
    expect(
      s.timeline
        .filter((e) => e.day > 100 && (e.request === 'afu' || e.request === 'afu-reminder' || e.task === 'follow-up-afu'))
        .map((e) => `${e.day} ${short(e)}`),
    ).toEqual(want);
  });

  it('a second AFU cannot be ordered while one is outstanding; ordering completes prepare-day-180', () => {
    let s = stepTo(start(), 150);
    s = exec(s, 155, 'order-afu', {});
    expect(on(s, 155)).toEqual(['→region/afu', '✓prepare-day-180']);
    const r = attempt(s, 156, 'order-afu', {});
    expect(r.ok ? undefined : r.rejection.code).toBe('AFU_ALREADY_ORDERED');
    s = exec(s, 170, 'submit-afu-report', {}, REGION);
    s = exec(s, 171, 'order-afu', { extended: true });
    expect(on(s, 171)).toEqual(['→region/afu']);
  });
});

// ---------------------------------------------------------------------------------------
// the four-eyes rule and the end of the benefit (DOMAIN.md §5, §6)
// ---------------------------------------------------------------------------------------

/** Day 181, first normal-work assessment approved, then an end-benefit decision approved on `approveDay`. */
function benefitEnding(approveDay = 202): CaseState {
  let s = stepTo(start(), 181);
  s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
  s = exec(s, 183, 'review-decision', { approve: true }, SPEC);
  s = exec(s, 200, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
  s = exec(s, approveDay, 'review-decision', { approve: true, comment: 'agreed' }, { sub: 'sp-2', role: 'specialist' });
  return s;
}

describe('four eyes: the first normal-work assessment and an end of benefit are only proposed', () => {
  it('first normal-work assessment: proposed, self-review rejected, another specialist approves', () => {
    let s = stepTo(start(), 181);
    const n = s.timeline.length;
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
    expect(since(s, n)).toEqual(['182 decision.proposed first-normal-work', '182 +review-decision@189']);
    expect(s.timeline.at(-2)).toMatchObject({ actor: { sub: 'hk-1', role: 'caseworker' }, criterion: 'normal-work', outcome: 'reduced' });
    expect(s.degree).toBe(100); // not in effect yet
    expect(openTasks(s)).toContain('assess-work-capacity@195');
    expect(viewOf(s, 182).pendingDecision).toEqual({ decision: 'first-normal-work', proposedDay: 182 });

    // the proposer, even with the specialist role, cannot review it
    const self = attempt(s, 183, 'review-decision', { approve: true }, { sub: 'hk-1', role: 'specialist' });
    expect(self.ok ? undefined : self.rejection).toMatchObject({ code: 'SELF_REVIEW', status: 409 });
    // a caseworker cannot review at all
    const cw = attempt(s, 183, 'review-decision', { approve: true }, CW2);
    expect(cw.ok ? undefined : cw.rejection).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    // another assessment while one is pending
    const again = attempt(s, 183, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced' });
    expect(again.ok ? undefined : again.rejection.code).toBe('DECISION_PENDING');

    const m = s.timeline.length;
    s = exec(s, 183, 'review-decision', { approve: true }, SPEC);
    expect(since(s, m)).toEqual(['183 ✓review-decision', '183 decision.approved first-normal-work', '183 ✓assess-work-capacity']);
    expect(s.degree).toBe(50);
    expect(s.normalWorkApproved).toBe(true);
    expect(s.pendingDecision).toBeUndefined();

    // later assessments against normal work with reduced capacity take effect at once
    const k = s.timeline.length;
    s = exec(s, 190, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 25 });
    expect(since(s, k)).toEqual(['190 cmd assess-work-capacity', '190 ✓prepare-day-180']);
    expect(s.degree).toBe(25);
  });

  it('a returned decision does not take effect and the assessment task stays open', () => {
    let s = stepTo(start(), 181);
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
    const m = s.timeline.length;
    s = exec(s, 184, 'review-decision', { approve: false, comment: 'medical basis too thin' }, SPEC);
    expect(since(s, m)).toEqual(['184 ✓review-decision', '184 decision.returned first-normal-work']);
    expect(s.degree).toBe(100);
    expect(s.normalWorkApproved).toBe(false);
    expect(openTasks(s)).toContain('assess-work-capacity@195');
    expect(JSON.stringify(s.timeline)).not.toContain('medical basis'); // comments are notes, not timeline
    // it can be proposed again
    s = exec(s, 185, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 75 });
    expect(on(s, 185)).toEqual(['decision.proposed first-normal-work', '+review-decision@192']);
  });

  it('an approved refusal: the insured is heard (notice, 14 days), AF asked for a transition meeting by end − 7; final without a response on day approval + 14, ends + 21', () => {
    let s = stepTo(start(), 181);
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
    s = exec(s, 183, 'review-decision', { approve: true }, SPEC);
    s = exec(s, 200, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    expect(on(s, 200)).toEqual(['decision.proposed end-benefit', '+review-decision@207']);
    drainOutbox(s);
    const m = s.timeline.length;
    s = exec(s, 202, 'review-decision', { approve: true }, { sub: 'sp-2', role: 'specialist' });
    expect(since(s, m)).toEqual([
      '202 ✓review-decision',
      '202 decision.approved end-benefit',
      '202 →insured/notice',
      '202 →af/transition-meeting',
    ]);
    expect(s.timeline.find((e) => e.type === 'agency.requested' && e.about === 'benefit-ending')).toMatchObject({
      criterion: 'normal-work',
      respondByDay: 216,
    });
    expect(s.benefit).toBeUndefined();
    expect(s.hearing).toEqual({ approvedDay: 202, criterion: 'normal-work', respondByDay: 216 });
    const req = s.outbox.find((r) => r.request === 'transition-meeting')!;
    expect(req).toMatchObject({ agency: 'af', day: 202, latestDate: dateOfChainDay(s.clock, 216) });
    expect(nextDueDay(s)).toBe(216);
    const n = s.timeline.length;
    jumpTo(s, 216);
    expect(since(s, n)).toEqual(['216 benefit.ending 223']);
    expect(s.timeline.find((e) => e.type === 'benefit.ending')).toMatchObject({ endsOnDay: 223, endsOn: dateOfChainDay(s.clock, 223) });
    expect(s.benefit).toEqual({ approvedDay: 202, endsOnDay: 223, finalDay: 216 });
    expect(viewOf(s, 216)).toMatchObject({ status: 'open', benefitEndsOnDay: 223 });
    jumpTo(s, 223);
    expect(s.closeReason).toBe('benefit-ended');
  });

  it('capacity in normal work is an end-benefit proposal even as the first normal-work assessment', () => {
    let s = stepTo(start(), 181);
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    expect(on(s, 182)).toEqual(['decision.proposed end-benefit', '+review-decision@189']);
    expect(s.benefit).toBeUndefined();
  });

  it.each<[string, number | null, string[]]>([
    // slot relative to the end day (223), latest acceptable date = day 216
    ['slot on end − 7 (the latest date)', 216, ['←af/transition-meeting', 'meeting.scheduled transition', '→insured/notice']],
    ['slot on end − 10', 213, ['←af/transition-meeting', 'meeting.scheduled transition', '→insured/notice']],
    ['slot on end − 6', 217, ['←af/transition-meeting', '+book-transition-meeting@206']],
    ['slot on the end day', 223, ['←af/transition-meeting', '+book-transition-meeting@206']],
    ['slot in the past', 201, ['←af/transition-meeting', '+book-transition-meeting@206']],
    ['no slot', null, ['←af/transition-meeting', '+book-transition-meeting@206']],
  ])('applyAgencyResponse: %s', (_name, slotDay, want) => {
    const s = benefitEnding(202);
    const req = drainOutbox(s).find((r) => r.request === 'transition-meeting')!;
    advance(s, 203);
    const n = s.timeline.length;
    applyAgencyResponse(s, req, slotDay === null ? { reference: 'x' } : { slot: dateOfChainDay(s.clock, slotDay) }, 203);
    expect(s.timeline.slice(n).map(short)).toEqual(want);
    expect(s.timeline.slice(n).every((e) => e.day === 203)).toBe(true);
    if (want.includes('meeting.scheduled transition')) {
      expect(s.meetings).toEqual([
        expect.objectContaining({ meeting: 'transition', date: dateOfChainDay(s.clock, slotDay!), status: 'scheduled' }),
      ]);
    } else {
      expect(s.meetings).toEqual([]);
      // the caseworker books it by hand, which completes the task; on the end day it is refused
      const late = attempt(s, 204, 'schedule-meeting', { meeting: 'transition', date: dateOfChainDay(s.clock, 223) });
      expect(late.ok ? undefined : late.rejection.code).toBe('MEETING_TOO_LATE');
      const ok = exec(s, 204, 'schedule-meeting', { meeting: 'transition', date: dateOfChainDay(s.clock, 222) });
      expect(on(ok, 204)).toEqual([
        'meeting.scheduled transition',
        '→af/transition-meeting',
        '✓book-transition-meeting',
        '→insured/notice',
      ]);
    }
  });

  it('the case closes on endsOnDay with reason benefit-ended, and nothing happens after', () => {
    const s = benefitEnding(202);
    stepTo(s, 222);
    expect(s.status).toBe('open');
    stepTo(s, 223);
    expect(s.status).toBe('closed');
    expect(on(s, 223)).toEqual(['closed benefit-ended']);
    expect(s.closedDay).toBe(223);
    expect(nextDueDay(s)).toBeUndefined();
    const n = s.timeline.length;
    stepTo(s, 800);
    expect(s.timeline.length).toBe(n);
    const r = applyCommand(s, 'reassign', { caseworkerId: 'hk-9' }, SUP, 300);
    expect(r.ok ? undefined : r.rejection.code).toBe('CASE_CLOSED');
    // the period it covered ends the day before the benefit ended
    expect(periodOf(s)).toEqual({ from: '2026-01-05', to: dateOfChainDay(s.clock, 222) });
  });

  it('full return to work closes the case; partial changes the degree', () => {
    let s = stepTo(start(), 40);
    s = exec(s, 41, 'report-return-to-work', { extent: 'partial', degree: 50 }, EMP);
    expect(s.status).toBe('open');
    expect(s.degree).toBe(50);
    s = exec(s, 50, 'report-return-to-work', { extent: 'full' }, EMP);
    expect(on(s, 50)).toEqual(['→insured/notice', 'closed returned-to-work']);
    expect(periodOf(s)).toEqual({ from: '2026-01-05', to: dateOfChainDay(s.clock, 49) });
  });
});

// ---------------------------------------------------------------------------------------
// exceptions at day 181 (DOMAIN.md §2)
// ---------------------------------------------------------------------------------------

describe('exceptions', () => {
  it.each<[string, string, number, [number, Criterion][], string[]]>([
    [
      'predominant-reasons decided on day 160',
      'predominant-reasons',
      160,
      [
        [180, 'employer-work'],
        [181, 'employer-work'],
        [365, 'employer-work'],
        [366, 'normal-work-strict'],
      ],
      ['1 phase own-work', '91 phase employer-work', '366 phase normal-work-strict'],
    ],
    [
      'unreasonable decided on day 160',
      'unreasonable',
      160,
      [
        [181, 'employer-work'],
        [366, 'employer-work'],
        [400, 'employer-work'],
      ],
      ['1 phase own-work', '91 phase employer-work'],
    ],
    [
      'predominant-reasons decided on day 200 (after the normal-work phase began)',
      'predominant-reasons',
      200,
      [
        [181, 'normal-work'],
        [199, 'normal-work'],
        [200, 'employer-work'],
        [366, 'normal-work-strict'],
      ],
      ['1 phase own-work', '91 phase employer-work', '181 phase normal-work', '200 phase employer-work', '366 phase normal-work-strict'],
    ],
  ])('%s', (_name, exception, day, checks, phases) => {
    let s = stepTo(start(), day - 1);
    s = exec(s, day, 'decide-exception', { exception, reason: 'return to employer likely' });
    expect(on(s, day)[0]).toBe('exception.decided');
    stepTo(s, 400);
    const criterionAt = (d: number) => s.timeline.filter((e) => e.type === 'phase.changed' && e.day <= d).at(-1)!.criterion;
    for (const [d, c] of checks) expect(criterionAt(d), `day ${d}`).toBe(c);
    expect(s.timeline.filter((e) => e.type === 'phase.changed').map((e) => `${e.day} ${short(e)}`)).toEqual(phases);
    expect(s.exception).toEqual({ exception, day });
    expect(s.tasks.filter((t) => t.task === 'prepare-day-180').map((t) => t.status)).toEqual(['completed']);
    expect(JSON.stringify(s.timeline)).not.toContain('return to employer likely');
  });

  it.each<[string, Partial<CaseOpening>, number, string, string]>([
    ['before day 150', {}, 149, 'predominant-reasons', 'EXCEPTION_TOO_EARLY'],
    ['predominant reasons after day 365', {}, 366, 'predominant-reasons', 'EXCEPTION_TOO_LATE'],
    ['predominant reasons before 2021-03-15', { firstSickDay: '2020-01-01' }, 200, 'predominant-reasons', 'NOT_IN_FORCE'],
    ['predominant reasons for the self-employed', { track: 'self-employed' }, 200, 'predominant-reasons', 'NOT_APPLICABLE'],
    ['any exception for the unemployed', { track: 'unemployed' }, 200, 'unreasonable', 'NOT_APPLICABLE'],
  ])('rejected: %s', (_name, o, day, exception, code) => {
    const s = start(o);
    const r = attempt(s, day, 'decide-exception', { exception, reason: 'x' });
    expect(r.ok ? undefined : r.rejection.code).toBe(code);
  });

  it('unreasonable is still available after day 365', () => {
    let s = stepTo(start(), 399);
    s = exec(s, 400, 'decide-exception', { exception: 'unreasonable', reason: 'serious illness' });
    expect(on(s, 400)).toEqual([
      'exception.decided',
      '✓prepare-day-180',
      'phase employer-work',
      '✓assess-work-capacity (superseded)',
      '+assess-work-capacity@414',
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// rejections
// ---------------------------------------------------------------------------------------

describe('WRONG_CRITERION: assessments only against the criterion in force', () => {
  const ROWS: [string, number, Criterion][] = [];
  const inForce: [string, number, Criterion][] = [
    ['employed', 20, 'own-work'],
    ['employed', 90, 'own-work'],
    ['employed', 91, 'employer-work'],
    ['employed', 180, 'employer-work'],
    ['employed', 181, 'normal-work'],
    ['employed', 366, 'normal-work-strict'],
    ['unemployed', 20, 'normal-work'],
    ['self-employed', 100, 'own-work'],
    ['self-employed', 400, 'normal-work'],
  ];
  for (const [track, day] of inForce) for (const sent of CRITERIA) ROWS.push([track, day, sent]);

  it.each(ROWS)('%s, day %i, assessed against %s', (track, day, sent) => {
    const want = inForce.find(([t, d]) => t === track && d === day)![2];
    const s = start({ track: track as CaseOpening['track'] });
    const r = attempt(s, day, 'assess-work-capacity', { criterion: sent, outcome: 'reduced', degree: 100 });
    if (sent === want) {
      expect(r.ok).toBe(true);
    } else {
      expect(r.ok ? undefined : r.rejection).toMatchObject({ code: 'WRONG_CRITERION', status: 409 });
      expect(r.ok ? '' : r.rejection.message).toContain(want);
    }
  });
});

describe('CONSENT_REQUIRED', () => {
  it.each<[string, [string, boolean][], boolean]>([
    ['no consent recorded', [], false],
    ['consent refused', [['joint-mapping', false]], false],
    ['consent for another scope only', [['employer-contact', true]], false],
    ['consent given', [['joint-mapping', true]], true],
    [
      'consent given, then withdrawn',
      [
        ['joint-mapping', true],
        ['joint-mapping', false],
      ],
      false,
    ],
  ])('joint mapping with AF: %s', (_name, consents, ok) => {
    let s = start({ track: 'unemployed' });
    for (const [scope, given] of consents) s = exec(s, 20, 'record-consent', { scope, given });
    const r = attempt(s, 21, 'schedule-meeting', { meeting: 'joint-mapping', date: dateOfChainDay(s.clock, 30) });
    if (ok) {
      expect(r.ok && on(r.state, 21)).toEqual(['meeting.scheduled joint-mapping', '→af/joint-mapping', '→insured/notice']);
    } else {
      expect(r.ok ? undefined : r.rejection).toMatchObject({ code: 'CONSENT_REQUIRED', status: 409 });
    }
  });

  it.each([
    [false, 'CONSENT_REQUIRED'],
    [true, 'accepted'],
  ])('the region notifies a rehabilitation need with consent=%s → %s', (consent, code) => {
    const after = exec(start({ track: 'unemployed' }), 61, 'assess-rehab-need', { need: false });
    const r = attempt(after, 70, 'notify-rehab-need', { consent }, REGION);
    if (code !== 'accepted') expect(r.ok ? undefined : r.rejection.code).toBe(code);
    else expect(r.ok && on(r.state, 70)).toEqual(['consent.recorded', '+assess-rehab-need@84']);
  });

  it('a notification while assess-rehab-need is open opens no second task', () => {
    const s = start();
    const r = exec(s, 20, 'notify-rehab-need', { consent: true }, REGION);
    expect(on(r, 20)).toEqual(['consent.recorded']);
    expect(r.tasks.filter((t) => t.task === 'assess-rehab-need')).toHaveLength(1);
  });
});

describe('a rejected command changes nothing (state and timeline deep-equal before and after)', () => {
  type Setup = () => { s: CaseState; day: number };
  const at =
    (day: number, o: Partial<CaseOpening> = {}): Setup =>
    () => ({ s: stepTo(start(o), day), day });
  const pending: Setup = () => {
    const s = exec(stepTo(start(), 181), 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced' });
    return { s, day: 183 };
  };
  const closed: Setup = () => ({ s: exec(stepTo(start(), 40), 40, 'close-case', { reason: 'emigrated' }), day: 41 });
  const ending: Setup = () => ({ s: benefitEnding(202), day: 205 });

  it.each<[string, string, Setup, CommandName, unknown, Actor]>([
    ['wrong criterion', 'WRONG_CRITERION', at(100), 'assess-work-capacity', { criterion: 'own-work', outcome: 'reduced' }, CW],
    [
      'joint mapping without consent',
      'CONSENT_REQUIRED',
      at(100),
      'schedule-meeting',
      { meeting: 'joint-mapping', date: '2026-05-01' },
      CW,
    ],
    ['region notification without consent', 'CONSENT_REQUIRED', at(100), 'notify-rehab-need', { consent: false }, REGION],
    ['meeting in the past', 'DATE_IN_PAST', at(100), 'schedule-meeting', { meeting: 'reconciliation', date: '2026-01-10' }, CW],
    [
      'transition meeting on the end day',
      'MEETING_TOO_LATE',
      ending,
      'schedule-meeting',
      { meeting: 'transition', date: '2026-08-15' },
      CW,
    ],
    ['role not allowed', 'FORBIDDEN', at(100), 'register-certificate', { from: '2026-01-05', to: '2026-02-05', degree: 50 }, EMP],
    ['employer of another org', 'NOT_A_PARTY', at(100), 'register-plan', { via: 'form' }, { ...EMP, org: '212000-0142' }],
    ['self review', 'SELF_REVIEW', pending, 'review-decision', { approve: true }, { sub: 'hk-1', role: 'specialist' }],
    [
      'assessment while a decision is pending',
      'DECISION_PENDING',
      pending,
      'assess-work-capacity',
      { criterion: 'normal-work', outcome: 'reduced' },
      CW,
    ],
    [
      'exception while a decision is pending',
      'DECISION_PENDING',
      pending,
      'decide-exception',
      { exception: 'unreasonable', reason: 'r' },
      CW,
    ],
    ['review without a proposal', 'NO_PENDING_DECISION', at(100), 'review-decision', { approve: true }, SPEC],
    ['decide-employer-report without the task', 'NO_OPEN_TASK', at(40), 'decide-employer-report', { report: true }, CW],
    ['long-term review without the task', 'NO_OPEN_TASK', at(100), 'complete-long-term-review', {}, SUP],
    [
      'second sick report',
      'ALREADY_REGISTERED',
      () => ({ s: exec(start(), 16, 'register-sick-report', {}, EMP), day: 17 }),
      'register-sick-report',
      {},
      EMP,
    ],
    ['sick report on the unemployed track', 'NOT_APPLICABLE', at(30, { track: 'unemployed' }), 'register-sick-report', {}, CW],
    ['AFU report from a region never asked anything', 'NOT_A_PARTY', at(100), 'submit-afu-report', {}, REGION],
    [
      'completion answer from a region never asked anything',
      'NOT_A_PARTY',
      at(100),
      'answer-certificate-completion',
      { answer: 'a' },
      REGION,
    ],
    ['meeting held that was never scheduled', 'NO_SCHEDULED_MEETING', at(100), 'record-meeting-held', { meeting: 'reconciliation' }, CW],
    ['AF never asked anything reports a meeting', 'NOT_A_PARTY', at(100), 'record-meeting-held', { meeting: 'reconciliation' }, AF],
    ['exception too early', 'EXCEPTION_TOO_EARLY', at(100), 'decide-exception', { exception: 'unreasonable', reason: 'r' }, CW],
    ['any command on a closed case', 'CASE_CLOSED', closed, 'reassign', { caseworkerId: 'hk-2' }, SUP],
  ])('%s → %s', (_name, code, setup, command, input, actor) => {
    const { s, day } = setup();
    const parsed = parseCommandInput(command, input);
    expect(parsed.ok).toBe(true);
    const before = clone(s);
    const r = applyCommand(s, command, parsed.ok ? parsed.value : (input as never), actor, day);
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.rejection.code).toBe(code);
    expect(r.ok ? '' : r.rejection.message.length).toBeGreaterThan(10);
    expect(s).toEqual(before);
    expect(s.timeline).toHaveLength(before.timeline.length);
  });

  it('an accepted command does not mutate the state it was given either', () => {
    const s = stepTo(start(), 100);
    const before = clone(s);
    const r = applyCommand(s, 'order-afu', {}, CW, 100);
    expect(r.ok).toBe(true);
    expect(s).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------
// authorisation (CONTRACT.md "who may send it")
// ---------------------------------------------------------------------------------------

describe('authorise', () => {
  /** CONTRACT.md, written out: command → roles. */
  const CONTRACT: Record<string, Role[]> = {
    'register-certificate': ['caseworker'],
    'register-sick-report': ['caseworker', 'employer'],
    'register-plan': ['caseworker', 'employer'],
    'assess-rehab-need': ['caseworker'],
    'order-afu': ['caseworker'],
    'submit-afu-report': ['region'],
    'request-certificate-completion': ['caseworker'],
    'answer-certificate-completion': ['region'],
    'notify-rehab-need': ['region'],
    'record-consent': ['caseworker', 'insured'],
    'schedule-meeting': ['caseworker'],
    'record-meeting-held': ['caseworker', 'af'],
    'decide-exception': ['caseworker'],
    'assess-work-capacity': ['caseworker'],
    'review-decision': ['specialist'],
    'decide-employer-report': ['caseworker'],
    'report-return-to-work': ['caseworker', 'employer'],
    reassign: ['supervisor'],
    'complete-long-term-review': ['supervisor'],
    'close-case': ['caseworker'],
    'record-response': ['caseworker', 'insured'],
    'uphold-decision': ['caseworker'],
    'withdraw-decision': ['caseworker'],
    'confirm-exception': ['caseworker'],
    'end-exception': ['caseworker'],
  };

  it('COMMAND_ROLES lists exactly the commands of CONTRACT.md', () => {
    expect([...COMMANDS].sort()).toEqual(Object.keys(CONTRACT).sort());
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  // region and AF act only on cases where they were asked something (domain/parties.ts)
  const started = start();
  const s = {
    ...started,
    timeline: [
      ...started.timeline,
      ...(['region', 'af'] as const).map((agency) => ({ day: 1, date: '2026-01-05', type: 'agency.requested' as const, agency })),
    ],
  };
  const MATRIX = COMMANDS.flatMap((c) => ROLES.map((role) => [c, role, CONTRACT[c]!.includes(role)] as const));

  it.each(MATRIX)('%s by %s → allowed %s', (command, role, allowed) => {
    const denied = authorise(s, command, ACTOR_OF_ROLE[role]);
    if (allowed) expect(denied).toBeUndefined();
    else expect(denied).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  const EMPLOYER_COMMANDS = Object.entries(CONTRACT)
    .filter(([, roles]) => roles.includes('employer'))
    .map(([c]) => c as CommandName);

  it.each(
    EMPLOYER_COMMANDS.flatMap(
      (c) =>
        [
          [c, 'the case employer', 'allowed', EMP, 'employed'],
          [c, 'another organisation', 'NOT_A_PARTY', { ...EMP, org: '212000-0142' }, 'employed'],
          [c, 'no org claim', 'NOT_A_PARTY', { sub: 'emp-1', role: 'employer' }, 'employed'],
          [c, 'the org on a case without employer', 'NOT_A_PARTY', EMP, 'unemployed'],
        ] as const,
    ),
  )('%s by an employer (%s) → %s', (command, _name, code, actor, track) => {
    const denied = authorise(start({ track: track as CaseOpening['track'] }), command, actor as Actor);
    if (code === 'allowed') expect(denied).toBeUndefined();
    else expect(denied).toMatchObject({ status: 403, code });
  });
});

// ---------------------------------------------------------------------------------------
// advance and nextDueDay
// ---------------------------------------------------------------------------------------

/** Brute force: the first day after handledThrough on which advancing changes anything. */
function bruteNextDueDay(s: CaseState, horizon = 1000): number | undefined {
  const strip = (x: CaseState) => JSON.stringify({ ...x, handledThrough: 0 });
  const base = strip(s);
  for (let d = s.handledThrough + 1; d <= s.handledThrough + horizon; d++) {
    if (strip(advance(clone(s), d)) !== base) return d;
  }
  return undefined;
}

describe('advance is idempotent and nextDueDay is the earliest pending item', () => {
  const SCENARIOS: [string, () => CaseState][] = [
    ['employed, nothing arrives', () => start()],
    ['employed, opened late on day 100', () => start({ openedOnDay: 100 })],
    ['unemployed', () => start({ track: 'unemployed' })],
    ['self-employed', () => start({ track: 'self-employed' })],
    ['relapse (priorDays 40)', () => start({ priorDays: 40, openedOnDay: 41 })],
    ['AFU ordered on day 3', () => exec(start(), 3, 'order-afu', {})],
    ['benefit ending', () => benefitEnding(202)],
  ];
  const DAYS = [1, 8, 15, 29, 30, 44, 60, 100, 180, 181, 223, 400, 760, 800];

  it.each(SCENARIOS.flatMap(([name, make]) => DAYS.map((d) => [name, d, make] as const)))('%s: at day %i', (_name, day, make) => {
    const s = make();
    jumpTo(s, Math.max(day, s.handledThrough));
    // idempotent: advancing again to the same day adds nothing
    const before = clone(s);
    advance(s, s.handledThrough);
    expect(s).toEqual(before);
    // nextDueDay: after handledThrough, and exactly the first day on which something happens
    const next = nextDueDay(s);
    if (next !== undefined) expect(next).toBeGreaterThan(s.handledThrough);
    expect(next).toBe(s.status === 'closed' ? undefined : bruteNextDueDay(s));
  });

  it('advancing to an earlier day than handled changes nothing', () => {
    const s = stepTo(start(), 100);
    const before = clone(s);
    advance(s, 50);
    expect(s).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------
// property: random command sequences keep the timeline consistent
// ---------------------------------------------------------------------------------------

describe('property: random runs', () => {
  const MEETING_LIST = [...MEETINGS];
  type Step =
    | { kind: 'advance'; by: number }
    | { kind: 'command'; which: number; n: number; flag: boolean; pick: number }
    | { kind: 'respond'; offset: number; flag: boolean };

  /** Every command, with the decision commands more often (they need several steps to be accepted). */
  const PICK: CommandName[] = [
    ...COMMANDS,
    ...(['assess-work-capacity', 'review-decision', 'decide-exception', 'schedule-meeting', 'record-meeting-held'] as const).flatMap(
      (c) => [c, c, c],
    ),
  ];
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: fc.integer({ min: 1, max: 90 }) }) },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('command' as const),
        which: fc.nat({ max: PICK.length - 1 }),
        n: fc.integer({ min: 0, max: 60 }),
        flag: fc.boolean(),
        pick: fc.nat({ max: 99 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('respond' as const), offset: fc.integer({ min: -5, max: 30 }), flag: fc.boolean() }),
    },
  );

  /** A schema-valid input for a command, sent by a role allowed to send it (mostly plausible for the state). */
  function makeCommand(
    s: CaseState,
    day: number,
    st: Extract<Step, { kind: 'command' }>,
  ): { command: CommandName; input: unknown; actor: Actor } {
    const command = PICK[st.which]!;
    const date = (k: number) => dateOfChainDay(s.clock, day + k);
    const degree = ([25, 50, 75, 100] as const)[st.pick % 4];
    const roles = COMMAND_ROLES[command];
    let actor: Actor = ACTOR_OF_ROLE[roles[st.pick % roles.length]!];
    let input: unknown = {};
    switch (command) {
      case 'register-certificate':
        input = { from: date(0), to: date(st.n), degree, ...(st.flag ? { expectedDurationDays: 30 + st.n * 3 } : {}) };
        break;
      case 'register-plan':
        input = { via: st.flag ? 'form' : 'oral' };
        break;
      case 'assess-rehab-need':
        input = { need: st.flag };
        break;
      case 'order-afu':
        input = { extended: st.flag };
        break;
      case 'request-certificate-completion':
        input = { question: 'q' };
        break;
      case 'answer-certificate-completion':
        input = { answer: 'a' };
        break;
      case 'notify-rehab-need':
        input = { consent: st.pick % 5 !== 0 };
        break;
      case 'record-consent':
        input = { scope: (['employer-contact', 'joint-mapping', 'region-notification'] as const)[st.pick % 3], given: st.flag };
        break;
      case 'schedule-meeting':
        input = { meeting: MEETING_LIST[st.pick % MEETING_LIST.length], date: date(st.n - 3) };
        break;
      case 'record-meeting-held':
        input = { meeting: MEETING_LIST[st.pick % MEETING_LIST.length] };
        break;
      case 'decide-exception':
        input = { exception: st.flag ? 'predominant-reasons' : 'unreasonable', reason: 'r' };
        break;
      case 'assess-work-capacity':
        input = {
          criterion: st.pick < 80 ? s.criterion : CRITERIA[st.pick % 4],
          outcome: st.pick % 3 === 0 ? 'not-reduced' : 'reduced',
          ...(st.flag ? { degree } : {}),
        };
        break;
      case 'review-decision':
        input = { approve: st.pick % 4 !== 0 };
        actor = st.pick % 7 === 0 ? { sub: 'hk-1', role: 'specialist' } : SPEC;
        break;
      case 'decide-employer-report':
        input = { report: st.flag };
        break;
      case 'report-return-to-work':
        input = st.pick % 20 === 0 ? { extent: 'full' } : { extent: 'partial', degree: ([25, 50, 75] as const)[st.pick % 3] };
        break;
      case 'reassign':
        input = { caseworkerId: `hk-${st.n}` };
        break;
      case 'close-case':
        if (st.pick % 20 !== 0) return makeCommand(s, day, { ...st, which: PICK.indexOf('reassign') });
        input = { reason: 'other' };
        break;
      case 'withdraw-decision':
        input = { reason: st.flag ? 'new-medical-information' : 'other' };
        break;
      case 'end-exception':
        input = { reason: 'r' };
        break;
      default:
        input = {};
    }
    return { command, input, actor };
  }

  /** Invariants of a timeline and state. */
  function checkInvariants(s: CaseState): void {
    const open = new Map<string, number>();
    const overdue = new Map<string, number>();
    const opened = new Map<string, number>();
    let lastDay = -Infinity;
    for (const e of s.timeline) {
      expect(e.day, `${e.type} goes back in time`).toBeGreaterThanOrEqual(lastDay);
      lastDay = e.day;
      expect(e.date).toBe(dateOfChainDay(s.clock, e.day));
      const task = String(e.task);
      if (e.type === 'task.opened') {
        expect(TASKS).toContain(e.task);
        open.set(task, (open.get(task) ?? 0) + 1);
        opened.set(task, (opened.get(task) ?? 0) + 1);
      }
      if (e.type === 'task.completed') {
        expect(open.get(task) ?? 0, `${task} completed on day ${e.day} but none open`).toBeGreaterThan(0);
        open.set(task, open.get(task)! - 1);
      }
      if (e.type === 'case.closed') {
        // tasks still open when the case closes are cancelled, and the event names them
        const cancelled = (e.cancelledTasks as string[] | undefined) ?? [];
        expect(cancelled.slice().sort()).toEqual([...open].flatMap(([t, n]) => Array<string>(n).fill(t)).sort());
        open.clear();
      }
      if (e.type === 'task.overdue') {
        expect(open.get(task) ?? 0, `${task} overdue on day ${e.day} but none open`).toBeGreaterThan(0);
        overdue.set(task, (overdue.get(task) ?? 0) + 1);
        expect(overdue.get(task)!).toBeLessThanOrEqual(opened.get(task)!);
      }
    }
    // the timeline's open tasks are the state's open tasks
    const stateOpen = new Map<string, number>();
    for (const t of s.tasks.filter((x) => x.status === 'open')) stateOpen.set(t.task, (stateOpen.get(t.task) ?? 0) + 1);
    expect(new Map([...open].filter(([, n]) => n > 0))).toEqual(stateOpen);
    // at most one open assessment task, and it is against the criterion in force
    const assess = s.tasks.filter((t) => t.task === 'assess-work-capacity' && t.status === 'open');
    expect(assess.length).toBeLessThanOrEqual(1);
    if (s.status === 'open' && assess[0]) expect(assess[0].criterion).toBe(s.criterion);
    const next = nextDueDay(s);
    if (next !== undefined) expect(next).toBeGreaterThan(s.handledThrough);
  }

  const openingArb = fc
    .record({
      track: fc.constantFrom('employed', 'unemployed', 'self-employed'),
      priorDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
      late: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 150, max: 400 })),
      expected: fc.option(fc.integer({ min: 10, max: 400 }), { nil: undefined }),
      firstSickDay: fc.constantFrom('2026-01-05', '2026-03-20', '2019-05-01', '2027-10-20'),
    })
    .map((o) =>
      opening({
        track: o.track as CaseOpening['track'],
        priorDays: o.priorDays,
        openedOnDay: o.priorDays + 1 + o.late,
        expectedDurationDays: o.expected,
        firstSickDay: o.firstSickDay,
      }),
    );

  it('timeline days never decrease, task events refer to opened tasks, rejected commands change nothing', () => {
    fc.assert(
      fc.property(openingArb, fc.array(stepArb, { minLength: 5, maxLength: 60 }), (o, steps) => {
        let s = advance(openCase(o), o.openedOnDay);
        let day = o.openedOnDay;
        const requests: AgencyRequest[] = [];
        checkInvariants(s);
        for (const st of steps) {
          if (s.status === 'closed') break;
          if (st.kind === 'advance') {
            day += st.by;
            jumpTo(s, day);
          } else if (st.kind === 'command') {
            const { command, input, actor } = makeCommand(s, day, st);
            const parsed = parseCommandInput(command, input);
            if (!parsed.ok) throw new Error(`generator bug: ${command} ${parsed.message}`);
            const before = clone(s);
            const r = applyCommand(s, command, parsed.value, actor, day);
            expect(s).toEqual(before);
            if (r.ok) s = r.state;
          } else {
            requests.push(...drainOutbox(s));
            const req = requests.find((x) => x.agency === 'af' || x.agency === 'av');
            if (req) {
              requests.splice(requests.indexOf(req), 1);
              applyAgencyResponse(s, req, st.flag ? { slot: dateOfChainDay(s.clock, day + st.offset) } : {}, day);
            }
          }
          checkInvariants(s);
        }
      }),
      { numRuns: 300, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) },
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------------------
// round 2 (docs/rules.md): sick-pay period, late opening, notices, completions, meetings,
// one ending at a time, consent withdrawal
// ---------------------------------------------------------------------------------------

describe('sick-pay period on relapse: the employer days count from the new period', () => {
  // previous period 2025-10-20..2025-11-28 (40 days), 38 days before firstSickDay 2026-01-05
  const relapse40 = {
    priorDays: 40,
    previousPeriods: [{ from: '2025-10-20', to: '2025-11-28' }],
    openedOnDay: 41,
    expectedDurationDays: 30,
  };

  it('priorDays 40: certificate on chain day 48, FK takes over on 55, sick report requested on 62', () => {
    const s = stepTo(start(relapse40), 70);
    expect(all(s).filter((e) => !e.includes('!'))).toEqual([
      '41 case.opened',
      '41 phase own-work',
      '55 +assess-work-capacity@69',
      '55 +assess-rehab-need@60',
      '62 →employer/sick-report',
    ]);
  });

  it('priorDays 76: FK takes over on chain day 91, the day employer work begins: one assessment, against employer work', () => {
    const s = stepTo(start({ priorDays: 76, openedOnDay: 77, expectedDurationDays: 30 }), 95);
    const open = s.tasks.filter((t) => t.task === 'assess-work-capacity' && t.status === 'open');
    expect(open.map((t) => [t.openedDay, t.criterion])).toEqual([[91, 'employer-work']]);
  });

  it('priorDays 50: FK takes over on 65, after the usual due day of assess-rehab-need: due 14 days after it opens', () => {
    const s = stepTo(start({ priorDays: 50, openedOnDay: 51, expectedDurationDays: 30 }), 65);
    expect(on(s, 65)).toEqual(['+assess-work-capacity@79', '+assess-rehab-need@79']);
  });

  it.each<[string, { from: string; to: string }[], number, number, number[]]>([
    // 62 sick days before: the 14 days are used, FK pays from the new period's first day, no sick report
    ['a long period ended 4 days before: its 14 days are used', [{ from: '2025-11-01', to: '2026-01-01' }], 62, 63, []],
    ['a long period ended 5 days before: its 14 days are used', [{ from: '2025-10-31', to: '2025-12-31' }], 62, 63, []],
    ['ended 6 days before: a new sick-pay period (FK on period day 15)', [{ from: '2025-10-30', to: '2025-12-30' }], 62, 77, [84]],
    // DOMAIN.md's example: sick 3 days, healthy 2, sick again: the employer pays 11 more days, FK on period day 12
    ['sick 3 days, healthy 2: FK on the new period day 12', [{ from: '2025-12-31', to: '2026-01-02' }], 3, 15, [22]],
    // two short periods linked by short gaps: 5 + 6 days used, 3 remain, FK on period day 4
    [
      'sick 5, healthy 2, sick 6, healthy 3: FK on period day 4',
      [
        { from: '2025-12-20', to: '2025-12-24' },
        { from: '2025-12-27', to: '2026-01-01' },
      ],
      11,
      15,
      [22],
    ],
  ])('sick-pay period: %s', (_name, previousPeriods, priorDays, takeover, sickReport) => {
    const s = stepTo(start({ priorDays, previousPeriods, openedOnDay: priorDays + 1, expectedDurationDays: 30 }), priorDays + 40);
    const assessment = s.timeline.find((e) => e.type === 'task.opened' && e.task === 'assess-work-capacity')!;
    expect(assessment.day).toBe(takeover);
    // the sick report is asked for 7 days after FK takes over; never when the employer paid nothing
    expect(s.timeline.filter((e) => e.request === 'sick-report').map((e) => e.day)).toEqual(sickReport);
    // the certificate from period day 8 is FK's only when FK pays from the first day
    expect(s.timeline.some((e) => e.request === 'certificate-reminder')).toBe(takeover === priorDays + 1);
  });

  it('round-2 rules (a case started before the change): a continued period always had its 14 days used', () => {
    const ROUND2 = { ...CURRENT_RULES, round3: false };
    const s = stepTo(
      start({ priorDays: 3, previousPeriods: [{ from: '2025-12-31', to: '2026-01-02' }], openedOnDay: 4 }, ROUND2),
      40,
      ROUND2,
    );
    expect(s.timeline.find((e) => e.type === 'task.opened' && e.task === 'assess-work-capacity')!.day).toBe(4);
    expect(s.timeline.filter((e) => e.request === 'sick-report').map((e) => e.day)).toEqual([25]);
  });

  it('the criterion days stay chain days', () => {
    const s = stepTo(start(relapse40), 95);
    expect(s.timeline.find((e) => e.type === 'phase.changed' && e.criterion === 'employer-work')?.day).toBe(91);
  });
});

describe('milestone notices: 14 days before days 91, 181 and 366', () => {
  const notices = (s: CaseState) =>
    s.timeline.filter((e) => e.type === 'agency.requested' && e.about === 'next-assessment').map((e) => [e.day, e.criterion, e.fromDay]);

  it('employed: what the next assessment is against', () => {
    expect(notices(stepTo(start(), 400))).toEqual([
      [77, 'employer-work', 91],
      [167, 'normal-work', 181],
      [352, 'normal-work-strict', 366],
    ]);
  });

  it.each<[string, Partial<CaseOpening>, number[]]>([
    ['opened on day 80: the day-91 notice at once', { openedOnDay: 80 }, [80, 167, 352]],
    ['opened on day 95: none for day 91 (it has passed)', { openedOnDay: 95 }, [167, 352]],
    ['unemployed: the criterion never changes', { track: 'unemployed' }, []],
    ['self-employed: only before day 181', { track: 'self-employed' }, [167]],
  ])('%s', (_name, o, days) => {
    expect(notices(stepTo(start(o), 400)).map(([d]) => d)).toEqual(days);
  });

  it('none for day 181 when predominant reasons keep the employer-work criterion; the one for 366 follows', () => {
    let s = stepTo(start(), 155);
    s = exec(s, 155, 'decide-exception', { exception: 'predominant-reasons', reason: 'returns in May' });
    expect(notices(stepTo(s, 400))).toEqual([
      [77, 'employer-work', 91],
      [352, 'normal-work-strict', 366],
    ]);
  });

  it('switched off (a case replaying history from before the rule): none, and no wake-up for them', () => {
    const off = { milestoneNotices: false, round3: false, regionRequired: false };
    const s = start();
    for (let n = nextDueDay(s, off); n !== undefined && n <= 400; n = nextDueDay(s, off)) advance(s, n, off);
    expect(notices(s)).toEqual([]);
    expect(s.timeline.some((e) => [77, 167, 352].includes(e.day))).toBe(false);
  });
});

describe('completion questions: answer due 14 days after; unanswered → chased once, follow-up-completion', () => {
  it.each<[string, number | undefined, string[]]>([
    ['answered on day 50', 50, ['40 →region/certificate-completion', '50 ←region/certificate-completion']],
    [
      'unanswered: chased on day 54, follow-up due 61; the late answer on day 58 completes it',
      58,
      [
        '40 →region/certificate-completion',
        '54 →region/certificate-completion-reminder',
        '54 +follow-up-completion@61',
        '58 ←region/certificate-completion',
        '58 ✓follow-up-completion',
      ],
    ],
    [
      'never answered: one reminder only, the follow-up overdue',
      undefined,
      [
        '40 →region/certificate-completion',
        '54 →region/certificate-completion-reminder',
        '54 +follow-up-completion@61',
        '62 !follow-up-completion',
      ],
    ],
  ])('%s', (_name, answerDay, want) => {
    let s = stepTo(start({ expectedDurationDays: 30 }), 40);
    const n = s.timeline.length;
    s = exec(s, 40, 'request-certificate-completion', { question: 'which activities are limited?' });
    expect(s.timeline.at(-1)).toMatchObject({ request: 'certificate-completion', dueDay: 54 });
    if (answerDay) s = exec(s, answerDay, 'answer-certificate-completion', { answer: 'lifting' }, REGION);
    stepTo(s, 80);
    const relevant = (e: string) => /certificate-completion|follow-up-completion/.test(e);
    expect(since(s, n).filter(relevant)).toEqual(want);
  });
});

describe('meetings: reconciliation parties, AF on every transition booking', () => {
  it.each<[string, Partial<CaseOpening>, unknown, string[]]>([
    ['employed, none named: the employer', {}, undefined, ['employer']],
    ['unemployed, none named: the doctor through the region', { track: 'unemployed' }, undefined, ['region']],
    ['named: region and AF', {}, ['region', 'af'], ['region', 'af']],
  ])('%s', (_name, o, parties, invited) => {
    let s = stepTo(start(o), 40);
    const n = s.timeline.length;
    s = exec(s, 40, 'schedule-meeting', { meeting: 'reconciliation', date: dateOfChainDay(s.clock, 50), ...(parties ? { parties } : {}) });
    expect(s.timeline[n]).toMatchObject({ type: 'meeting.scheduled', meeting: 'reconciliation', parties: invited });
    expect(since(s, n + 1)).toEqual([...invited.map((p) => `40 →${p}/meeting-invitation`), '40 →insured/notice']);
  });

  it('the employer cannot be invited to a case without one; parties only for reconciliation', () => {
    const s = stepTo(start({ track: 'unemployed' }), 40);
    const r = attempt(s, 40, 'schedule-meeting', { meeting: 'reconciliation', date: dateOfChainDay(s.clock, 50), parties: ['employer'] });
    expect(r.ok ? undefined : r.rejection).toMatchObject({ status: 409, code: 'NO_EMPLOYER' });
    expect(parseCommandInput('schedule-meeting', { meeting: 'contact', date: '2026-03-01', parties: ['af'] }).ok).toBe(false);
  });

  it("a transition meeting booked by hand asks AF with its date; AF's answer books nothing more", () => {
    let s = stepTo(start(), 100);
    s = exec(s, 100, 'schedule-meeting', { meeting: 'transition', date: dateOfChainDay(s.clock, 110) });
    expect(on(s, 100)).toEqual(['meeting.scheduled transition', '→af/transition-meeting', '→insured/notice']);
    const req = drainOutbox(s).find((r) => r.request === 'transition-meeting')!;
    expect(req.meetingDate).toBe(dateOfChainDay(s.clock, 110));
    applyAgencyResponse(s, req, { slot: dateOfChainDay(s.clock, 105) }, 100);
    expect(on(s, 100).at(-1)).toBe('←af/transition-meeting');
    expect(s.meetings).toHaveLength(1);
    expect(openTasks(s).some((t) => t.startsWith('book-transition-meeting'))).toBe(false);
  });
});

describe('one ending at a time', () => {
  it('while an end of benefit is proposed, another is rejected', () => {
    let s = stepTo(start(), 181);
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    const r = attempt(s, 183, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    expect(r.ok ? undefined : r.rejection).toMatchObject({ status: 409, code: 'BENEFIT_ENDING_UNDER_WAY' });
  });

  it('while the benefit is ending, another ending decision is rejected; a reduced assessment is still recorded', () => {
    const s = benefitEnding(202);
    const r = attempt(s, 205, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    expect(r.ok ? undefined : r.rejection).toMatchObject({ status: 409, code: 'BENEFIT_ENDING_UNDER_WAY' });
    expect(attempt(s, 205, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 }).ok).toBe(true);
  });
});

describe('consent withdrawal has effect', () => {
  it('withdrawing joint-mapping consent calls off the booked joint mapping (AF told); it cannot be recorded as held', () => {
    let s = stepTo(start({ track: 'unemployed' }), 10);
    s = exec(s, 10, 'record-consent', { scope: 'joint-mapping', given: true });
    s = exec(s, 10, 'schedule-meeting', { meeting: 'joint-mapping', date: dateOfChainDay(s.clock, 20) });
    const n = s.timeline.length;
    s = exec(s, 12, 'record-consent', { scope: 'joint-mapping', given: false });
    expect(since(s, n)).toEqual(['12 consent.recorded', '12 meeting.cancelled', '12 →af/meeting-cancellation']);
    expect(s.timeline.at(-2)).toMatchObject({ meeting: 'joint-mapping', reason: 'consent-withdrawn' });
    const held = attempt(s, 20, 'record-meeting-held', { meeting: 'joint-mapping' }, AF);
    expect(held.ok ? undefined : held.rejection).toMatchObject({ status: 409, code: 'CONSENT_REQUIRED' });
    // consent given again: the called-off meeting stays called off
    s = exec(s, 21, 'record-consent', { scope: 'joint-mapping', given: true });
    const again = attempt(s, 21, 'record-meeting-held', { meeting: 'joint-mapping' }, AF);
    expect(again.ok ? undefined : again.rejection.code).toBe('NO_SCHEDULED_MEETING');
  });
});

describe('teams', () => {
  it('the case records its team; reassign moves caseworker and team', () => {
    let s = start({ caseworkerId: 'hk-1', team: 'north' });
    expect(viewOf(s, 1)).toMatchObject({ caseworkerId: 'hk-1', team: 'north' });
    s = exec(s, 5, 'reassign', { caseworkerId: 'hk-7', team: 'south' }, SUP);
    expect(viewOf(s, 5)).toMatchObject({ caseworkerId: 'hk-7', team: 'south' });
  });
});
