/**
 * The words of Mitt sjukfall, the insured person's page, in klarspråk: plain Swedish, short
 * sentences, "du", no codes or agency jargon (the Swedish term, where the person will meet it in
 * letters, comes after the plain words). Typed against the domain's lists, so a new criterion,
 * meeting, consent or letter without words here does not compile. Staff pages use web/sv.ts.
 */
import type { Criterion, Track } from '../domain/rulebook';
import type { CloseReason, ConsentScope, MeetingType } from '../domain/vocabulary';
import type { MyCase, MyLetter, MyMeeting } from '../domain/myCase';
import { formatDay } from './describe';

const d = (iso: string | undefined) => formatDay(iso);

/** What FK assesses the person's work capacity against, as "om du kan …". */
export function assessedAgainst(criterion: Criterion, track: Track): string {
  switch (criterion) {
    case 'own-work':
      return track === 'self-employed' ? 'om du kan arbeta i ditt företag' : 'om du kan göra ditt vanliga arbete';
    case 'employer-work':
      return 'om du kan göra ditt vanliga arbete eller något annat arbete hos din arbetsgivare';
    case 'normal-work':
      return 'om du kan göra något arbete som är vanligt på arbetsmarknaden';
    case 'normal-work-strict':
      return 'om du kan göra något arbete som är vanligt på arbetsmarknaden. Det gäller nästan alla efter dag 365';
  }
}

export const NOW_TEXT = (m: MyCase): string =>
  `I dag är det dag ${m.chainDay} av din sjukskrivning. Just nu bedömer vi ${assessedAgainst(m.criterion, m.track)}.`;

export const NEXT_LIMIT_TEXT = (m: MyCase): string | undefined =>
  m.nextLimit &&
  `Från dag ${m.nextLimit.day}, den ${d(m.nextLimit.date)}, bedömer vi ${assessedAgainst(m.nextLimit.criterion, m.track)}. ` +
    `Det är om ${m.nextLimit.daysLeft} ${m.nextLimit.daysLeft === 1 ? 'dag' : 'dagar'}.`;

export const DEGREE_TEXT = (degree: number): string =>
  degree === 100 ? 'Du är sjukskriven på heltid.' : `Du är sjukskriven på ${degree} procent.`;

export const CLOSE_TEXTS: Record<CloseReason, string> = {
  'returned-to-work': 'Du har börjat arbeta igen.',
  'benefit-ended': 'Din sjukpenning har upphört.',
  deceased: 'Ärendet är avslutat.',
  'sickness-compensation': 'Du har fått sjukersättning i stället.',
  emigrated: 'Du har flyttat från Sverige.',
  'claim-withdrawn': 'Du har tagit tillbaka din ansökan.',
  'opened-in-error': 'Ärendet öppnades av misstag.',
  other: 'Ärendet är avslutat.',
};

export const MEETING_TEXTS: Record<MeetingType, string> = {
  reconciliation: 'Möte om hur du kan komma tillbaka till arbetet (avstämningsmöte)',
  'joint-mapping': 'Möte med Arbetsförmedlingen om vilket stöd du kan få (gemensam kartläggning)',
  transition: 'Möte med Arbetsförmedlingen om vad du kan göra när sjukpenningen slutar (omställningsmöte)',
  contact: 'Möte med Arbetsförmedlingen för att lära känna varandra (kontaktmöte)',
};

export function meetingStatus(m: MyMeeting): string {
  if (m.status === 'booked') return 'Bokat';
  if (m.status === 'held') return 'Mötet har hållits';
  if (m.cancelledBecause === 'consent-withdrawn') return 'Inställt, eftersom du tog tillbaka ditt samtycke';
  if (m.cancelledBecause === 'decision-withdrawn') return 'Inställt, eftersom vi ändrade vårt beslut';
  return 'Inställt';
}

/** What FK waits for, by who is asked and what. Meetings: the party is to come. */
export function waitingText(w: MyCase['waitingFor'][number]): string {
  const who = { employer: 'Din arbetsgivare', region: 'Vården', af: 'Arbetsförmedlingen', av: 'Arbetsmiljöverket' }[w.party];
  switch (w.request) {
    case 'sick-report':
      return 'Din arbetsgivare ska anmäla till oss att du är sjuk.';
    case 'return-to-work-plan':
      return 'Din arbetsgivare ska göra en plan för hur du kan komma tillbaka till arbetet.';
    case 'afu':
      return 'Vården ska undersöka vad du orkar och kan göra.';
    case 'certificate-completion':
      return 'Din läkare ska svara på våra frågor om läkarintyget.';
    default:
      return `${who} ska vara med på ett möte${w.dueOn ? ` den ${d(w.dueOn)}` : ''}.`;
  }
}

