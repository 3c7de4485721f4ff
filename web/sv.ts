/**
 * The web app's Swedish vocabulary: ONE label per event type, task, criterion, track, command,
 * command field, meeting, agency request and error code. Every page takes its words from here, so
 * the same thing is called the same everywhere. Typed against the domain's own lists, so a new
 * event type or command without a label is a compile error.
 */
import type { RejectionCode } from '../domain/caseState';
import type { CommandName } from '../domain/commands';
import type { Criterion, Track } from '../domain/rulebook';
import type { AgencyRequestName, Agency, ConsentScope, EventType, MeetingType, Role, TaskName } from '../domain/vocabulary';

export const EVENT_LABELS: Record<EventType, string> = {
  'case.opened': 'Ärendet öppnat',
  'phase.changed': 'Bedömningsgrund ändrad',
  'task.opened': 'Uppgift skapad',
  'task.completed': 'Uppgift klar',
  'task.overdue': 'Uppgift försenad',
  'agency.requested': 'Begäran skickad',
  'agency.responded': 'Svar mottaget',
  'meeting.scheduled': 'Möte bokat',
  'meeting.held': 'Möte genomfört',
  'meeting.cancelled': 'Möte inställt',
  'decision.proposed': 'Beslut föreslaget',
  'decision.approved': 'Beslut godkänt',
  'decision.returned': 'Beslut återförvisat',
  'exception.decided': 'Undantag beslutat',
  'consent.recorded': 'Samtycke registrerat',
  'benefit.ending': 'Sjukpenningen upphör',
  'case.closed': 'Ärendet avslutat',
  'command.recorded': 'Registrerat',
};

export const TASK_LABELS: Record<TaskName, string> = {
  'assess-work-capacity': 'Bedöm arbetsförmåga',
  'assess-rehab-need': 'Ta ställning till rehabiliteringsbehov',
  'decide-employer-report': 'Ta ställning till anmälan av arbetsgivare',
  'prepare-day-180': 'Förbered prövning dag 180',
  'review-decision': 'Granska beslut (fyraögonsprincip)',
  'book-transition-meeting': 'Boka omställningsmöte',
  'long-term-review': 'Långtidsgenomgång',
  'follow-up-afu': 'Följ upp AFU',
  'follow-up-completion': 'Följ upp komplettering',
};

export const CRITERION_LABELS: Record<Criterion, string> = {
  'own-work': 'Eget arbete (dag 1–90)',
  'employer-work': 'Annat arbete hos arbetsgivaren (dag 91–180)',
  'normal-work': 'Normalt förekommande arbete (från dag 181)',
  'normal-work-strict': 'Normalt förekommande arbete, strikt (från dag 366)',
};

export const TRACK_LABELS: Record<Track, string> = {
  employed: 'Anställd',
  unemployed: 'Arbetslös',
  'self-employed': 'Egenföretagare',
};

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Handläggare',
  specialist: 'Specialist',
  supervisor: 'Chef',
  employer: 'Arbetsgivare',
  region: 'Region',
  af: 'Arbetsförmedlingen',
};

export const MEETING_LABELS: Record<MeetingType, string> = {
  reconciliation: 'Avstämningsmöte',
  'joint-mapping': 'Gemensam kartläggning',
  transition: 'Omställningsmöte',
  contact: 'Kontaktmöte',
};

export const AGENCY_LABELS: Record<Agency, string> = {
  employer: 'Arbetsgivaren',
  region: 'Regionen',
  af: 'Arbetsförmedlingen',
  av: 'Arbetsmiljöverket',
  insured: 'Den försäkrade',
};

