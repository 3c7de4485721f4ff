/**
 * GET /cases/{caseId}/history: for supervisors and specialists, the case's Temporal event history,
 * decoded and rendered as readable lines: what happened, when, on which chain day, by whom. Paged.
 * Free-text inputs (notes, answers) are not rendered: the lines say which command, not its text.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { temporal } from '@temporalio/proto';
import { chainDayAt, type ChainClock } from '../../domain/calendar';
import { HISTORY_ROLES } from '../../domain/commands';
import { simulationOf, type CaseWorkflowInput, type CommandArgs } from '../../workflows/definitions';
import { requireRole } from '../auth';
import { caseIdParams, errorSchema } from '../schemas';

const EventType = temporal.api.enums.v1.EventType;

interface Line {
  eventId: number;
  time: string;
  chainDay?: number;
  what: string;
  by?: string;
}

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;

export const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases/:caseId/history',
    {
      preValidation: requireRole(HISTORY_ROLES),
      schema: {
        summary: 'The decoded Temporal history of a case, as readable lines (supervisors, specialists)',
        params: caseIdParams,
        querystring: z
          .object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(100) })
          .strict(),
        response: {
          200: z.object({ caseId: z.string(), total: z.number(), page: z.number(), lines: z.array(z.record(z.string(), z.unknown())) }),
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const { caseId } = req.params;
      const history = await app.cases.history(caseId);
      const lines: Line[] = [];
      let clock: ChainClock | undefined;
      let offset = 0;
      for (const e of history.events ?? []) {
        const at = ms(e.eventTime);
        const line: Line = { eventId: Number(e.eventId), time: new Date(at).toISOString(), what: EventType[e.eventType ?? 0] ?? 'event' };
        switch (e.eventType) {
          case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
            const [input] = (await app.cases.decode(e.workflowExecutionStartedEventAttributes?.input?.payloads)) as [CaseWorkflowInput];
            clock = { firstSickDay: input.opening.firstSickDay, priorDays: input.opening.priorDays };
            offset = simulationOf(input).clockOffsetMs;
            line.what = `case opened (${input.opening.track}${input.opening.priorDays ? `, relapse: ${input.opening.priorDays} earlier days` : ''})`;
            if (input.opening.openedBy) line.by = `${input.opening.openedBy.sub} (${input.opening.openedBy.role})`;
            break;
          }
          case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
            const a = e.workflowExecutionUpdateAcceptedEventAttributes;
            const name = a?.acceptedRequest?.input?.name ?? 'command';
            const [args] = (await app.cases.decode(a?.acceptedRequest?.input?.args?.payloads)) as [CommandArgs];
            line.what = `command ${name} accepted`;
            if (args?.actor) line.by = `${args.actor.sub} (${args.actor.role})`;
            break;
          }
          case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
            line.what = 'command completed';
            break;
          case EventType.EVENT_TYPE_TIMER_STARTED: {
            const t = e.timerStartedEventAttributes;
            const fires = at + ms(t?.startToFireTimeout);
            line.what = `sleeping until ${new Date(fires).toISOString()}${clock ? ` (chain day ${chainDayAt(clock, fires + offset)})` : ''}`;
            break;
          }
          case EventType.EVENT_TYPE_TIMER_FIRED:
            line.what = 'timer fired: woke up for what is due';
            break;
          case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
            const [req0] = (await app.cases.decode(e.activityTaskScheduledEventAttributes?.input?.payloads)) as [
              { agency?: string; request?: string },
            ];
            line.what = `agency request scheduled: ${req0?.agency ?? '?'} ${req0?.request ?? ''}`.trim();
            break;
          }
          case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            line.what = `agency request attempt ${e.activityTaskStartedEventAttributes?.attempt ?? 1}`;
            break;
          case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            line.what = 'agency request performed';
            break;
          case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
            line.what = 'agency request failed (will be retried)';
            break;
          case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
            line.what = 'case workflow completed';
            break;
          case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
            line.what = 'case summary (search attributes) updated';
            break;
          case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
          case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
          case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
            line.what = 'workflow step';
            break;
          default:
            line.what = line.what
              .replace(/^EVENT_TYPE_/, '')
              .toLowerCase()
              .replace(/_/g, ' ');
        }
        if (clock) line.chainDay = chainDayAt(clock, at + offset);
        lines.push(line);
      }
      const { page, pageSize } = req.query;
      return {
        caseId,
        total: lines.length,
        page,
        lines: lines.slice((page - 1) * pageSize, page * pageSize) as unknown as Record<string, unknown>[],
      };
    },
  );
};
