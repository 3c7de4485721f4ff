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
  /** the insured responded to a heard refusal: uphold or withdraw it (DOMAIN §6, docs/rules.md "Decisions") */
  'reconsider-decision',
  /** a relapse carried over an exception in force: confirm it or end it */
  'confirm-exception',
] as const;
export type TaskName = (typeof TASKS)[number];

export const AGENCY_REQUESTS = {
  employer: ['sick-report', 'return-to-work-plan', 'plan-reminder', 'meeting-invitation'],
  region: ['afu', 'afu-reminder', 'certificate-completion', 'certificate-completion-reminder', 'meeting-invitation'],
  af: ['joint-mapping', 'transition-meeting', 'contact-meeting', 'meeting-invitation', 'meeting-cancellation'],
  av: ['employer-deficiency-report'],
  insured: ['certificate-reminder', 'notice', 'notice-correction'],
} as const;
export type Agency = keyof typeof AGENCY_REQUESTS;
export type AgencyRequestName = (typeof AGENCY_REQUESTS)[Agency][number];

export const MEETINGS = ['reconciliation', 'joint-mapping', 'transition', 'contact'] as const;
export type MeetingType = (typeof MEETINGS)[number];

/**
 * The meetings Arbetsförmedlingen takes part in, each with the request that books it with AF (AF may
 * report only these as held; AF's answer to each carries a slot).
 */
export const AF_MEETING_REQUESTS = {
  'joint-mapping': 'joint-mapping',
  transition: 'transition-meeting',
  contact: 'contact-meeting',
} as const satisfies Partial<Record<MeetingType, (typeof AGENCY_REQUESTS)['af'][number]>>;
export const AF_MEETINGS = Object.keys(AF_MEETING_REQUESTS) as readonly (keyof typeof AF_MEETING_REQUESTS)[];

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
  /** an exception in force ended by the caseworker (one carried over by a relapse, or any other) */
  'exception.ended',
  'consent.recorded',
  'benefit.ending',
  'case.closed',
  /** the insured's response to a heard refusal, recorded by the caseworker (no free text here) */
  'response.recorded',
  /** a heard refusal withdrawn: the benefit goes on */
  'decision.withdrawn',
  /** a command that changes the case without any of the events above (e.g. a certificate): keeps the actor on the timeline */
  'command.recorded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Closing reasons (a fixed list): set by the case itself, or chosen by the caseworker (`close-case`). */
export const CLOSE_REASONS_BY_CASE = ['returned-to-work', 'benefit-ended'] as const;
export const CLOSE_REASONS_BY_CASEWORKER = [
  'deceased',
  'sickness-compensation',
  'emigrated',
  'claim-withdrawn',
  'opened-in-error',
  'other',
] as const;
export const CLOSE_REASONS = [...CLOSE_REASONS_BY_CASE, ...CLOSE_REASONS_BY_CASEWORKER] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const isCloseReason = (r: string): r is CloseReason => (CLOSE_REASONS as readonly string[]).includes(r);

/** Why a heard refusal is withdrawn (`withdraw-decision`). */
export const WITHDRAW_REASONS = ['new-medical-information', 'capacity-reassessed', 'other'] as const;

/** `insured`: the person on sick leave, signed in with e-ID (JWT claim `personnummer`): their own case only (docs/security.md) */
export const ROLES = ['caseworker', 'specialist', 'supervisor', 'employer', 'region', 'af', 'insured'] as const;
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
  /** the insured's person key (keyed hash of the personnummer claim): a party only to their own cases */
  personKey?: string;
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