export const REQUEST_LABELS: Record<AgencyRequestName, string> = {
  'sick-report': 'sjukanmälan',
  'return-to-work-plan': 'plan för återgång i arbete',
  'plan-reminder': 'påminnelse om plan',
  'meeting-invitation': 'kallelse till möte',
  afu: 'aktivitetsförmågeutredning (AFU)',
  'afu-reminder': 'påminnelse om AFU',
  'certificate-completion': 'komplettering av läkarintyg',
  'certificate-completion-reminder': 'påminnelse om komplettering',
  'joint-mapping': 'gemensam kartläggning',
  'transition-meeting': 'omställningsmöte',
  'contact-meeting': 'kontaktmöte',
  'meeting-cancellation': 'avbokning av möte',
  'employer-deficiency-report': 'anmälan om bristande plan',
  'certificate-reminder': 'påminnelse om läkarintyg',
  notice: 'kommunicering',
};

export const CONSENT_LABELS: Record<ConsentScope, string> = {
  'employer-contact': 'Kontakt med arbetsgivaren',
  'joint-mapping': 'Gemensam kartläggning',
  'region-notification': 'Anmälan från regionen',
};

export const EXCEPTION_LABELS: Record<'predominant-reasons' | 'unreasonable', string> = {
  'predominant-reasons': 'Övervägande skäl',
  unreasonable: 'Oskäligt',
};

export const COMMAND_LABELS: Record<CommandName, string> = {
  'register-certificate': 'Registrera läkarintyg',
  'register-sick-report': 'Registrera sjukanmälan',
  'register-plan': 'Registrera plan för återgång i arbete',
  'assess-rehab-need': 'Bedöm rehabiliteringsbehov',
  'order-afu': 'Beställ AFU',
  'submit-afu-report': 'Lämna AFU-utlåtande',
  'request-certificate-completion': 'Begär komplettering av läkarintyg',
  'answer-certificate-completion': 'Besvara komplettering',
  'notify-rehab-need': 'Anmäl rehabiliteringsbehov',
  'record-consent': 'Registrera samtycke',
  'schedule-meeting': 'Boka möte',
  'record-meeting-held': 'Registrera genomfört möte',
  'decide-exception': 'Besluta om undantag (dag 181)',
  'assess-work-capacity': 'Bedöm arbetsförmåga',
  'review-decision': 'Granska beslut',
  'decide-employer-report': 'Ta ställning till anmälan av arbetsgivare',
  'report-return-to-work': 'Registrera återgång i arbete',
  reassign: 'Byt handläggare',
  'complete-long-term-review': 'Slutför långtidsgenomgång',
  'close-case': 'Avsluta ärendet',
};

/** Command input fields (names as in domain/commands.ts). */
export const FIELD_LABELS: Record<string, string> = {
  from: 'Från och med',
  to: 'Till och med',
  degree: 'Sjukskrivningsgrad (%)',
  parties: 'Parter som kallas',
  team: 'Team',
  expectedDurationDays: 'Förväntad sjukskrivningstid (dagar)',
  receivedOn: 'Mottagen',
  via: 'Inkom via',
  need: 'Behov av rehabilitering',
  note: 'Anteckning',
  extended: 'Utökad utredning (9 veckor)',
  summary: 'Sammanfattning',
  question: 'Fråga till läkaren',
  answer: 'Svar',
  consent: 'Den försäkrade har samtyckt',
  scope: 'Samtycket gäller',
  given: 'Samtycke lämnat',
  meeting: 'Mötestyp',
  date: 'Datum',
  outcome: 'Utfall',
  exception: 'Undantag',
  reason: 'Skäl',
  criterion: 'Bedömningsgrund',
  approve: 'Godkänn beslutet',
  comment: 'Kommentar',
  report: 'Anmäl till Arbetsmiljöverket',
  extent: 'Omfattning',
  caseworkerId: 'Ny handläggare (användar-ID)',
};

/** Labels of enum values in command forms, per field (falls back to the shared lists above). */
export const VALUE_LABELS: Record<string, Record<string, string>> = {
  via: { form: 'Blankett', oral: 'Muntligt' },
  outcome: { reduced: 'Nedsatt', 'not-reduced': 'Inte nedsatt' },
  extent: { full: 'Hel återgång', partial: 'Delvis återgång' },
  meeting: MEETING_LABELS,
  scope: CONSENT_LABELS,
  exception: EXCEPTION_LABELS,
  criterion: CRITERION_LABELS,
  boolean: { true: 'Ja', false: 'Nej' },
  parties: { employer: 'Arbetsgivaren', region: 'Läkaren (regionen)', af: 'Arbetsförmedlingen' },
};

