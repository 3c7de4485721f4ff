/** The inbox's own Swedish: what each request asks of the party, and the button that answers it. */
import type { CommandName } from '../domain/commands';

/** Headline of a row, by request. */
export const INBOX_HEADINGS: Record<string, string> = {
  'sick-report': 'Sjukanmälan',
  'return-to-work-plan': 'Plan för återgång i arbete',
  'meeting-invitation': 'Kallelse till avstämningsmöte',
  afu: 'Aktivitetsförmågeutredning (AFU)',
  'certificate-completion': 'Komplettering av läkarintyg',
  'joint-mapping': 'Gemensam kartläggning',
  'transition-meeting': 'Omställningsmöte',
  'contact-meeting': 'Kontaktmöte',
};

/** What Försäkringskassan asks, in plain words. */
export const INBOX_ASKS: Record<string, string> = {
  'sick-report': 'Försäkringskassan behöver arbetsgivarens sjukanmälan.',
  'return-to-work-plan':
    'Sjukfrånvaron väntas vara minst 60 dagar. Arbetsgivaren ska då ta fram en plan för återgång i arbete och skicka den till Försäkringskassan.',
  'meeting-invitation':
    'Ni är kallade till ett avstämningsmöte. Inget svar behövs här: Försäkringskassan registrerar mötet när det har hållits.',
  afu: 'Försäkringskassan har beställt en aktivitetsförmågeutredning. Skicka utlåtandet när utredningen är klar.',
  'certificate-completion': 'Försäkringskassan har ställt en fråga om läkarintyget. Frågan finns i beställningen till er; svara här.',
  'joint-mapping': 'Ett möte för gemensam kartläggning är bokat. Registrera mötet när det har hållits.',
  'transition-meeting': 'Ett omställningsmöte är bokat. Registrera mötet när det har hållits.',
  'contact-meeting': 'Ett kontaktmöte är bokat. Registrera mötet när det har hållits.',
};

/** The answering form's button. */
export const INBOX_BUTTONS: Partial<Record<CommandName, string>> = {
  'register-sick-report': 'Skicka sjukanmälan',
  'register-plan': 'Skicka planen',
  'submit-afu-report': 'Skicka AFU-utlåtandet',
  'answer-certificate-completion': 'Skicka svaret',
  'record-meeting-held': 'Registrera mötet som genomfört',
};

/** The confirmation after an answer was accepted. */
export const INBOX_SENT: Partial<Record<CommandName, string>> = {
  'register-sick-report': 'Sjukanmälan är skickad till Försäkringskassan.',
  'register-plan': 'Planen för återgång i arbete är skickad till Försäkringskassan.',
  'submit-afu-report': 'AFU-utlåtandet är skickat till Försäkringskassan.',
  'answer-certificate-completion': 'Svaret på kompletteringen är skickat till Försäkringskassan.',
  'record-meeting-held': 'Mötet är registrerat som genomfört.',
};

/** The page's heading, by role. */
export const INBOX_TITLES: Record<string, string> = {
  employer: 'Inkorg för arbetsgivare',
  region: 'Inkorg för regionen',
  af: 'Inkorg för Arbetsförmedlingen',
};
