/**
 * What a relapse carries over (docs/rules.md, "What a relapse carries over (a relapse remembers)";
 * domain/rules/relapse.ts), on the pure case machine: each item handed over by the earlier case
 * changes what the relapse does, compared with the same relapse opened without it.
 */
import { describe, expect, it } from 'vitest';
import type { CaseOpening } from '../../domain/caseMachine';
import { carriedOverOf } from '../../domain/rules/relapse';
import { all, attempt, exec, jumpTo, openTasks, start } from './fixtures/caseMachineHelpers';

/** A relapse opened on chain day 81 (priorDays 80), with or without what the earlier case established. */
const relapse = (carriedOver?: CaseOpening['carriedOver']) =>
  start({ priorDays: 80, openedOnDay: 81, ...(carriedOver ? { carriedOver } : {}) });
const planRequests = (s: ReturnType<typeof start>) => all(s).filter((e) => e.endsWith('→employer/return-to-work-plan'));
const notices = (s: ReturnType<typeof start>) => all(s).filter((e) => e.endsWith('→insured/notice'));

describe('a closed case hands over what the chain established, and nothing else', () => {
  it('nothing established: nothing carried over', () => {
    expect(carriedOverOf(start())).toEqual({});
  });

  it('a received plan, the exception in force and the notices sent are carried over', () => {
    let s = exec(start(), 20, 'register-plan', { via: 'form' });
    s = exec(s, 160, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    s = jumpTo(s, 200);
    expect(carriedOverOf(s)).toEqual({ planReceived: true, exception: 'predominant-reasons', noticesDone: [91, 181] });
  });
});

describe('a relapse remembers', () => {
  it('a plan already received is not requested again', () => {
    expect(planRequests(jumpTo(relapse(), 120))).not.toEqual([]);
    expect(planRequests(jumpTo(relapse({ planReceived: true }), 120))).toEqual([]);
  });

  it('an exception in force is carried over, shown, and the caseworker confirms or ends it', () => {
    const s = relapse({ exception: 'predominant-reasons' });
    expect(s.exception).toMatchObject({ exception: 'predominant-reasons', carriedOver: true });
    expect(openTasks(s).some((t) => t.startsWith('confirm-exception@'))).toBe(true);
    expect(openTasks(relapse()).some((t) => t.startsWith('confirm-exception@'))).toBe(false);
    const ended = exec(s, 85, 'end-exception', { reason: 'r' });
    expect(ended.exception).toBeUndefined();
    expect(openTasks(ended).some((t) => t.startsWith('confirm-exception@'))).toBe(false);
    const confirmed = exec(relapse({ exception: 'predominant-reasons' }), 85, 'confirm-exception', {});
    expect(confirmed.exception).toMatchObject({ exception: 'predominant-reasons' });
    expect(openTasks(confirmed).some((t) => t.startsWith('confirm-exception@'))).toBe(false);
  });

  it('an approved first assessment against normal work is not reviewed again', () => {
    const fresh = attempt(relapse(), 190, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 100 });
    expect(fresh.ok && openTasks(fresh.state).some((t) => t.startsWith('review-decision@'))).toBe(true);
    const remembered = attempt(relapse({ normalWorkApproved: true }), 190, 'assess-work-capacity', {
      criterion: 'normal-work',
      outcome: 'reduced',
      degree: 100,
    });
    expect(remembered.ok && openTasks(remembered.state).some((t) => t.startsWith('review-decision@'))).toBe(false);
    // a refusal still needs four eyes: remembering the first assessment does not waive that
    const refusal = attempt(relapse({ normalWorkApproved: true }), 190, 'assess-work-capacity', {
      criterion: 'normal-work',
      outcome: 'not-reduced',
    });
    expect(refusal.ok && openTasks(refusal.state).some((t) => t.startsWith('review-decision@'))).toBe(true);
  });

  it('a notice already sent is not sent again', () => {
    expect(notices(jumpTo(relapse(), 100)).length).toBeGreaterThan(0);
    expect(notices(jumpTo(relapse({ noticesDone: [91] }), 100))).toEqual([]);
  });
});
