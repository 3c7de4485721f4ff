/**
 * Timeline events and history lines in Swedish words: one sentence per entry, built from the labels
 * of web/sv.ts. Dates are always shown as ISO dates (2026-11-23), times in Stockholm time.
 */
import type { HistoryEntry } from '../contract/caseRecord';
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
  OWN_STEP_LABELS,
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

const request = (e: { agency: string; request: string }): string =>
  OWN_STEP_LABELS[e.request] ?? `${label(AGENCY_LABELS, e.agency)}: ${label(REQUEST_LABELS, e.request)}`;

/** A history entry in Swedish: the command or the agency request is named on every line about one. */
export function historyText(e: HistoryEntry): string {
  switch (e.kind) {
    case 'case-opened':
      return `Ärendet öppnat (${label(TRACK_LABELS, e.track)}${e.priorDays ? `, återinsjuknande: ${e.priorDays} tidigare dagar` : ''})`;
    case 'command-accepted':
      return `Kommando mottaget: ${COMMAND_LABELS[e.command]}`;
    case 'command-completed':
      return `Kommando utfört: ${COMMAND_LABELS[e.command]}`;
    case 'timer-started':
      return `Väntar till ${formatDate(e.fireAt)}${e.fireChainDay !== undefined ? ` (dag ${e.fireChainDay})` : ''}`;
    case 'timer-fired':
      return 'Timern löste ut: det som förfallit behandlas';
    case 'timer-canceled':
      return 'Timern avbröts (ny tidpunkt beräknas)';
    case 'request-scheduled':
      return `Begäran planerad: ${request(e)}`;
    case 'request-attempt':
      return `Begäran, försök ${e.attempt}: ${request(e)}`;
    case 'request-performed':
      return `Begäran utförd: ${request(e)}`;
    case 'request-failed':
      return `Begäran misslyckades (försöks igen): ${request(e)}`;
    case 'summary-updated':
      return 'Ärendesammanfattning uppdaterad';
    case 'case-completed':
      return 'Ärendets arbetsflöde avslutat';
    case 'case-continued':
      return 'Ärendets arbetsflöde fortsätter i en ny körning';
    case 'workflow-task':
      return 'Arbetsflödessteg';
    case 'marker':
      return `Intern markering (${e.marker})`;
    case 'other':
      return `Annan händelse (${e.eventType})`;
    default:
      return unreachable(e);
  }
}

function unreachable(e: never): never {
  throw new Error(`a history entry of an unknown kind: ${JSON.stringify(e)}`);
}

/** The engine's own steps (workflow tasks, SDK markers): hidden unless asked for. */
export const isInternal = (e: HistoryEntry): boolean => e.kind === 'workflow-task' || e.kind === 'marker';
