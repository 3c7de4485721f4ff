/**
 * A case's Temporal event history as typed entries (contract/caseRecord.ts, `HistoryEntry`): what
 * happened, when, on which chain day, by whom, which command or agency request. The web app says
 * them in Swedish; nothing here is prose. Free-text inputs (notes, answers) are never decoded into
 * an entry: an entry names the command, not its text. Read outside the workflow (the API, the
 * archive activity), next to the definitions it reads; not in the workflow bundle.
 */
import { temporal } from '@temporalio/proto';
import type { Payload } from '@temporalio/common';
import { chainDayAt, type ChainClock } from '../domain/calendar';
import { isCommandName } from '../domain/commands';
import type { HistoryEntry } from '../contract/caseRecord';
import { simulationOf, type CaseWorkflowInput, type CommandArgs } from './definitions';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Decodes stored payloads (encrypted by the codec) into values. */
export type DecodePayloads = (payloads: Payload[] | null | undefined) => Promise<unknown[]>;

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;

type Base = { eventId: number; time: string; chainDay?: number };
type Detail = HistoryEntry extends infer E
  ? E extends HistoryEntry
    ? Omit<E, keyof Base | 'actor'> & { actor?: E['actor'] }
    : never
  : never;

export async function historyEntries(events: readonly HistoryEvent[], decode: DecodePayloads): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let clock: ChainClock | undefined;
  let offset = 0;
  const commandOfUpdate = new Map<string, HistoryEntry & { kind: 'command-accepted' }>();
  const requestOfActivity = new Map<number, { agency: string; request: string }>();
  const chainDay = (at: number): number | undefined => (clock ? chainDayAt(clock, at + offset) : undefined);

  for (const e of events) {
    const at = ms(e.eventTime);
    const detail = await describe(e, at);
    if (!detail) continue;
    const day = chainDay(at);
    entries.push({
      eventId: Number(e.eventId),
      time: new Date(at).toISOString(),
      ...(day !== undefined ? { chainDay: day } : {}),
      ...detail,
    } as HistoryEntry);
  }
  return entries;

  async function describe(e: HistoryEvent, at: number): Promise<Detail | undefined> {
    const requestOf = (scheduledEventId: unknown) => requestOfActivity.get(Number(scheduledEventId)) ?? { agency: '?', request: '?' };
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const [input] = (await decode(e.workflowExecutionStartedEventAttributes?.input?.payloads as Payload[])) as [CaseWorkflowInput];
        clock = { firstSickDay: input.opening.firstSickDay, priorDays: input.opening.priorDays };
        offset = simulationOf(input).clockOffsetMs;
        const by = input.opening.openedBy;
        return {
          kind: 'case-opened',
          track: input.opening.track,
          priorDays: input.opening.priorDays,
          ...(by ? { actor: { sub: by.sub, role: by.role } } : {}),
        };
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = e.workflowExecutionUpdateAcceptedEventAttributes;
        const name = a?.acceptedRequest?.input?.name ?? '';
        if (!isCommandName(name)) return { kind: 'other', eventType: 'update accepted' };
        const [args] = (await decode(a?.acceptedRequest?.input?.args?.payloads as Payload[])) as [CommandArgs | undefined];
        const entry = {
          kind: 'command-accepted' as const,
          command: name,
          ...(args?.actor ? { actor: { sub: args.actor.sub, role: args.actor.role } } : {}),
        };
        commandOfUpdate.set(a?.acceptedRequest?.meta?.updateId ?? '', entry as HistoryEntry & { kind: 'command-accepted' });
        return entry;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const accepted = commandOfUpdate.get(e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '');
        if (!accepted) return { kind: 'other', eventType: 'update completed' };
        return { kind: 'command-completed', command: accepted.command, ...(accepted.actor ? { actor: accepted.actor } : {}) };
      }
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const fires = at + ms(e.timerStartedEventAttributes?.startToFireTimeout);
        const fireChainDay = chainDay(fires);
        return { kind: 'timer-started', fireAt: new Date(fires).toISOString(), ...(fireChainDay !== undefined ? { fireChainDay } : {}) };
      }
      case EventType.EVENT_TYPE_TIMER_FIRED:
        return { kind: 'timer-fired' };
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        return { kind: 'timer-canceled' };
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const [req] = (await decode(e.activityTaskScheduledEventAttributes?.input?.payloads as Payload[])) as [
          { agency?: string; request?: string } | undefined,
        ];
        const ref = {
          agency: req?.agency ?? '?',
          request: req?.request ?? e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?',
        };
        requestOfActivity.set(Number(e.eventId), ref);
        return { kind: 'request-scheduled', ...ref };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const a = e.activityTaskStartedEventAttributes;
        return { kind: 'request-attempt', ...requestOf(a?.scheduledEventId), attempt: a?.attempt ?? 1 };
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        return { kind: 'request-performed', ...requestOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) };
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        return {
          kind: 'request-failed',
          ...requestOf(e.activityTaskFailedEventAttributes?.scheduledEventId ?? e.activityTaskTimedOutEventAttributes?.scheduledEventId),
        };
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        return { kind: 'summary-updated' };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        return { kind: 'case-completed' };
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        return { kind: 'case-continued' };
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        return { kind: 'workflow-task' };
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        return { kind: 'marker', marker: e.markerRecordedEventAttributes?.markerName ?? '' };
      default:
        return {
          kind: 'other',
          eventType: (EventType[e.eventType ?? 0] ?? 'event')
            .replace(/^EVENT_TYPE_/, '')
            .toLowerCase()
            .replace(/_/g, ' '),
        };
    }
  }
}
