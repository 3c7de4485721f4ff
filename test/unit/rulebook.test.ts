/**
 * The rulebook (DOMAIN.md §1 "effective-dated entries", §2 tracks and exceptions, and every
 * *(policy)* number of §3–§6). Expected values are written out literally from DOMAIN.md, not
 * derived from the rulebook, so a changed number or boundary fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  CRITERIA,
  RULEBOOK,
  TRACKS,
  criterionOn,
  exceptionApplies,
  isNormalWork,
  phaseBoundaries,
  policyOn,
  type Criterion,
  type ExceptionKind,
  type Policy,
  type Track,
} from '../../domain/rulebook';

const NOW = policyOn('2026-01-05');
type Ex = ExceptionKind | 'none';
const ex = (e: Ex) => (e === 'none' ? undefined : { exception: e });

const O: Criterion = 'own-work';
const E: Criterion = 'employer-work';
const N: Criterion = 'normal-work';
const S: Criterion = 'normal-work-strict';

/**
 * DOMAIN.md §2, per track and exception, the criterion on days 1, 90, 91, 180, 181, 365, 366, 900.
 * Rules of rulebook.ts where DOMAIN.md is silent: `unreasonable` keeps the previous phase's criterion
 * (also after 365); the unemployed have no exceptions; self-employed stay on `normal-work` from 181
 * ("366+: same"), and predominant reasons (returning to an employer) does not exist for them.
 */
const DAYS = [1, 90, 91, 180, 181, 365, 366, 900] as const;
const TABLE: Record<Track, Record<Ex, Criterion[]>> = {
  employed: {
    none: [O, O, E, E, N, N, S, S],
    'predominant-reasons': [O, O, E, E, E, E, S, S],
    unreasonable: [O, O, E, E, E, E, E, E],
  },
  unemployed: {
    none: [N, N, N, N, N, N, N, N],
    'predominant-reasons': [N, N, N, N, N, N, N, N],
    unreasonable: [N, N, N, N, N, N, N, N],
  },
  'self-employed': {
    none: [O, O, O, O, N, N, N, N],
    'predominant-reasons': [O, O, O, O, N, N, N, N],
    unreasonable: [O, O, O, O, O, O, O, O],
  },
};

const ROWS: [Track, Ex, number, Criterion][] = [];
for (const track of TRACKS)
  for (const e of ['none', 'predominant-reasons', 'unreasonable'] as const)
    DAYS.forEach((day, i) => ROWS.push([track, e, day, TABLE[track][e][i]!]));

describe('criterionOn (docs/rules.md "Tracks and criteria")', () => {
  it('the table covers 3 tracks × 3 exception states × 8 days', () => {
    expect(ROWS).toHaveLength(72);
    expect([...TRACKS].sort()).toEqual(['employed', 'self-employed', 'unemployed']);
    expect(CRITERIA).toEqual(['own-work', 'employer-work', 'normal-work', 'normal-work-strict']);
  });

  it.each(ROWS)('%s, exception %s, day %i → %s', (track, e, day, want) => {
    expect(criterionOn(track, day, ex(e), NOW)).toBe(want);
  });

  it.each(TRACKS.flatMap((t) => (['none', 'predominant-reasons', 'unreasonable'] as const).map((e) => [t, e] as const)))(
    '%s, exception %s: the criterion only changes on a phase boundary',
    (track, e) => {
      const bounds = phaseBoundaries(track, NOW);
      for (let d = 2; d <= 1000; d++) {
        if (criterionOn(track, d, ex(e), NOW) !== criterionOn(track, d - 1, ex(e), NOW)) {
          expect(bounds, `${track} changes on day ${d}`).toContain(d);
        }
      }
    },
  );

  it.each([
    // the day limits come from the policy, not from literals in criterionOn
    ['employed', 100, 'own-work', { employerWorkFromDay: 101 }],
    ['employed', 200, 'employer-work', { normalWorkFromDay: 201 }],
    ['employed', 400, 'normal-work', { strictFromDay: 401 }],
    ['self-employed', 200, 'own-work', { normalWorkFromDay: 201 }],
  ] as const)('%s day %i is %s when the policy moves the boundary (%o)', (track, day, want, change) => {
    expect(criterionOn(track, day, undefined, { ...NOW, ...change })).toBe(want);
  });

  it.each([
    ['own-work', false],
    ['employer-work', false],
    ['normal-work', true],
    ['normal-work-strict', true],
  ] as const)('isNormalWork(%s) = %s', (c, want) => {
    expect(isNormalWork(c)).toBe(want);
  });
});

