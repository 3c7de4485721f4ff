/**
 * The web app's Swedish vocabulary: ONE label per event type, task, criterion, track, command,
 * command field, meeting, agency request and error code. Every page takes its words from here, so
 * the same thing is called the same everywhere. Typed against the domain's own lists, so a new
 * event type or command without a label is a compile error.
 */
import type { AccessKind } from '../contract/accessKinds';
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
  'exception.ended': 'Undantag upphävt',
  'response.recorded': 'Den försäkrades svar registrerat',
  'decision.withdrawn': 'Beslut återkallat',
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
  'reconsider-decision': 'Ompröva beslutet efter den försäkrades svar',
  'confirm-exception': 'Bekräfta eller upphäv undantaget',
};

/**
 * A criterion by name (the timeline, lists, charts). Which days it applies depends on the track:
 * criterionLabel() says that where the track is known.
 */
export const CRITERION_LABELS: Record<Criterion, string> = {
  'own-work': 'Eget arbete',
  'employer-work': 'Annat arbete hos arbetsgivaren',
  'normal-work': 'Normalt förekommande arbete',
  'normal-work-strict': 'Normalt förekommande arbete, strikt',
};

/** The days a criterion applies on each track (docs/rules.md, "Tracks and criteria"). */
export const CRITERION_NAMES = CRITERION_LABELS;

const CRITERION_DAYS: Record<Track, Partial<Record<Criterion, string>>> = {
  employed: { 'own-work': 'dag 1–90', 'employer-work': 'dag 91–180', 'normal-work': 'från dag 181', 'normal-work-strict': 'från dag 366' },
  unemployed: { 'normal-work': 'från dag 1' },
  'self-employed': { 'own-work': 'den egna verksamheten, dag 1–180', 'normal-work': 'från dag 181' },
};

/** A criterion as the case's track has it: its name and days, or the exception that keeps it. */
export function criterionLabel(track: unknown, criterion: unknown, exception?: unknown): string {
  const name = label(CRITERION_NAMES, criterion);
  if (typeof exception === 'string' && exception in EXCEPTION_LABELS)
    return `${name} (undantag: ${label(EXCEPTION_LABELS, exception).toLowerCase()})`;
  const days = (CRITERION_DAYS as Record<string, Record<string, string>>)[String(track)]?.[String(criterion)];
  return days ? `${name} (${days})` : name;
}

/** Which criteria apply when, per track, in a sentence (under the chain bar). */
export const TRACK_CHAIN_TEXT: Record<Track, string> = {
  employed:
    'Arbetsförmågan prövas mot eget arbete dag 1–90, mot annat arbete hos arbetsgivaren dag 91–180, mot normalt förekommande arbete från dag 181 och strikt från dag 366.',
  unemployed: 'Arbetsförmågan prövas mot normalt förekommande arbete från dag 1; dag 91, 181 och 366 ändrar inte bedömningsgrunden.',
  'self-employed': 'Arbetsförmågan prövas mot den egna verksamheten dag 1–180 och mot normalt förekommande arbete från dag 181.',
};

/** The counties (län) by code: the healthcare region a case asks. */
export const COUNTY_LABELS: Record<string, string> = {
  '01': 'Stockholms län',
  '03': 'Uppsala län',
  '04': 'Södermanlands län',
  '05': 'Östergötlands län',
  '06': 'Jönköpings län',
  '07': 'Kronobergs län',
  '08': 'Kalmar län',
  '09': 'Gotlands län',
  '10': 'Blekinge län',
  '12': 'Skåne län',
  '13': 'Hallands län',
  '14': 'Västra Götalands län',
  '17': 'Värmlands län',
  '18': 'Örebro län',
  '19': 'Västmanlands län',
  '20': 'Dalarnas län',
  '21': 'Gävleborgs län',
  '22': 'Västernorrlands län',
  '23': 'Jämtlands län',
  '24': 'Västerbottens län',
  '25': 'Norrbottens län',
};

export const TRACK_LABELS: Record<Track, string> = {
  employed: 'Anställd',
  unemployed: 'Arbetslös',
  'self-employed': 'Egenföretagare',
};

/** What an access-log entry records (readModel/accessLog.ts). */
export const ACCESS_LABELS: Record<AccessKind, string> = {
  case: 'Läste ärendet',
  timeline: 'Läste händelserna',
  history: 'Läste historiken',
  person: 'Såg vems ärendet är',
  'access-log': 'Läste åtkomstloggen',
  'person-search': 'Sökte på person',
  'register-extract': 'Tog fram registerutdrag',
};

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Handläggare',
  specialist: 'Specialist',
  supervisor: 'Chef',
  employer: 'Arbetsgivare',
  region: 'Region',
  af: 'Arbetsförmedlingen',
  insured: 'Försäkrad',
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
  'notice-correction': 'rättat besked',
};

/**
 * The system's own steps that run as activities but ask no outside party: their history lines carry
 * no agency (`?`, also in records already archived), so they are named whole here.
 */
export const OWN_STEP_LABELS: Record<string, string> = {
  archiveCase: 'Arkivet: hela ärendet sparas, läsbart i många år',
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
  'record-response': 'Registrera den försäkrades svar',
  'uphold-decision': 'Stå fast vid beslutet',
  'withdraw-decision': 'Återkalla beslutet',
  'confirm-exception': 'Bekräfta undantaget',
  'end-exception': 'Upphäv undantaget',
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
  workTasks: 'Arbetsuppgifter och hur sjukdomen påverkar dem',
  adjustments: 'Anpassningar i arbetet (arbetstid, uppgifter, hjälpmedel)',
  measures: 'Åtgärder: vad som ska göras, av vem och när',
  plannedReturnOn: 'Planerad återgång i arbete',
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
  criterion: CRITERION_NAMES,
  boolean: { true: 'Ja', false: 'Nej' },
  parties: { employer: 'Arbetsgivaren', region: 'Läkaren (regionen)', af: 'Arbetsförmedlingen' },
  // `reason` is a list for close-case and withdraw-decision (free text for the exceptions)
  reason: {
    deceased: 'Den försäkrade har avlidit',
    'sickness-compensation': 'Sjukersättning beviljad',
    emigrated: 'Utflyttad från Sverige',
    'claim-withdrawn': 'Ansökan återkallad',
    'opened-in-error': 'Öppnat av misstag',
    'new-medical-information': 'Nya medicinska uppgifter',
    'capacity-reassessed': 'Arbetsförmågan bedömd på nytt',
    other: 'Annat skäl',
  },
};

export const CLOSE_REASON_LABELS: Record<string, string> = {
  'returned-to-work': 'Åter i arbete',
  'benefit-ended': 'Sjukpenningen upphörde',
  deceased: 'Den försäkrade har avlidit',
  'sickness-compensation': 'Sjukersättning beviljad',
  emigrated: 'Utflyttad från Sverige',
  'claim-withdrawn': 'Ansökan återkallad',
  'opened-in-error': 'Öppnat av misstag',
  other: 'Annat skäl',
};

export const DECISION_LABELS: Record<string, string> = {
  'first-normal-work': 'Första prövningen mot normalt förekommande arbete',
  'end-benefit': 'Sjukpenningen upphör',
};

export { ERROR_LABELS, errorLabel } from './messages';
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;
export const valueLabel = (field: string, value: string): string => VALUE_LABELS[field]?.[value] ?? value;
export const label = <K extends string>(labels: Record<K, string>, key: unknown): string =>
  (labels as Record<string, string>)[String(key)] ?? String(key ?? '–');
