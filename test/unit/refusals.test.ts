/**
 * Domain round 3, decisions (docs/rules.md "Decisions and the four-eyes review"): a refusal on every
 * criterion, four eyes on it, the insured heard before it is final (record-response,
 * reconsider-decision, uphold / withdraw), closing reasons from a list. The pure case machine, and the
 * same case under the round-2 rules (a case started before the change).
 */
import { describe, expect, it } from 'vitest';
import { dateOfChainDay } from '../../domain/calendar';
import { applyAgencyResponse, drainOutbox, viewOf, type CaseState } from '../../domain/caseMachine';
import { CURRENT_RULES } from '../../domain/caseState';
import type { Criterion } from '../../domain/rulebook';
import { parseCommandInput } from '../../domain/commandSchemas';
import { fromOldHistory } from '../../workflows/commandInput';
import { attempt, CW, exec, jumpTo, on, openTasks, since, SPEC, start, stepTo } from './fixtures/caseMachineHelpers';

const SPEC2 = { sub: 'sp-2', role: 'specialist' } as const;
const ROUND2 = { ...CURRENT_RULES, round3: false };

describe('a refusal on every criterion, on every track, is proposed and needs a specialist', () => {
  it.each<[string, Parameters<typeof start>[0], number, Criterion, (s: CaseState) => CaseState]>([
    ['employed, own job (day 20)', {}, 20, 'own-work', (s) => s],
    ['employed, at the employer (day 100)', {}, 100, 'employer-work', (s) => s],
    ['employed, normal work (day 190)', {}, 190, 'normal-work', (s) => s],
    ['employed, strict normal work (day 370)', {}, 370, 'normal-work-strict', (s) => s],
    [
      'employed, at the employer to day 365 under predominant reasons (day 250)',
      {},
      250,
      'employer-work',
      (s) => exec(s, 160, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' }),
    ],
    ['self-employed, own business (day 100)', { track: 'self-employed', employer: undefined }, 100, 'own-work', (s) => s],
    ['unemployed, normal work from day 1 (day 20)', { track: 'unemployed', employer: undefined }, 20, 'normal-work', (s) => s],
  ])('%s', (_name, o, day, criterion, before) => {
    let s = before(stepTo(start(o), Math.min(day, 150)));
    s = exec(s, day, 'assess-work-capacity', { criterion, outcome: 'not-reduced' });
    expect(on(s, day).slice(-2)).toEqual(['decision.proposed end-benefit', `+review-decision@${day + 7}`]);
    expect(s.pendingDecision).toMatchObject({ decision: 'end-benefit', criterion });
    expect(attempt(s, day, 'review-decision', { approve: true }, { sub: CW.sub, role: 'specialist' })).toMatchObject({
      ok: false,
      rejection: { code: 'SELF_REVIEW' },
    });
    s = exec(s, day + 1, 'review-decision', { approve: true }, SPEC);
    expect(s.hearing).toMatchObject({ approvedDay: day + 1, criterion, respondByDay: day + 15 });
    expect(s.benefit).toBeUndefined();
  });

  it('round-2 rules (a case started before the change): capacity in the own job completes the task, nothing ends', () => {
    let s = stepTo(start({}, ROUND2), 20, ROUND2);
    s = exec(s, 20, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' }, CW, ROUND2);
    expect(on(s, 20)).toEqual(['✓assess-work-capacity']);
    expect(s.pendingDecision).toBeUndefined();
  });

  it('round-2 rules: an approved normal-work refusal ends the benefit at once, 21 days after approval', () => {
    let s = stepTo(start({}, ROUND2), 190, ROUND2);
    s = exec(s, 190, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' }, CW, ROUND2);
    s = exec(s, 191, 'review-decision', { approve: true }, SPEC, ROUND2);
    expect(s.hearing).toBeUndefined();
    expect(s.benefit).toEqual({ approvedDay: 191, endsOnDay: 212 });
  });
});

/** A refusal in the own job approved on day 22: the insured is heard until day 36. */
function heard(): CaseState {
  let s = stepTo(start({ expectedDurationDays: 30 }), 20);
  s = exec(s, 20, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' });
  s = exec(s, 22, 'review-decision', { approve: true }, SPEC2);
  return s;
}

describe('the insured is heard before the refusal is final', () => {
  it('approval: notice with the criterion and 14 days to respond; AF asked for a meeting by end − 7', () => {
    const s = heard();
    expect(on(s, 22).slice(-5)).toEqual([
      '✓review-decision',
      'decision.approved end-benefit',
      '✓assess-work-capacity',
      '→insured/notice',
      '→af/transition-meeting',
    ]);
    expect(s.timeline.find((e) => e.about === 'benefit-ending')).toMatchObject({ criterion: 'own-work', respondByDay: 36 });
    expect(s.outbox.find((r) => r.request === 'transition-meeting')?.latestDate).toBe(dateOfChainDay(s.clock, 36));
    expect(viewOf(s, 22)).toMatchObject({ hearing: { respondByDay: 36, responded: false } });
  });

  it('no response: final at the start of day 36, the benefit ends on day 43 and the case closes then', () => {
    const s = heard();
    const n = s.timeline.length;
    jumpTo(s, 50);
    expect(since(s, n).filter((e) => !e.includes('!'))).toEqual(['36 benefit.ending 43', '43 closed benefit-ended']);
  });

  it('a response opens reconsider-decision (due + 7); upheld: final that day, ends 7 days later', () => {
    let s = heard();
    s = exec(s, 30, 'record-response', { receivedOn: dateOfChainDay(s.clock, 29), note: 'jag är sjuk' });
    expect(on(s, 30)).toEqual(['response.recorded', '+reconsider-decision@37']);
    expect(s.timeline.some((e) => JSON.stringify(e).includes('jag är sjuk'))).toBe(false);
    expect(s.notes.map((x) => x.kind)).toContain('insured-response');
    // the response stops the clock: nothing becomes final on day 36
    jumpTo(s, 36);
    expect(s.benefit).toBeUndefined();
    s = exec(s, 37, 'uphold-decision', {});
    expect(on(s, 37)).toEqual(['✓reconsider-decision', 'benefit.ending 44']);
    expect(s.benefit).toEqual({ approvedDay: 22, endsOnDay: 44, finalDay: 37 });
  });

  it('withdrawn: nothing ends, the meeting is called off (AF told), the insured is told, the assessment opens again', () => {
    let s = heard();
    const req = drainOutbox(s).find((r) => r.request === 'transition-meeting')!;
    applyAgencyResponse(s, req, { slot: dateOfChainDay(s.clock, 30) }, 22);
    s = exec(s, 25, 'record-response', {});
    s = exec(s, 26, 'withdraw-decision', { reason: 'capacity-reassessed', note: 'ny bedömning' });
    expect(on(s, 26)).toEqual([
      '✓reconsider-decision',
      'decision.withdrawn',
      'meeting.cancelled',
      '→af/meeting-cancellation',
      '→insured/notice',
      '+assess-work-capacity@40',
    ]);
    expect(s.hearing).toBeUndefined();
    jumpTo(s, 60);
    expect(s.status).toBe('open');
    expect(s.timeline.some((e) => e.type === 'benefit.ending')).toBe(false);
  });

  it('withdrawn after an exception moved the criterion during the hearing: still one open assessment', () => {
    // found by the case machine's property test (one open assessment at a time)
    let s = stepTo(start(), 175);
    s = exec(s, 190, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    s = exec(s, 191, 'review-decision', { approve: true }, SPEC);
    s = exec(s, 192, 'decide-exception', { exception: 'unreasonable', reason: 'r' });
    expect(openTasks(s).filter((t) => t.startsWith('assess-work-capacity@'))).toHaveLength(1);
    s = exec(s, 193, 'withdraw-decision', { reason: 'new-medical-information' });
    const open = s.tasks.filter((t) => t.task === 'assess-work-capacity' && t.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.criterion).toBe(s.criterion);
  });

  it('a withdrawn first normal-work refusal: the next normal-work assessment is reviewed as the first', () => {
    let s = stepTo(start(), 190);
    s = exec(s, 190, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'not-reduced' });
    s = exec(s, 191, 'review-decision', { approve: true }, SPEC);
    s = exec(s, 192, 'withdraw-decision', { reason: 'new-medical-information' });
    s = exec(s, 193, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
    expect(s.pendingDecision).toMatchObject({ decision: 'first-normal-work' });
  });

  it.each<[string, (s: CaseState) => CaseState, string, unknown, string]>([
    ['uphold without a response', (s) => s, 'uphold-decision', {}, 'NO_RESPONSE'],
    ['a second response', (s) => exec(s, 25, 'record-response', {}), 'record-response', {}, 'ALREADY_RESPONDED'],
    [
      'another refusal while heard',
      (s) => s,
      'assess-work-capacity',
      { criterion: 'own-work', outcome: 'not-reduced' },
      'BENEFIT_ENDING_UNDER_WAY',
    ],
    ['a response after the time ran out', (s) => jumpTo(s, 36), 'record-response', {}, 'NO_HEARD_DECISION'],
    ['a withdrawal once final', (s) => jumpTo(s, 36), 'withdraw-decision', { reason: 'other' }, 'NO_HEARD_DECISION'],
    [
      'a transition meeting on the day the benefit would end',
      (s) => s,
      'schedule-meeting',
      { meeting: 'transition', date: '2026-02-16' },
      'MEETING_TOO_LATE',
    ],
  ])('rejected: %s', (_name, before, command, input, code) => {
    const s = before(heard());
    const day = Math.max(s.handledThrough, 26);
    const r = attempt(s, day, command as never, input);
    expect(r).toMatchObject({ ok: false, rejection: { status: 409, code } });
  });

  it('record-response with nothing heard is rejected', () => {
    expect(attempt(stepTo(start(), 30), 30, 'record-response', {})).toMatchObject({ ok: false, rejection: { code: 'NO_HEARD_DECISION' } });
  });
});

describe('closing reasons from a fixed list; the note stays out of the timeline', () => {
  it('close-case takes a reason of the list and keeps the note in the notes only', () => {
    const s = exec(stepTo(start(), 40), 40, 'close-case', { reason: 'sickness-compensation', note: 'sjukersättning från 1 mars' });
    expect(s.closeReason).toBe('sickness-compensation');
    expect(s.timeline.at(-1)).toMatchObject({ type: 'case.closed', reason: 'sickness-compensation' });
    expect(JSON.stringify(s.timeline)).not.toContain('sjukersättning');
    expect(s.notes).toContainEqual({ day: 40, kind: 'close-note', text: 'sjukersättning från 1 mars' });
    expect(openTasks(s)).toEqual([]);
  });

  it('a free-text reason is invalid input; replayed from a history of before the change it becomes `other` with the text as note', () => {
    expect(parseCommandInput('close-case', { reason: 'flyttar' })).toMatchObject({ ok: false, field: 'reason' });
    expect(parseCommandInput('close-case', fromOldHistory('close-case', { reason: 'flyttar' }))).toEqual({
      ok: true,
      value: { reason: 'other', note: 'flyttar' },
    });
    expect(fromOldHistory('close-case', { reason: 'deceased' })).toEqual({ reason: 'deceased' });
    expect(fromOldHistory('record-response', { note: 'x' })).toEqual({ note: 'x' });
  });
});