/** When it is due (a meeting's date is in its text already), or that it is late. */
export function waitingDue(w: MyCase['waitingFor'][number]): string {
  const meeting = !['sick-report', 'return-to-work-plan', 'afu', 'certificate-completion'].includes(w.request);
  if (w.overdue) return meeting ? 'Vi väntar på att få veta hur mötet gick.' : `Det skulle ha kommit senast ${d(w.dueOn)}. Vi påminner.`;
  return w.dueOn && !meeting ? `Senast ${d(w.dueOn)}.` : '';
}

export function letterText(l: MyLetter, track: Track): string {
  if (l.letter === 'certificate-reminder') return 'Påminnelse: vi behöver ett läkarintyg från dig.';
  if (l.letter === 'notice-correction')
    return `Rättelse: från den ${d(l.fromDate)} bedömer vi ${l.criterion ? assessedAgainst(l.criterion, track) : 'något annat än vi skrev'}. Det förra brevet gäller inte längre.`;
  switch (l.about) {
    case 'next-assessment':
      return `Från den ${d(l.fromDate)} bedömer vi ${l.criterion ? assessedAgainst(l.criterion, track) : 'något nytt'}.`;
    case 'benefit-ending':
      return `Vi tänker besluta att din sjukpenning ska upphöra. Du kan svara senast ${d(l.respondBy)}.`;
    case 'decision-withdrawn':
      return 'Vi har ändrat oss. Din sjukpenning fortsätter.';
    case 'case-closed':
      return 'Ditt sjukfall är avslutat.';
    case 'meeting':
      return 'Du är kallad till ett möte.';
    default:
      return 'Brev från Försäkringskassan.';
  }
}

export const CONSENT_TEXTS: Record<ConsentScope, { title: string; what: string; ifWithdrawn: string }> = {
  'employer-contact': {
    title: 'Vården får prata med din arbetsgivare',
    what: 'Din läkare får prata med din arbetsgivare om hur du kan komma tillbaka till arbetet.',
    ifWithdrawn: 'Din läkare får inte längre prata med din arbetsgivare om dig.',
  },
  'joint-mapping': {
    title: 'Vi och Arbetsförmedlingen går igenom ditt stöd tillsammans',
    what: 'Vi och Arbetsförmedlingen går tillsammans igenom vilket stöd du behöver för att kunna arbeta (gemensam kartläggning).',
    ifWithdrawn: 'Vi ställer in de möten om detta som är bokade, och vi säger till Arbetsförmedlingen. Inga nya möten om detta kan bokas.',
  },
  'region-notification': {
    title: 'Vården får säga till oss att du kan behöva stöd',
    what: 'Vården får säga till oss om du kan behöva hjälp att komma tillbaka till arbetet.',
    ifWithdrawn: 'Vården får inte längre säga till oss att du kan behöva stöd.',
  },
};

export function consentStatus(c: MyCase['consents'][number]): string {
  if (c.given === true) return `Du har sagt ja (${d(c.on)}).`;
  if (c.given === false) return `Du har tagit tillbaka ditt ja (${d(c.on)}).`;
  return 'Du har inte svarat än.';
}

export const HEARING_TEXT = (m: MyCase): string[] => {
  const h = m.hearing!;
  return [
    'Vi tänker besluta att du inte ska få sjukpenning längre.',
    h.criterion ? `Vi tror att du kan arbeta. Vi har bedömt ${assessedAgainst(h.criterion, m.track)}.` : 'Vi tror att du kan arbeta.',
    `Innan vi bestämmer oss får du säga vad du tycker. Svara senast ${d(h.respondBy)}.`,
    ...(h.benefitWouldEndOn ? [`Om du inte svarar, slutar din sjukpenning den ${d(h.benefitWouldEndOn)}.`] : []),
  ];
};

/** What a confirmation on the page says after the person did something (`?klart=` after the redirect). */
export const DONE_TEXTS = {
  'samtycke-ja': 'Klart. Du har sagt ja.',
  'samtycke-nej': 'Klart. Du har tagit tillbaka ditt ja.',
  svar: 'Tack. Vi har fått ditt svar. En handläggare läser det innan vi bestämmer oss.',
} as const;
export type DoneKey = keyof typeof DONE_TEXTS;
