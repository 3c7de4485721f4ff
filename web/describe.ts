/**
 * Timeline events and history lines in Swedish words: one sentence per entry, built from the labels
 * of web/sv.ts. Dates are always shown as ISO dates (2026-11-23), times in Stockholm time.
 */
import type { TimelineEvent } from '../domain/vocabulary';
import { isCommandName } from '../domain/commands';
import {
  AGENCY_LABELS,
  CLOSE_REASON_LABELS,
  COMMAND_LABELS,
  CONSENT_LABELS,
  CRITERION_LABELS,
  DECISION_LABELS,
  EVENT_LABELS,
  EXCEPTION_LABELS,
  MEETING_LABELS,
  REQUEST_LABELS,
  ROLE_LABELS,
  TASK_LABELS,
  TRACK_LABELS,
  label,
} from './sv';

const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** 2026-11-23 for a date, 2026-11-23 14:05:09 for an instant (Stockholm time). */
export function formatDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!t || Number.isNaN(t.getTime())) return '–';
  return stockholm.format(t); // sv-SE formats as "2026-11-23 14:05:09"
}

/** Only the date of an instant (Stockholm time): deadlines are whole days. */
export const formatDay = (value: unknown): string => formatDate(value).slice(0, 10);

const agencyRequest = (e: TimelineEvent): string => `${label(AGENCY_LABELS, e.agency)}: ${label(REQUEST_LABELS, e.request)}`;

/** What the event says beyond its type, in Swedish. */
export function eventDetail(e: TimelineEvent): string {
  switch (e.type) {
    case 'case.opened':
      return e.relapse ? 'återinsjuknande' : '';
    case 'phase.changed':
      return label(CRITERION_LABELS, e.criterion);
    case 'task.opened':
      return `${label(TASK_LABELS, e.task)}${typeof e.dueDay === 'number' ? `, senast dag ${e.dueDay}` : ''}`;
    case 'task.completed':
    case 'task.overdue':
      return label(TASK_LABELS, e.task);
    case 'agency.requested':
    case 'agency.responded':
      return agencyRequest(e);
    case 'meeting.scheduled':
    case 'meeting.held':
      return `${label(MEETING_LABELS, e.meeting)}${typeof e.meetingDate === 'string' ? ` den ${e.meetingDate}` : ''}`;
    case 'decision.proposed':
    case 'decision.approved':
    case 'decision.returned':
      return label(DECISION_LABELS, e.decision);
    case 'exception.decided':
      return label(EXCEPTION_LABELS, e.exception);
    case 'consent.recorded':
      return `${label(CONSENT_LABELS, e.scope)}${e.given === false ? ' (återkallat)' : ''}`;
    case 'benefit.ending':
      return `sista dag ${String(e.endsOnDay)}${typeof e.endsOn === 'string' ? ` (${e.endsOn})` : ''}`;
    case 'case.closed':
      return label(CLOSE_REASON_LABELS, e.reason);
    case 'command.recorded':
      return typeof e.command === 'string' && isCommandName(e.command) ? COMMAND_LABELS[e.command] : String(e.command ?? '');
    default:
      return '';
  }
}

export const eventLabel = (e: TimelineEvent): string => label(EVENT_LABELS, e.type);

export const actorText = (a: { sub?: unknown; role?: unknown } | undefined): string =>
  a ? `${String(a.sub)} (${label(ROLE_LABELS, a.role)})` : 'Systemet';

/** The history route's lines are English sentences with fixed shapes: say them in Swedish. */
const HISTORY_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^case opened \(([\w-]+)(?:, relapse: (\d+) earlier days)?\)$/,
    (m) => `Ärendet öppnat (${label(TRACK_LABELS, m[1])}${m[2] ? `, återinsjuknande: ${m[2]} tidigare dagar` : ''})`,
  ],
  [/^command ([\w-]+) accepted$/, (m) => `Kommando mottaget: ${isCommandName(m[1]!) ? COMMAND_LABELS[m[1]] : m[1]}`],
  [/^command completed$/, () => 'Kommandot utfört'],
  [/^sleeping until (\S+)(?: \(chain day (\d+)\))?$/, (m) => `Väntar till ${formatDate(m[1])}${m[2] ? ` (dag ${m[2]})` : ''}`],
  [/^timer fired/, () => 'Timern löste ut: det som förfallit behandlas'],
  [
    /^agency request scheduled: ([\w-]+) ?([\w-]*)$/,
    (m) => `Begäran planerad: ${label(AGENCY_LABELS, m[1])} ${m[2] ? label(REQUEST_LABELS, m[2]) : ''}`.trim(),
  ],
  [/^agency request attempt (\d+)$/, (m) => `Begäran, försök ${m[1]}`],
  [/^agency request performed$/, () => 'Begäran utförd'],
  [/^agency request failed/, () => 'Begäran misslyckades (försöks igen)'],
  [/^case workflow completed$/, () => 'Ärendets arbetsflöde avslutat'],
  [/^case summary \(search attributes\) updated$/, () => 'Ärendesammanfattning uppdaterad'],
  [/^workflow step$/, () => 'Arbetsflödessteg'],
  [/^timer canceled$/, () => 'Timern avbröts (ny tidpunkt beräknas)'],
];

/** Routine steps of the workflow engine, hidden unless asked for. */
export const isRoutineStep = (what: string): boolean => what === 'workflow step';

export function historyText(what: string): string {
  for (const [re, say] of HISTORY_PATTERNS) {
    const m = what.match(re);
    if (m) return say(m);
  }
  return what;
}

/** "hk-1 (caseworker)" → "hk-1 (Handläggare)". */
export const historyActor = (by?: string): string =>
  by ? by.replace(/\((\w+)\)$/, (_m, role: string) => `(${label(ROLE_LABELS, role)})`) : 'Systemet';
