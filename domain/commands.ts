/**
 * The commands of docs/api.md: their names, who may send each, who may read. Their input schemas
 * (and `CommandInput`) are in domain/commandSchemas.ts, which imports this module, never the reverse.
 */
import type { Role } from './vocabulary';

export const COMMANDS = [
  'register-certificate',
  'register-sick-report',
  'register-plan',
  'assess-rehab-need',
  'order-afu',
  'submit-afu-report',
  'request-certificate-completion',
  'answer-certificate-completion',
  'notify-rehab-need',
  'record-consent',
  'schedule-meeting',
  'record-meeting-held',
  'decide-exception',
  'assess-work-capacity',
  'review-decision',
  'decide-employer-report',
  'report-return-to-work',
  'reassign',
  'complete-long-term-review',
  'close-case',
  'record-response',
  'uphold-decision',
  'withdraw-decision',
  'confirm-exception',
  'end-exception',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export const isCommandName = (s: string): s is CommandName => (COMMANDS as readonly string[]).includes(s);

/** Who may send each command (docs/api.md): the authorisation matrix, in one place. */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  'register-certificate': ['caseworker'],
  'register-sick-report': ['caseworker', 'employer'],
  'register-plan': ['caseworker', 'employer'],
  'assess-rehab-need': ['caseworker'],
  'order-afu': ['caseworker'],
  'submit-afu-report': ['region'],
  'request-certificate-completion': ['caseworker'],
  'answer-certificate-completion': ['region'],
  'notify-rehab-need': ['region'],
  'record-consent': ['caseworker', 'insured'],
  'schedule-meeting': ['caseworker'],
  'record-meeting-held': ['caseworker', 'af'],
  'decide-exception': ['caseworker'],
  'assess-work-capacity': ['caseworker'],
  'review-decision': ['specialist'],
  'decide-employer-report': ['caseworker'],
  'report-return-to-work': ['caseworker', 'employer'],
  reassign: ['supervisor'],
  'complete-long-term-review': ['supervisor'],
  'close-case': ['caseworker'],
  'record-response': ['caseworker', 'insured'],
  'uphold-decision': ['caseworker'],
  'withdraw-decision': ['caseworker'],
  'confirm-exception': ['caseworker'],
  'end-exception': ['caseworker'],
};

/** Roles that may read case state, timeline and lists. Agencies may not, nor the insured (GET /me/case instead) (docs/api.md). */
export const READ_ROLES: readonly Role[] = ['caseworker', 'specialist', 'supervisor'];
/** Roles that may read the decoded Temporal history of a case and use the codec server's decode. */
export const HISTORY_ROLES: readonly Role[] = ['supervisor', 'specialist'];
/** The role of the person on sick leave: GET /me/case and the commands above, on their own case only. */
export const INSURED_ROLES: readonly Role[] = ['insured'];
/** Roles that may open cases. */
export const OPEN_ROLES: readonly Role[] = ['caseworker'];
