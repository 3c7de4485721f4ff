/**
 * Response schemas of a case's record: its timeline (GET /cases/{id}/timeline), its decoded Temporal
 * history (GET /cases/{id}/history) and the follow-up figures (GET /stats). The `z.infer` types are
 * the only declaration of these shapes: the API builds them, the web app localises them.
 */
import { z } from 'zod';
import { COMMANDS } from '../domain/commands';
import { EVENT_TYPES, ROLES } from '../domain/vocabulary';

const actorSchema = z.object({ sub: z.string(), role: z.enum(ROLES) });

/**
 * One timeline event: chain `day`, ISO `date`, `type`, who caused it, and the fields its type
 * carries (domain/effects.ts `emit`). test/unit/contract.test.ts checks every scenario's events fit.
 */
export const timelineEventSchema = z.object({
  day: z.number(),
  date: z.string(),
  type: z.enum(EVENT_TYPES),
  actor: actorSchema.optional(),
  track: z.string().optional(),
  priorDays: z.number().optional(),
  relapse: z.boolean().optional(),
  criterion: z.string().optional(),
  task: z.string().optional(),
  dueDay: z.number().optional(),
  fromDay: z.number().optional(),
  superseded: z.boolean().optional(),
  cancelledTasks: z.array(z.string()).optional(),
  command: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  degree: z.number().optional(),
  extent: z.string().optional(),
  decision: z.string().optional(),
  outcome: z.string().optional(),
  approve: z.boolean().optional(),
  need: z.boolean().optional(),
  report: z.boolean().optional(),
  exception: z.string().optional(),
  agency: z.string().optional(),
  request: z.string().optional(),
  extended: z.boolean().optional(),
  turnaroundDays: z.number().optional(),
  via: z.string().optional(),
  about: z.string().optional(),
  respondByDay: z.number().optional(),
  endsOnDay: z.number().optional(),
  endsOn: z.string().optional(),
  slot: z.string().optional(),
  meeting: z.string().optional(),
  meetingDate: z.string().optional(),
  meetingDay: z.number().optional(),
  parties: z.array(z.string()).optional(),
  reason: z.string().optional(),
  scope: z.string().optional(),
  given: z.boolean().optional(),
  receivedOn: z.string().optional(),
  // round 3: a reconsidered refusal (reconsider-decision), a transition booking withdrawn with its
  // refusal, a carried-over exception confirmed or ended, what a relapse took over
  upheld: z.boolean().optional(),
  withdrawn: z.boolean().optional(),
  confirmed: z.boolean().optional(),
  ended: z.boolean().optional(),
  carriedOver: z
    .object({ plan: z.boolean().optional(), exception: z.string().optional(), normalWorkApproved: z.boolean().optional() })
    .optional(),
  caseworkerId: z.string().optional(),
  team: z.string().optional(),
});
export type TimelineEventBody = z.infer<typeof timelineEventSchema>;

export const timelineSchema = z.object({ caseId: z.string(), timeline: z.array(timelineEventSchema) });

/**
 * One entry of a case's Temporal history as typed data (the web app says it in Swedish). `kind` says
 * what happened; every entry about a command names the command, every entry about an agency request
 * names the agency and the request. `internal` kinds (workflow tasks, SDK markers) are the engine's
 * own steps: shown only when asked for.
 */
const historyBase = { eventId: z.number(), time: z.string(), chainDay: z.number().optional(), actor: actorSchema.optional() };
const requestRef = { agency: z.string(), request: z.string() };
const commandRef = { command: z.enum(COMMANDS) };
export const historyEntrySchema = z.discriminatedUnion('kind', [
  z.object({ ...historyBase, kind: z.literal('case-opened'), track: z.string(), priorDays: z.number() }),
  z.object({ ...historyBase, kind: z.literal('command-accepted'), ...commandRef }),
  z.object({ ...historyBase, kind: z.literal('command-completed'), ...commandRef }),
  z.object({ ...historyBase, kind: z.literal('timer-started'), fireAt: z.string(), fireChainDay: z.number().optional() }),
  z.object({ ...historyBase, kind: z.literal('timer-fired') }),
  z.object({ ...historyBase, kind: z.literal('timer-canceled') }),
  z.object({ ...historyBase, kind: z.literal('request-scheduled'), ...requestRef }),
  z.object({ ...historyBase, kind: z.literal('request-attempt'), ...requestRef, attempt: z.number() }),
  z.object({ ...historyBase, kind: z.literal('request-performed'), ...requestRef }),
  z.object({ ...historyBase, kind: z.literal('request-failed'), ...requestRef }),
  z.object({ ...historyBase, kind: z.literal('summary-updated') }),
  z.object({ ...historyBase, kind: z.literal('case-completed') }),
  z.object({ ...historyBase, kind: z.literal('case-continued') }),
  z.object({ ...historyBase, kind: z.literal('workflow-task') }),
  z.object({ ...historyBase, kind: z.literal('marker'), marker: z.string() }),
  z.object({ ...historyBase, kind: z.literal('other'), eventType: z.string() }),
]);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryKind = HistoryEntry['kind'];

export const historyPageSchema = z.object({
  caseId: z.string(),
  total: z.number(),
  page: z.number(),
  entries: z.array(historyEntrySchema),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

const counts = z.record(z.string(), z.number());
const nullableNumber = z.number().nullable();

/** GET /stats: the follow-up figures of docs/rules.md "Statistics" (domain/statistics.ts). */
export const statsSchema = z.object({
  from: z.string(),
  to: z.string(),
  team: z.string().optional(),
  caseworker: z.string().optional(),
  cases: z.number(),
  meetingsHeld: counts,
  meetingsScheduled: counts,
  plans: z.object({
    requested: z.number(),
    received: z.number(),
    receivedByForm: z.number(),
    receivedOrally: z.number(),
    receivedByDay30: z.number(),
  }),
  afu: z.object({
    ordered: z.number(),
    reported: z.number(),
    within5Weeks: z.number(),
    within9Weeks: z.number(),
    later: z.number(),
    medianTurnaroundDays: nullableNumber,
  }),
  day181: z.object({
    reached: z.number(),
    stayedOnEmployerTrack: z.number(),
    byException: counts,
    shareStayedOnEmployerTrack: nullableNumber,
  }),
  overdueTasksOpen: z.number(),
  casesByCriterion: counts,
  returnedToWork: z.object({ count: z.number(), medianDaysToReturn: nullableNumber }),
});
export type StatsBody = z.infer<typeof statsSchema>;

/** GET /stats/meetings: the meetings held, by type, in each calendar month of the period that has any. */
export const meetingsByMonthSchema = z.object({
  from: z.string(),
  to: z.string(),
  team: z.string().optional(),
  caseworker: z.string().optional(),
  months: z.array(z.object({ month: z.string(), meetingsHeld: counts })),
});
export type MeetingsByMonthBody = z.infer<typeof meetingsByMonthSchema>;