describe('policyOn: effective-dated rules', () => {
  it.each([
    // date, has the plan rule, has predominant reasons, entry in force from
    ['2008-07-01', false, false, '2008-07-01'],
    ['2015-01-01', false, false, '2008-07-01'],
    ['2018-06-30', false, false, '2008-07-01'],
    ['2018-07-01', true, false, '2018-07-01'],
    ['2019-12-31', true, false, '2018-07-01'],
    ['2021-03-14', true, false, '2018-07-01'],
    ['2021-03-15', true, true, '2021-03-15'],
    ['2026-01-05', true, true, '2021-03-15'],
    ['2099-12-31', true, true, '2021-03-15'],
  ] as const)('%s: plan rule %s, predominant reasons %s (entry of %s)', (date, plan, predominant, from) => {
    const p = policyOn(date);
    expect(p.effectiveFrom).toBe(from);
    if (plan) {
      // SFB 30 kap 6 §: request on day 30 when ≥ 60 days expected; remind +14, escalate +14 (policy)
      expect(p.plan).toEqual({ requestDay: 30, minExpectedDurationDays: 60, reminderAfterDays: 14, escalateAfterDays: 14 });
    } else {
      expect(p.plan).toBeNull();
    }
    if (predominant) expect(p.exceptions['predominant-reasons']).toEqual({ lastDay: 365 });
    else expect(p.exceptions['predominant-reasons']).toBeUndefined();
    // unreasonable exists in every entry and is the only exception after day 365
    expect(p.exceptions.unreasonable).toEqual({ lastDay: null });
  });

  it('a date before the first entry falls back to the oldest entry', () => {
    expect(policyOn('2001-01-01').effectiveFrom).toBe('2008-07-01');
  });

  it('the rulebook is ordered oldest first and every entry has a source', () => {
    const dates = RULEBOOK.map((p) => p.effectiveFrom);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    for (const p of RULEBOOK) expect(p.source.length).toBeGreaterThan(10);
  });

  it.each([
    ['2029-12-31', '2021-03-15'],
    ['2030-01-01', '2030-01-01'],
    ['2031-06-01', '2030-01-01'],
  ])('a future law change is a new entry: on %s the entry of %s applies', (date, from) => {
    const future: Policy = {
      ...RULEBOOK[RULEBOOK.length - 1]!,
      effectiveFrom: '2030-01-01',
      source: 'a future law',
      normalWorkFromDay: 200,
    };
    const book = [...RULEBOOK, future];
    expect(policyOn(date, book).effectiveFrom).toBe(from);
    expect(policyOn('2026-01-05', book).normalWorkFromDay).toBe(181);
  });

  // Every number of DOMAIN.md (laws and *(policy)* defaults) as it stands in every entry.
  it.each(RULEBOOK.map((p) => [p.effectiveFrom, p] as const))('entry %s carries the numbers of DOMAIN.md', (_d, p) => {
    expect(p.fkTakeoverDay).toEqual({ employed: 15, unemployed: 1, 'self-employed': 1 }); // §3 day 15
    expect(p.certificateNeededDay).toBe(8); // §3 day 8
    expect(p.sickReportDueDay).toBe(21); // §3 15–21
    expect(p.rehabNeedDueDay).toBe(60); // §3 assess-rehab-need due day 60
    expect(p.employerWorkFromDay).toBe(91);
    expect(p.normalWorkFromDay).toBe(181);
    expect(p.strictFromDay).toBe(366);
    expect(p.prepareDay180Day).toBe(150);
    expect(p.longTermReviewDay).toBe(731);
    expect(p.afuReportDays).toEqual({ normal: 35, extended: 63 }); // §4
    expect(p.noticeResponseDays).toBe(14); // §6
    expect(p.benefitEndsAfterDays).toBe(21); // §6
    expect(p.transitionMeetingMinDaysBeforeEnd).toBe(7); // §5
    expect(p.relapseMaxGapDays).toBe(90); // §1
    expect(p.taskDueAfterDays['decide-employer-report']).toBe(7);
  });
});

describe('phaseBoundaries', () => {
  it.each([
    ['employed', [91, 181, 366]],
    ['self-employed', [181]],
    ['unemployed', []],
  ] as const)('%s: %j', (track, want) => {
    expect(phaseBoundaries(track, NOW)).toEqual(want);
  });

  it('follows the policy', () => {
    expect(phaseBoundaries('employed', { ...NOW, employerWorkFromDay: 92, normalWorkFromDay: 182, strictFromDay: 367 })).toEqual([
      92, 182, 367,
    ]);
  });
});

describe('exceptionApplies', () => {
  it.each([
    ['employed', 'predominant-reasons', true],
    ['employed', 'unreasonable', true],
    ['self-employed', 'predominant-reasons', false],
    ['self-employed', 'unreasonable', true],
    ['unemployed', 'predominant-reasons', false],
    ['unemployed', 'unreasonable', false],
  ] as const)('%s / %s → %s', (track, kind, want) => {
    expect(exceptionApplies(track, kind)).toBe(want);
  });
});
