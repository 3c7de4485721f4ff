/**
 * What went wrong, in Swedish: every error code the API answers with (platform/errorCodes.ts) and every
 * field issue (domain/fieldIssues.ts), each with its own text. The maps are typed against those lists,
 * so a new code or issue without a Swedish text does not compile. Pages show a field's problems at
 * the field, and nothing of the API's English.
 */
import type { ErrorCode } from '../platform/errorCodes';
import type { FieldIssue } from '../domain/fieldIssues';
import type { ApiError } from './apiClient';

/** Codes of the web app's own (not the API's). */
type WebErrorCode = 'CSRF' | 'IDP_UNAVAILABLE';

export const ERROR_LABELS: Record<ErrorCode | WebErrorCode, string> = {
  INVALID_INPUT: 'Några uppgifter behöver rättas. Se markeringarna vid fälten.',
  INVALID_JSON: 'Begäran kunde inte läsas.',
  INVALID_REQUEST: 'Begäran kunde inte läsas.',
  INVALID_URL: 'Adressen är felaktig.',
  UNAUTHENTICATED: 'Du är inte inloggad, eller inloggningen har gått ut.',
  FORBIDDEN: 'Du har inte behörighet till detta.',
  NOT_A_PARTY: 'Din organisation är inte part i ärendet.',
  CASE_NOT_FOUND: 'Ärendet finns inte.',
  NO_CASE: 'Du har inget sjukfall hos Försäkringskassan just nu.',
  GONE: 'Ärendet är gallrat: dess uppgifter har tagits bort efter den tid de ska sparas.',
  ACCESS_LOG_UNAVAILABLE: 'Åtkomstloggen kan inte skrivas just nu, så uppgifterna visas inte. Försök igen om en stund.',
  NOT_FOUND: 'Sidan eller uppgiften finns inte.',
  METHOD_NOT_ALLOWED: 'Det går inte att göra så här.',
  NOT_ACCEPTABLE: 'Svaret kan inte ges i det formatet.',
  CASE_CLOSED: 'Ärendet är avslutat.',
  WRONG_CRITERION: 'Bedömningsgrunden stämmer inte med ärendets fas.',
  SELF_REVIEW: 'Du kan inte granska ett beslut du själv har föreslagit.',
  CONSENT_REQUIRED: 'Den försäkrades samtycke krävs först.',
  DECISION_PENDING: 'Ett föreslaget beslut väntar på granskning.',
  NO_PENDING_DECISION: 'Det finns inget beslut att granska.',
  ALREADY_DECIDED: 'Detta är redan beslutat.',
  ALREADY_REGISTERED: 'Detta är redan registrerat.',
  AFU_ALREADY_ORDERED: 'En AFU är redan beställd och utlåtandet har inte kommit.',
  BENEFIT_ENDING_UNDER_WAY: 'Ett beslut om att sjukpenningen upphör är redan på väg.',
  DATE_IN_PAST: 'Datumet har redan passerat. Välj dagens datum eller ett senare.',
  EXCEPTION_TOO_EARLY: 'Undantaget kan inte beslutas ännu.',
  EXCEPTION_TOO_LATE: 'Det är för sent att besluta om undantaget.',
  MEETING_TOO_LATE: 'Mötet ligger för sent.',
  NOT_APPLICABLE: 'Gäller inte detta ärende.',
  NOT_IN_FORCE: 'Regeln gällde inte vid den tidpunkten.',
  NO_EMPLOYER: 'Ärendet har ingen arbetsgivare att kalla.',
  NO_OPEN_TASK: 'Det finns ingen öppen uppgift för detta.',
  NO_OUTSTANDING_REQUEST: 'Det finns ingen obesvarad begäran.',
  NO_SCHEDULED_MEETING: 'Inget sådant möte är bokat.',
  NO_REGION: 'Ärendet saknar region att skicka begäran till.',
  IDEMPOTENCY_KEY_REUSED: 'Formuläret har redan skickats med andra uppgifter. Ladda om sidan och försök igen.',
  UNKNOWN_COMMAND: 'Okänd åtgärd.',
  CASE_ALREADY_OPEN: 'Personen har redan ett öppet ärende.',
  PAYLOAD_TOO_LARGE: 'Uppgifterna är för långa.',
  UNSUPPORTED_MEDIA_TYPE: 'Begäran kunde inte läsas.',
  URI_TOO_LONG: 'Adressen är för lång.',
  HEADERS_TOO_LARGE: 'Begäran är för stor.',
  RATE_LIMITED: 'För många förfrågningar på kort tid. Vänta en minut och försök igen.',
  POPULATION_REGISTER_UNAVAILABLE: 'Folkbokföringen svarar inte just nu. Försök igen om en stund.',
  UNAVAILABLE: 'Tjänsten svarar inte just nu. Försök igen om en stund.',
  TEMPORAL_UNAVAILABLE: 'Ärendetjänsten svarar inte just nu. Försök igen om en stund; det du skickade görs bara en gång.',
  SHUTTING_DOWN: 'Tjänsten startar om. Försök igen om en stund.',
  NO_HEARD_DECISION: 'Det finns inget beslut som den försäkrade har fått yttra sig över.',
  ALREADY_RESPONDED: 'Den försäkrades svar är redan registrerat.',
  NO_RESPONSE: 'Den försäkrade har inte svarat. Utan svar står beslutet fast när svarstiden gått ut.',
  DATE_IN_FUTURE: 'Datumet ligger i framtiden.',
  NO_EXCEPTION: 'Inget undantag gäller i ärendet.',
  CSRF: 'Formuläret hade gått ut. Ladda om sidan och försök igen.',
  IDP_UNAVAILABLE: 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.',
};

