/**
 * The milestone table (domain/rules/milestones.ts): each fixed day of the chain is one row, named
 * once, and for a fresh case each row falls on the day docs/rules.md gives it. A new row ("on day
 * 120, do X") gets its line here and its behaviour's test in caseMachine.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MILESTONES } from '../../domain/rules/milestones';
import { CURRENT_RULES } from '../../domain/caseState';
import { policyForDay } from '../../domain/effects';
import { start } from './fixtures/caseMachineHelpers';

const daysOf = (track: 'employed' | 'self-employed' | 'unemployed') => {
  const s = start({ track });
  const p = policyForDay(s, 1);
  return Object.fromEntries(MILESTONES.map((m) => [m.name, m.day(s, p, CURRENT_RULES)]));
};

describe('milestone table', () => {
  it('names every row once', () => {
    const names = MILESTONES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('puts each milestone of an employed case on its day', () => {
    expect(daysOf('employed')).toMatchObject({
      'criterion-change-1': 91,
      'criterion-change-2': 181,
      'criterion-change-3': 366,
      'return-to-work-plan': 30,
      'prepare-day-180': 150,
      'long-term-review': 731,
    });
  });

  it('leaves out what a track does not have', () => {
    const unemployed = daysOf('unemployed');
    expect(unemployed['criterion-change-1']).toBeUndefined();
    expect(unemployed['return-to-work-plan']).toBeUndefined();
    expect(unemployed['prepare-day-180']).toBeUndefined();
    expect(unemployed['sick-report-request']).toBeUndefined();
    expect(daysOf('self-employed')).toMatchObject({
      'criterion-change-1': 181,
      'criterion-change-2': undefined,
      'return-to-work-plan': undefined,
    });
  });
});
