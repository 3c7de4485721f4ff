/** The commands of a 400-day employed case that meets every milestone, by chain day (shared by rules.ts and longCase.ts). */
import type { applyCommand } from '../../domain/caseMachine';
import type { Actor } from '../../domain/vocabulary';

const caseworker = { sub: 'hk-1', role: 'caseworker' } as const;
const specialist = { sub: 'spec-1', role: 'specialist' } as const;
const employer = { sub: 'hr', role: 'employer', org: '556036-0793' } as const; // the example employer

export const EXAMPLE_ORG_NR = '556036-0793';
/** The healthcare region (county code) of the example cases: the AFU is ordered from it, and its report comes from it. */
export const EXAMPLE_REGION = '01';

export const CHAIN_SCRIPT: { day: number; command: Parameters<typeof applyCommand>[1]; input: unknown; actor: Actor }[] = [
  {
    day: 16,
    command: 'register-certificate',
    input: { from: '2026-01-05', to: '2026-06-30', degree: 100, expectedDurationDays: 200 },
    actor: caseworker,
  },
  { day: 18, command: 'register-sick-report', input: {}, actor: employer },
  { day: 20, command: 'assess-work-capacity', input: { criterion: 'own-work', outcome: 'reduced' }, actor: caseworker },
  { day: 25, command: 'assess-rehab-need', input: { need: true }, actor: caseworker },
  { day: 29, command: 'register-plan', input: { via: 'form' }, actor: employer },
  { day: 95, command: 'assess-work-capacity', input: { criterion: 'employer-work', outcome: 'reduced' }, actor: caseworker },
  { day: 151, command: 'order-afu', input: {}, actor: caseworker },
  { day: 180, command: 'submit-afu-report', input: {}, actor: { sub: 'reg', role: 'region', region: EXAMPLE_REGION } },
  { day: 185, command: 'assess-work-capacity', input: { criterion: 'normal-work', outcome: 'reduced' }, actor: caseworker },
  { day: 187, command: 'review-decision', input: { approve: true }, actor: specialist },
  { day: 370, command: 'assess-work-capacity', input: { criterion: 'normal-work-strict', outcome: 'reduced' }, actor: caseworker },
];
