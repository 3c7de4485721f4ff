/**
 * The input schema of each command (zod): the single source of truth for validation in the API, the
 * simulator and the workflow's update validators, and for the OpenAPI document and the web forms.
 * Kept apart from domain/commands.ts so that workflow code loads zod only when a command arrives
 * (workflows/commandInput.ts): every workflow Temporal creates evaluates the modules it imports.
 */
import { z } from 'zod';
import { isIsoDate } from './calendar';
import type { CommandName } from './commands';
import { CLOSE_REASONS_BY_CASEWORKER, CONSENT_SCOPES, MEETING_PARTIES, MEETINGS, WITHDRAW_REASONS } from './vocabulary';

export const isoDate = z
  .string()
  .refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD', params: { issue: 'not-a-date' } })
  .describe('ISO date YYYY-MM-DD');

/**
 * A user ID (a caseworker, a team): letters, digits and . _ -, and never something that reads as a
 * personnummer (IDs go to search attributes and logs, where personal data must not).
 */
export const userId = z.string().refine((v) => /^[A-Za-z0-9._-]{1,64}$/.test(v) && !/^\d{6}(\d{2})?[-+]?\d{4}$/.test(v), {
  message: 'a user ID: 1 to 64 letters (a–z), digits, ".", "_" or "-", not a personnummer',
  params: { issue: 'user-id' },
});

const degree = z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]);
const freeText = z.string().min(1).max(4000);

export const commandInputSchemas = {
  'register-certificate': z
    .object({
      from: isoDate,
      to: isoDate,
      degree,
      expectedDurationDays: z.number().int().min(1).max(3650).optional(),
    })
    .strict()
    .refine((c) => c.from <= c.to, { message: '"to" must not be before "from"', path: ['to'], params: { issue: 'before-from' } }),
  'register-sick-report': z.object({ receivedOn: isoDate.optional() }).strict(),
  // the plan's content as FK's plan form asks it (all optional: an oral plan may have none); free
  // text, so kept in the case's encrypted state only, never in the timeline or the read model
  'register-plan': z
    .object({
      via: z.enum(['form', 'oral']),
      workTasks: freeText.optional().describe("the employee's work tasks and how the illness affects them"),
      adjustments: freeText.optional().describe('adjustments at work: hours, tasks, aids, place'),
      measures: freeText.optional().describe('what the employer and others will do, by whom and when'),
      plannedReturnOn: isoDate.optional().describe('when the employee is planned back at work, in whole or in part'),
    })
    .strict(),
  'assess-rehab-need': z.object({ need: z.boolean(), note: freeText.optional() }).strict(),
  'order-afu': z.object({ extended: z.boolean().optional() }).strict(),
  'submit-afu-report': z.object({ summary: freeText.optional() }).strict(),
  'request-certificate-completion': z.object({ question: freeText }).strict(),
  'answer-certificate-completion': z.object({ answer: freeText }).strict(),
  'notify-rehab-need': z.object({ consent: z.boolean() }).strict(),
  'record-consent': z.object({ scope: z.enum(CONSENT_SCOPES), given: z.boolean() }).strict(),
  'schedule-meeting': z
    .object({ meeting: z.enum(MEETINGS), date: isoDate, parties: z.array(z.enum(MEETING_PARTIES)).min(1).max(3).optional() })
    .strict()
    .refine((m) => m.meeting === 'reconciliation' || m.parties === undefined, {
      message: 'parties are named only for a reconciliation meeting',
      path: ['parties'],
      params: { issue: 'parties-only-reconciliation' },
    }),
  'record-meeting-held': z.object({ meeting: z.enum(MEETINGS), outcome: freeText.optional() }).strict(),
  'decide-exception': z.object({ exception: z.enum(['predominant-reasons', 'unreasonable']), reason: freeText }).strict(),
  'assess-work-capacity': z
    .object({
      criterion: z.enum(['own-work', 'employer-work', 'normal-work', 'normal-work-strict']),
      outcome: z.enum(['reduced', 'not-reduced']),
      degree: degree.optional(),
    })
    .strict(),
  'review-decision': z.object({ approve: z.boolean(), comment: freeText.optional() }).strict(),
  'decide-employer-report': z.object({ report: z.boolean() }).strict(),
  'report-return-to-work': z
    .object({ extent: z.enum(['full', 'partial']), degree: z.union([z.literal(25), z.literal(50), z.literal(75)]).optional() })
    .strict()
    .refine((r) => r.extent === 'full' || r.degree !== undefined, {
      message: 'a partial return needs the remaining sick-leave degree (25, 50 or 75)',
      path: ['degree'],
      params: { issue: 'degree-required' },
    }),
  reassign: z.object({ caseworkerId: userId, team: userId.optional() }).strict(),
  'complete-long-term-review': z.object({ note: freeText.optional() }).strict(),
  // the reason from a fixed list; a note is free text, kept in the case's encrypted state only
  'close-case': z.object({ reason: z.enum(CLOSE_REASONS_BY_CASEWORKER), note: freeText.optional() }).strict(),
  'record-response': z.object({ receivedOn: isoDate.optional(), note: freeText.optional() }).strict(),
  'uphold-decision': z.object({}).strict().describe('no input: the heard refusal stands after the response'),
  'withdraw-decision': z.object({ reason: z.enum(WITHDRAW_REASONS), note: freeText.optional() }).strict(),
  'confirm-exception': z.object({}).strict().describe('no input: the exception carried over by the relapse stays'),
  'end-exception': z.object({ reason: freeText }).strict(),
} as const satisfies Record<CommandName, z.ZodType>;

/** The input of a command, as its schema parses it. */
export type CommandInput<C extends CommandName> = z.infer<(typeof commandInputSchemas)[C]>;

export type Validation<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** Parse a command's input; the first problem names its field. */
export function parseCommandInput<C extends CommandName>(command: C, input: unknown): Validation<CommandInput<C>> {
  const r = commandInputSchemas[command].safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data as CommandInput<C> };
  const issue = r.error.issues[0]!;
  return { ok: false, field: issue.path.join('.') || '(body)', message: issue.message };
}