export const CLOSE_REASON_LABELS: Record<string, string> = {
  'returned-to-work': 'Åter i arbete',
  'benefit-ended': 'Sjukpenningen upphörde',
};

export const DECISION_LABELS: Record<string, string> = {
  'first-normal-work': 'Första prövningen mot normalt förekommande arbete',
  'end-benefit': 'Sjukpenningen upphör',
};

/**
 * API error codes → what the user reads. The API's own (English) message is shown alongside. Every
 * rejection code of the rules must have a label (the compiler checks it: `RejectionCode`).
 */
export const ERROR_LABELS: Record<RejectionCode, string> & Record<string, string> = {
  INVALID_INPUT: 'Kontrollera värdet i fältet.',
  UNAUTHENTICATED: 'Du är inte inloggad, eller inloggningen har gått ut.',
  FORBIDDEN: 'Du har inte behörighet till detta.',
  NOT_A_PARTY: 'Din organisation är inte part i ärendet.',
  CASE_NOT_FOUND: 'Ärendet finns inte.',
  NOT_FOUND: 'Sidan eller uppgiften finns inte.',
  CASE_CLOSED: 'Ärendet är avslutat.',
  WRONG_CRITERION: 'Bedömningsgrunden stämmer inte med ärendets fas.',
  SELF_REVIEW: 'Du kan inte granska ett beslut du själv har föreslagit.',
  CONSENT_REQUIRED: 'Den försäkrades samtycke krävs först.',
  DECISION_PENDING: 'Ett föreslaget beslut väntar på granskning.',
  BENEFIT_ENDING_UNDER_WAY: 'Ett beslut om att sjukpenningen upphör är redan föreslaget eller fattat.',
  NO_PENDING_DECISION: 'Det finns inget beslut att granska.',
  ALREADY_DECIDED: 'Detta är redan beslutat.',
  ALREADY_REGISTERED: 'Detta är redan registrerat.',
  AFU_ALREADY_ORDERED: 'En AFU är redan beställd.',
  DATE_IN_PAST: 'Datumet har redan passerat.',
  EXCEPTION_TOO_EARLY: 'Undantaget kan inte beslutas ännu.',
  EXCEPTION_TOO_LATE: 'Det är för sent att besluta om undantaget.',
  MEETING_TOO_LATE: 'Mötet ligger för sent.',
  NOT_APPLICABLE: 'Gäller inte detta ärende.',
  NOT_IN_FORCE: 'Regeln gällde inte vid den tidpunkten.',
  NO_OPEN_TASK: 'Det finns ingen öppen uppgift för detta.',
  NO_OUTSTANDING_REQUEST: 'Det finns ingen obesvarad begäran.',
  NO_SCHEDULED_MEETING: 'Inget sådant möte är bokat.',
  NO_EMPLOYER: 'Ärendet har ingen arbetsgivare att bjuda in.',
  UNKNOWN_COMMAND: 'Okänt kommando.',
  TOO_MANY_CASES: 'För många ärenden: avgränsa urvalet.',
  CASE_ALREADY_OPEN: 'Personen har redan ett öppet ärende.',
  UNAVAILABLE: 'Tjänsten svarar inte just nu. Försök igen om en stund.',
  CSRF: 'Formuläret hade gått ut. Ladda om sidan och försök igen.',
};

export const errorLabel = (code: string): string => ERROR_LABELS[code] ?? 'Begäran kunde inte utföras.';
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;
export const valueLabel = (field: string, value: string): string => VALUE_LABELS[field]?.[value] ?? value;
export const label = <K extends string>(labels: Record<K, string>, key: unknown): string =>
  (labels as Record<string, string>)[String(key)] ?? String(key ?? '–');
