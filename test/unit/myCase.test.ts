/**
 * Issue 27, the insured's own case in plain terms (domain/myCase.ts) on the pure case machine, and
 * the insured as a party (domain/parties.ts): their own case only, two commands only.
 */
import { describe, expect, it } from 'vitest';
import { viewOf, authorise, type CaseState } from '../../domain/caseMachine';
import { COMMANDS, COMMAND_ROLES } from '../../domain/commands';
import { myCaseOf, INSURED_COMMANDS } from '../../domain/myCase';
import { signToken, tokenClaimsSchema } from '../../platform/tokens';
import { CW, exec, INSURED, SPEC, start, stepTo } from './fixtures/caseMachineHelpers';

const mine = (s: CaseState, day: number) => myCaseOf(viewOf(s, day, undefined, INSURED), s.timeline);

describe('the insured may send two commands, on their own case only', () => {
  it('COMMAND_ROLES gives the insured record-consent and record-response and nothing else', () => {
    expect(COMMANDS.filter((c) => COMMAND_ROLES[c].includes('insured'))).toEqual([...INSURED_COMMANDS]);
  });

  it("another person's case: NOT_A_PARTY in the workflow (the API answers 404 before it gets there)", () => {
    const s = stepTo(start(), 20);
    expect(authorise(s, 'record-consent', INSURED)).toBeUndefined();
    expect(authorise(s, 'record-consent', { ...INSURED, personKey: 'pk-2' })).toMatchObject({ status: 403, code: 'NOT_A_PARTY' });
    expect(authorise(s, 'record-consent', { sub: 'insured', role: 'insured' })).toMatchObject({ code: 'NOT_A_PARTY' });
    expect(authorise(s, 'register-certificate', INSURED)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('an insured token needs a valid personnummer, and nobody else carries one', () => {
    expect(tokenClaimsSchema.safeParse({ sub: 's', role: 'insured' }).success).toBe(false);
    expect(tokenClaimsSchema.safeParse({ sub: 's', role: 'insured', personnummer: '19640823-3235' }).success).toBe(false);
    expect(tokenClaimsSchema.safeParse({ sub: 's', role: 'insured', personnummer: '19640823-3234' }).success).toBe(true);
    expect(tokenClaimsSchema.safeParse({ sub: 's', role: 'caseworker', personnummer: '19640823-3234' }).success).toBe(false);
    // the refusal says what is wrong, not the number
    const refused = tokenClaimsSchema.safeParse({ sub: 's', role: 'insured', personnummer: '19640823-3235' });
    expect(JSON.stringify(refused.error?.issues)).not.toContain('3235');
    expect(() => signToken('x'.repeat(32), { sub: 's', role: 'insured' })).toThrow();
  });
});

describe('Mitt sjukfall: the case in plain terms', () => {
  it('day 40 of an employed case: own job now, the employer test from day 91 on its date, the plan FK waits for, consents never asked', () => {
    const s = stepTo(start({ expectedDurationDays: 120 }), 40);
    const m = mine(s, 40);
    expect(m).toMatchObject({ status: 'open', chainDay: 40, criterion: 'own-work', archived: false });
    expect(m.nextLimit).toEqual({ day: 91, date: '2026-04-05', criterion: 'employer-work', daysLeft: 51 });
    expect(m.waitingFor.map((w) => `${w.party}/${w.request}`)).toContain('employer/return-to-work-plan');
    expect(m.consents).toEqual([
      { scope: 'employer-contact', given: null },
      { scope: 'joint-mapping', given: null },
      { scope: 'region-notification', given: null },
    ]);
    expect(m.mayDo).toEqual(['record-consent']);
  });

  it('the next limit follows the exception: predominant reasons move the normal-work test to day 366, and the letter is corrected', () => {
    let s = stepTo(start(), 170);
    expect(mine(s, 170).nextLimit).toMatchObject({ day: 181, criterion: 'normal-work', daysLeft: 11 });
    s = exec(s, 170, 'decide-exception', { exception: 'predominant-reasons', reason: 'r' });
    expect(mine(s, 170)).toMatchObject({ exception: 'predominant-reasons', nextLimit: { day: 366, criterion: 'normal-work-strict' } });
    const letters = mine(s, 170).letters.filter((l) => l.about === 'next-assessment');
    expect(letters.map((l) => `${l.letter} ${l.criterion} ${l.fromDate}`)).toEqual([
      'notice employer-work 2026-04-05',
      'notice normal-work 2026-07-04',
      'notice-correction employer-work 2026-07-04',
    ]);
  });

  it('withdrawing joint-mapping consent: the booked joint mapping is called off, the consent reads withdrawn', () => {
    let s = stepTo(start(), 40);
    s = exec(s, 40, 'record-consent', { scope: 'joint-mapping', given: true }, INSURED);
    s = exec(s, 41, 'schedule-meeting', { meeting: 'joint-mapping', date: '2026-03-01' }, CW);
    expect(mine(s, 41).meetings).toEqual([{ meeting: 'joint-mapping', date: '2026-03-01', status: 'booked' }]);
    s = exec(s, 42, 'record-consent', { scope: 'joint-mapping', given: false }, INSURED);
    const m = mine(s, 42);
    expect(m.meetings).toEqual([
      { meeting: 'joint-mapping', date: '2026-03-01', status: 'cancelled', cancelledBecause: 'consent-withdrawn' },
    ]);
    expect(m.consents.find((c) => c.scope === 'joint-mapping')).toEqual({ scope: 'joint-mapping', given: false, on: '2026-02-15' });
    // the actor on the timeline is the insured, by role only
    expect(s.timeline.filter((e) => e.type === 'consent.recorded').map((e) => e.actor)).toEqual([
      { sub: 'insured', role: 'insured' },
      { sub: 'insured', role: 'insured' },
    ]);
  });

  it('a heard refusal: respond by the day before the time runs out (day 36), the benefit would end 7 days later; responding takes the form away', () => {
    let s = stepTo(start({ expectedDurationDays: 30 }), 20);
    s = exec(s, 20, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' }, CW);
    s = exec(s, 22, 'review-decision', { approve: true }, SPEC);
    let m = mine(s, 23);
    expect(m.hearing).toEqual({ respondBy: '2026-02-08', responded: false, criterion: 'own-work', benefitWouldEndOn: '2026-02-16' });
    expect(m.letters.at(-1)).toMatchObject({ letter: 'notice', about: 'benefit-ending', respondBy: '2026-02-08' });
    expect(m.nextLimit).toBeUndefined(); // day 91 is after the day the benefit would end
    expect(m.mayDo).toEqual(['record-consent', 'record-response']);
    s = exec(s, 24, 'record-response', { note: 'Jag har fått ett nytt läkarintyg.' }, INSURED);
    m = mine(s, 24);
    expect(m.hearing).toMatchObject({ responded: true });
    expect(m.mayDo).toEqual(['record-consent']);
    // the response's words stay in the notes: nothing of them in the plain view
    expect(JSON.stringify(m)).not.toContain('läkarintyg');
  });

  it('a closed case: closed on its day with its reason, nothing to wait for, nothing to do', () => {
    let s = stepTo(start(), 30);
    s = exec(s, 30, 'report-return-to-work', { extent: 'full' }, CW);
    const m = mine(s, 30);
    expect(m).toMatchObject({ status: 'closed', closed: { reason: 'returned-to-work' }, waitingFor: [], mayDo: [] });
    expect(m.nextLimit).toBeUndefined();
    expect(m.letters.at(-1)).toMatchObject({ letter: 'notice', about: 'case-closed' });
  });
});