/** Each field issue in Swedish; `limit` is the bound broken (a length, a number of days). */
export const ISSUE_TEXTS: Record<FieldIssue, (limit?: number) => string> = {
  required: () => 'Fyll i fältet.',
  'wrong-type': () => 'Fyll i ett giltigt värde.',
  'too-small': (n) => (n !== undefined ? `Värdet är för litet eller för kort (minst ${n}).` : 'Värdet är för litet eller för kort.'),
  'too-big': (n) => (n !== undefined ? `Värdet är för stort eller för långt (högst ${n}).` : 'Värdet är för stort eller för långt.'),
  'not-an-option': () => 'Välj ett av alternativen.',
  'bad-format': () => 'Värdet har fel format.',
  'unknown-field': () => 'Fältet hör inte till formuläret.',
  invalid: () => 'Kontrollera värdet.',
  'not-a-date': () => 'Ange ett datum som ÅÅÅÅ-MM-DD.',
  'after-today': () => 'Datumet får inte vara senare än i dag.',
  'too-long-ago': (n) => `Datumet får vara högst ${n ?? ''} dagar tillbaka i tiden.`.replace('  ', ' '),
  'before-from': () => 'Slutdatumet får inte vara före startdatumet.',
  'overlaps-first-sick-day': () => 'En tidigare period måste sluta före första sjukdagen.',
  'personnummer-format': () => 'Skriv personnumret som ÅÅÅÅMMDD-NNNN (12 siffror).',
  'check-digit': () => 'Kontrollsiffran (sista siffran) stämmer inte. Kontrollera numret.',
  'birth-date': () => 'Födelsedatumet i numret finns inte. Kontrollera numret.',
  'org-format': () => 'Skriv organisationsnumret som NNNNNN-NNNN.',
  'org-group': () => 'Det är inte ett organisationsnummer (siffra 3–4 ska vara 20 eller mer).',
  'employer-required': () => 'En anställd behöver en arbetsgivare: fyll i organisationsnumret.',
  'employer-not-allowed': () => 'Bara en anställd har arbetsgivare. Töm fälten för arbetsgivaren.',
  'region-code': () => 'Ange länskoden med två siffror, 01–25.',
  'user-id': () => 'Ett användar-ID har 1–64 tecken: bokstäver a–z, siffror, punkt, understreck eller bindestreck (inget personnummer).',
  'parties-only-reconciliation': () => 'Parter väljs bara för avstämningsmöten.',
  'degree-required': () => 'Vid delvis återgång: välj den sjukskrivningsgrad som återstår.',
};

export const errorLabel = (code: string): string => (ERROR_LABELS as Record<string, string>)[code] ?? 'Begäran kunde inte utföras.';

const isIssue = (x: unknown): x is FieldIssue => typeof x === 'string' && x in ISSUE_TEXTS;

/**
 * The Swedish text of each wrong field of an API error, by the form's field name: `body.degree` and
 * `degree` are the field `degree`; a nested path is given as it is (`employment.employer.orgNr`). A
 * field's first problem wins. An error that names no field has none here: show errorLabel() above the form.
 */
export function fieldMessages(error: ApiError): Record<string, string> {
  const issues = Array.isArray(error.details?.issues)
    ? (error.details.issues as { field?: unknown; issue?: unknown; limit?: unknown }[])
    : [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const field = typeof i.field === 'string' ? i.field.replace(/^body\.?/, '') : '';
    if (!field || out[field]) continue;
    out[field] = isIssue(i.issue) ? ISSUE_TEXTS[i.issue](typeof i.limit === 'number' ? i.limit : undefined) : ISSUE_TEXTS.invalid();
  }
  // a rule's rejection that names a field (no issue list): its code says what is wrong
  const named = typeof error.details?.field === 'string' ? error.details.field.replace(/^body\.?/, '') : '';
  if (named && named !== '(body)' && !out[named])
    out[named] = error.code === 'INVALID_INPUT' ? ISSUE_TEXTS.invalid() : errorLabel(error.code);
  return out;
}
