/**
 * The one vocabulary of docs/rules.md ("Timeline vocabulary") and docs/api.md: timeline events, tasks, agencies and their
 * requests, meetings, consent scopes. Glossary of the Swedish terms: domain/GLOSSARY.md.
 */
import type { IsoDate } from './calendar';

export const TASKS = [
  'assess-work-capacity',
  'assess-rehab-need',
  'decide-employer-report',
  'prepare-day-180',
  'review-decision',
  'book-transition-meeting',
  'long-term-review',
  'follow-up-afu',
  'follow-up-completion',
] as const;
export type TaskName = (typeof TASKS)[number];

export const AGENCY_REQUESTS = {
  employer: ['sick-report', 'return-to-work-plan', 'plan-reminder', 'meeting-invitation'],
  region: ['afu', 'afu-reminder', 'certificate-completion', 'certificate-completion-reminder', 'meeting-invitation'],
  af: ['joint-mapping', 'transition-meeting', 'contact-meeting', 'meeting-invitation', 'meeting-cancellation'],
  av: ['employer-deficiency-report'],
  insured: ['certificate-reminder', 'notice'],
} as const;
export type Agency = keyof typeof AGENCY_REQUESTS;
export type AgencyRequestName = (typeof AGENCY_REQUESTS)[Agency][number];

export const MEETINGS = ['reconciliation', 'joint-mapping', 'transition', 'contact'] as const;
export type MeetingType = (typeof MEETINGS)[number];

/** Who FK may invite to a reconciliation meeting besides the insured (the doctor through the region). */
export const MEETING_PARTIES = ['employer', 'region', 'af'] as const;
export type MeetingParty = (typeof MEETING_PARTIES)[number];

export const CONSENT_SCOPES = ['employer-contact', 'joint-mapping', 'region-notification'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const EVENT_TYPES = [
  'case.opened',
  'phase.changed',
  'task.opened',
  'task.completed',
  'task.overdue',
  'agency.requested',
  'agency.responded',
  'meeting.scheduled',
  'meeting.held',
  /** a booked meeting called off (joint mapping when its consent is withdrawn) */
  'meeting.cancelled',
  'decision.proposed',
  'decision.approved',
  'decision.returned',
  'exception.decided',
  'consent.recorded',
  'benefit.ending',
  'case.closed',
  /** a command that changes the case without any of the events above (e.g. a certificate): keeps the actor on the timeline */
  'command.recorded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ROLES = ['caseworker', 'specialist', 'supervisor', 'employer', 'region', 'af'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  sub: string;
  role: Role;
  /** an employer's organisation number (JWT claim `org`) */
  org?: string;
  /** an FK user's team (JWT claim `team`) */
  team?: string;
  /** a healthcare region's county code (JWT claim `region`) */
  region?: string;
}

/** One timeline entry: chain `day`, ISO `date`, `type`, and the event's fields at the top level. */
export interface TimelineEvent {
  day: number;
  date: IsoDate;
  type: EventType;
  /** who caused it, for events caused by a command */
  actor?: { sub: string; role: Role };
  [field: string]: unknown;
}
