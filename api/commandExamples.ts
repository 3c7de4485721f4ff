/**
 * One example body per command, shown in /openapi.json and prefilled by /docs "Try it out".
 * The tests check that each example is valid input for its command.
 */
import type { CommandName } from '../domain/commands';
import type { CommandInput } from '../domain/commandSchemas';

export const COMMAND_EXAMPLES: { [C in CommandName]: CommandInput<C> } = {
  'register-certificate': { from: '2026-11-10', to: '2026-12-31', degree: 100, expectedDurationDays: 120 },
  'register-sick-report': { receivedOn: '2026-11-17' },
  'register-plan': {
    via: 'form',
    workTasks: 'Warehouse work, mostly lifting; lifting is not possible now.',
    adjustments: 'Half days, no lifting over 5 kg, a chair at the packing station.',
    measures: 'The manager adapts the schedule by 1 Dec; occupational health follows up in two weeks.',
    plannedReturnOn: '2027-01-11',
  },
  'assess-rehab-need': { need: true },
  'order-afu': { extended: false },
  'submit-afu-report': {},
  'request-certificate-completion': { question: 'Which activities can the patient do part-time?' },
  'answer-certificate-completion': { answer: 'Office work up to four hours a day.' },
  'notify-rehab-need': { consent: true },
  'record-consent': { scope: 'joint-mapping', given: true },
  'schedule-meeting': { meeting: 'reconciliation', date: '2026-12-15' },
  'record-meeting-held': { meeting: 'reconciliation' },
  'decide-exception': { exception: 'unreasonable', reason: 'Returns to the employer within the year' },
  'assess-work-capacity': { criterion: 'own-work', outcome: 'reduced', degree: 50 },
  'review-decision': { approve: true },
  'decide-employer-report': { report: false },
  'report-return-to-work': { extent: 'partial', degree: 50 },
  reassign: { caseworkerId: 'hk-2' },
  'complete-long-term-review': {},
  'close-case': { reason: 'emigrated' },
  'record-response': { receivedOn: '2026-12-20' },
  'uphold-decision': {},
  'withdraw-decision': { reason: 'new-medical-information' },
  'confirm-exception': {},
  'end-exception': { reason: 'Expected to return to the employer no longer holds' },
};
