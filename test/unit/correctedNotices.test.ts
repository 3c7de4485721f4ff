/**
 * Corrected notices (docs/rules.md "Milestone notices"): when an exception is decided or ended after
 * the notice about a day still ahead went out, and that day's criterion is no longer what the notice
 * said, a corrected notice (`insured`/`notice-correction`) follows at once.
 */
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../domain/caseMachine';
import { CURRENT_RULES } from '../../domain/caseState';
import { exec, start, stepTo } from './fixtures/caseMachineHelpers';

const letters = (s: CaseState) =>
  s.timeline
    .filter(
      (e) =>
        e.type === 'agency.requested' && (e.request === 'notice' || e.request === 'notice-correction') && e.about === 'next-assessment',
    )
    .map((e) => `${e.day} ${String(e.request)} ${String(e.criterion)} from ${String(e.fromDay)}`);

describe('corrected notices', () => {
  it('predominant reasons decided after the day-181 notice: corrected at once (employer work goes on from 181)', () => {
    let s = stepTo(start(), 170);
    s = exec(s, 170, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    expect(letters(stepTo(s, 200))).toEqual([
      '77 notice employer-work from 91',
      '167 notice normal-work from 181',
      '170 notice-correction employer-work from 181',
    ]);
  });

  it('decided before the notice day: the notice itself is right, no correction', () => {
    let s = stepTo(start(), 155);
    s = exec(s, 155, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    expect(letters(stepTo(s, 200)).filter((l) => l.includes('181'))).toEqual([]);
  });

  it('an exception decided after the day it announced has passed: nothing to correct', () => {
    let s = stepTo(start(), 185);
    s = exec(s, 185, 'decide-exception', { exception: 'unreasonable', reason: 'r' });
    expect(letters(s).filter((l) => l.includes('correction'))).toEqual([]);
  });

  it('unreasonable decided after the day-366 notice: corrected (employer work, not strict normal work)', () => {
    let s = stepTo(start(), 355);
    s = exec(s, 355, 'decide-exception', { exception: 'unreasonable', reason: 'r' });
    expect(letters(s).slice(-2)).toEqual(['352 notice normal-work-strict from 366', '355 notice-correction employer-work from 366']);
  });

  it('an exception ended after the notice it changed: corrected back', () => {
    let s = stepTo(start(), 170);
    s = exec(s, 170, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    s = exec(s, 175, 'end-exception', { reason: 'no return in sight' });
    expect(letters(s).slice(-2)).toEqual(['170 notice-correction employer-work from 181', '175 notice-correction normal-work from 181']);
    expect(s.timeline.filter((e) => e.day === 175).map((e) => e.type)).toEqual(['exception.ended', 'agency.requested']);
  });

  it('round-2 rules (a case started before the change): no corrections', () => {
    const ROUND2 = { ...CURRENT_RULES, round3: false };
    let s = stepTo(start({}, ROUND2), 170, ROUND2);
    s = exec(s, 170, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' }, undefined, ROUND2);
    expect(letters(s).filter((l) => l.includes('correction'))).toEqual([]);
  });
});
