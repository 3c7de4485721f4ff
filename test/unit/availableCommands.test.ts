/**
 * What the case view offers a user (`availableCommands`, domain/caseMachine.ts) against what
 * `applyCommand` accepts: the same checks decide both, so a command is offered exactly when its
 * sender's role, party and the case's state allow it, whatever the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_EXAMPLES } from '../../api/commandExamples';
import { advance, applyCommand, availableCommands, viewOf, type CaseState } from '../../domain/caseMachine';
import { dateOfChainDay } from '../../domain/calendar';
import { CURRENT_RULES } from '../../domain/caseState';
import { COMMANDS, type CommandName } from '../../domain/commands';
import type { Actor, Role } from '../../domain/vocabulary';
import { ACTOR_OF_ROLE, AF, CW, EMP, REGION, SPEC, start, SUP } from './fixtures/caseMachineHelpers';

const OTHER_EMP: Actor = { sub: 'emp-2', role: 'employer', org: '556677-8899' };
const ACTORS = ACTOR_OF_ROLE;

function exec(s: CaseState, day: number, command: CommandName, input: unknown, actor: Actor = CW): CaseState {
  const r = applyCommand(advance(s, day), command, input as never, actor, day);
  if (!r.ok) throw new Error(`${command} on day ${day} rejected: ${r.rejection.code}`);
  return r.state;
}

const offered = (s: CaseState, actor: Actor, day: number): CommandName[] => availableCommands(advance(s, day), actor, day);

describe('availableCommands', () => {
  it('follows the role matrix on a fresh employed case; task-bound commands wait for their task', () => {
    const s = start();
    const cw = offered(s, CW, 5);
    expect(cw).toContain('register-certificate');
    expect(cw).toContain('register-sick-report');
    expect(cw).not.toContain('reassign');
    expect(cw).not.toContain('decide-employer-report'); // no open task
    expect(cw).not.toContain('assess-rehab-need'); // no open task
    expect(cw).not.toContain('submit-afu-report'); // a region's command
    expect(cw).not.toContain('decide-exception'); // before day 150
    expect(offered(s, SUP, 5)).toEqual(['reassign']);
    expect(offered(s, SPEC, 5)).toEqual([]);
    expect(offered(s, EMP, 5)).toEqual(['register-sick-report', 'register-plan', 'report-return-to-work']);
  });

  it('offers agencies nothing on a case they are not party to', () => {
    const s = start();
    expect(offered(s, OTHER_EMP, 5)).toEqual([]);
    expect(offered(s, AF, 5)).toEqual([]); // AF has not been asked anything
    expect(offered(start({ track: 'unemployed' }), EMP, 5)).toEqual([]);
  });

  it('a registered sick report is not offered again; the track rules out employer commands', () => {
    const s = exec(start(), 5, 'register-sick-report', {});
    expect(offered(s, CW, 6)).not.toContain('register-sick-report');
    const self = start({ track: 'self-employed' });
    expect(offered(self, CW, 5)).not.toContain('register-sick-report');
    expect(offered(self, CW, 5)).not.toContain('register-plan');
  });

  it('a proposed decision: the review for another specialist, no further assessment meanwhile', () => {
    let s = advance(start(), 181);
    expect(offered(s, CW, 181)).toContain('assess-work-capacity');
    s = exec(s, 182, 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced', degree: 50 });
    expect(offered(s, SPEC, 182)).toEqual(['review-decision']);
    expect(offered(s, CW, 182)).not.toContain('assess-work-capacity');
    // the four-eyes rule: the proposer may not review (a specialist proposing is tried here)
    const bySpecialist = { ...s, pendingDecision: { ...s.pendingDecision!, proposedBy: { sub: SPEC.sub, role: SPEC.role } } };
    expect(offered(bySpecialist, SPEC, 182)).toEqual([]);
  });

  it('an exception from day 150, only one that applies to the track', () => {
    expect(offered(start(), CW, 149)).not.toContain('decide-exception');
    expect(offered(start(), CW, 150)).toContain('decide-exception');
    expect(offered(start({ track: 'unemployed' }), CW, 150)).not.toContain('decide-exception');
    expect(offered(start({ track: 'self-employed' }), CW, 150)).toContain('decide-exception');
  });

  it('record-meeting-held once a meeting has had its day; for AF only its own meetings', () => {
    let s = exec(start({ track: 'unemployed' }), 10, 'record-consent', { scope: 'joint-mapping', given: true });
    expect(offered(s, CW, 10)).not.toContain('record-meeting-held');
    s = exec(s, 10, 'schedule-meeting', { meeting: 'joint-mapping', date: dateOfChainDay(s.clock, 20) });
    expect(offered(s, CW, 19)).not.toContain('record-meeting-held');
    expect(offered(s, CW, 20)).toContain('record-meeting-held');
    expect(offered(s, AF, 20)).toEqual(['record-meeting-held']);
  });

  it('a refusal being heard: record-response and withdraw-decision; uphold-decision only after a response', () => {
    let s = exec(start(), 20, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' });
    const HEARING = ['record-response', 'uphold-decision', 'withdraw-decision'] as const;
    expect(offered(s, CW, 20).filter((c) => HEARING.includes(c as never))).toEqual([]);
    s = exec(s, 21, 'review-decision', { approve: true }, SPEC);
    expect(offered(s, CW, 21).filter((c) => HEARING.includes(c as never))).toEqual(['record-response', 'withdraw-decision']);
    s = exec(s, 22, 'record-response', {});
    expect(offered(s, CW, 22).filter((c) => HEARING.includes(c as never))).toEqual(['uphold-decision', 'withdraw-decision']);
    expect(offered(s, SPEC, 22)).toEqual([]);
  });

  it('end-exception while an exception is in force; confirm-exception only with its task (a relapse carries one over)', () => {
    let s = advance(start(), 160);
    expect(offered(s, CW, 160)).not.toContain('end-exception');
    s = exec(s, 160, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    expect(offered(s, CW, 160)).toContain('end-exception');
    expect(offered(s, CW, 160)).not.toContain('confirm-exception');
  });

  it('nothing on a closed case', () => {
    const s = exec(start(), 5, 'close-case', { reason: 'other' });
    for (const actor of Object.values(ACTORS)) expect(offered(s, actor, 6)).toEqual([]);
  });

  it('a case without a region: nothing that would ask the region, refused with 409 NO_REGION by the same rule', () => {
    const s = start({ track: 'unemployed', region: undefined });
    const cw = offered(s, CW, 5);
    expect(cw).toContain('record-consent');
    expect(cw).not.toContain('order-afu');
    expect(cw).not.toContain('request-certificate-completion');
    for (const c of ['order-afu', 'request-certificate-completion'] as const) {
      const r = applyCommand(advance(s, 5), c, COMMAND_EXAMPLES[c] as never, CW, 5);
      expect(r.ok || r.rejection).toMatchObject({ status: 409, code: 'NO_REGION' });
    }
    expect(offered(start({ track: 'unemployed' }), CW, 5)).toEqual(expect.arrayContaining(['order-afu', 'request-certificate-completion']));
  });

  it('a case without a region that started before the rule (switch off) offers and accepts them as it did', () => {
    const before = { ...CURRENT_RULES, regionRequired: false };
    const s = advance(start({ track: 'unemployed', region: undefined }), 5, before);
    expect(availableCommands(s, CW, 5, before)).toEqual(expect.arrayContaining(['order-afu', 'request-certificate-completion']));
    expect(applyCommand(s, 'order-afu', {}, CW, 5, before).ok).toBe(true);
  });

  it('the case view carries them only for a user', () => {
    const s = start();
    expect(viewOf(s, 5).availableCommands).toBeUndefined();
    expect(viewOf(s, 5, undefined, SUP).availableCommands).toEqual(['reassign']);
  });

  it('property: a command accepted with its example input was offered; one not offered is rejected', () => {
    const step = fc.record({
      days: fc.integer({ min: 0, max: 40 }),
      command: fc.constantFrom(...COMMANDS),
      role: fc.constantFrom(...(Object.keys(ACTORS) as Role[])),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('employed', 'unemployed', 'self-employed' as const),
        fc.array(step, { maxLength: 25 }),
        fc.constantFrom('01', undefined),
        (track, steps, region) => {
          let s = start({ track, region });
          let day = 1;
          for (const { days, command, role } of steps) {
            day += days;
            s = advance(s, day);
            const actor = role === 'region' ? { ...REGION, region: '01' } : ACTORS[role];
            const offer = availableCommands(s, actor, day);
            for (const c of COMMANDS) {
              const r = applyCommand(s, c, COMMAND_EXAMPLES[c] as never, actor, day);
              if (r.ok) expect(offer, `${c} by ${role} on day ${day}`).toContain(c);
              if (!offer.includes(c)) expect(r.ok, `${c} by ${role} on day ${day}`).toBe(false);
            }
            const r = applyCommand(s, command, COMMAND_EXAMPLES[command] as never, actor, day);
            if (r.ok) s = r.state;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
