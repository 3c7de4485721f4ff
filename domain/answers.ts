/**
 * Which command answers which request to an outside party (the parties' inboxes, docs/rules.md
 * "Inboxes").
 * Rule: a party answers FK's request with the same command whether it comes from its inbox form,
 * its own system or the development stubs. Source: our policy, after the commands of docs/api.md.
 * When: an employer, a region or AF has an unanswered request on a case it is a party to.
 * Then: sick report → register-sick-report; return-to-work plan → register-plan; AFU → submit-afu-report;
 * completion question → answer-certificate-completion; a meeting AF takes part in → record-meeting-held.
 * A reconciliation-meeting invitation is answered by coming to the meeting: FK records it as held.
 */
import type { CommandName } from './commands';
import type { MeetingType } from './vocabulary';

export type InboxAgency = 'employer' | 'region' | 'af';

const ANSWERS: Record<string, CommandName> = {
  'employer/sick-report': 'register-sick-report',
  'employer/return-to-work-plan': 'register-plan',
  'region/afu': 'submit-afu-report',
  'region/certificate-completion': 'answer-certificate-completion',
  'af/joint-mapping': 'record-meeting-held',
  'af/transition-meeting': 'record-meeting-held',
  'af/contact-meeting': 'record-meeting-held',
};

/** The command that answers this request, if the party answers it with one. */
export const answeringCommand = (agency: InboxAgency, request: string): CommandName | undefined => ANSWERS[`${agency}/${request}`];

/** The input a command answering a request always carries (the rest the party fills in). */
export function fixedInput(command: CommandName, meeting?: MeetingType | string): Record<string, string> {
  if (command === 'register-plan') return { via: 'form' };
  if (command === 'record-meeting-held' && meeting) return { meeting };
  return {};
}
