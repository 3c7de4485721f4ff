/**
 * All of the API's access to Temporal, decorated on the app as `app.cases`: starting a case, sending
 * a command (update), reading one case (queries), its history, health. Routes never touch the SDK
 * themselves. Lists, searches and statistics read the SQL read model instead (`app.readModel`,
 * readModel/), which every case writes after each change. Every call has a deadline (api/deadlines.ts):
 * past it the request answers 503 at once.
 */
import fp from 'fastify-plugin';
import { QueryNotRegisteredError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CaseView } from '../domain/caseMachine';
import type { CommandName } from '../domain/commands';
import type { Actor, TimelineEvent } from '../domain/vocabulary';
import {
  CASE_WORKFLOW,
  caseQuery,
  casePageQuery,
  caseWorkflowId,
  commandUpdates,
  openingQuery,
  timelineQuery,
  type CaseWorkflowInput,
  type CommandArgs,
} from '../workflows/definitions';
import * as SA from '../platform/searchAttributes';
import { temporalCall, type Deadlines } from './deadlines';

declare module 'fastify' {
  interface FastifyInstance {
    cases: TemporalCases;
  }
}

export class TemporalCases {
  constructor(
    readonly client: Client,
    private readonly taskQueue: string,
    readonly deadlines: Deadlines,
  ) {}

  private read<T>(fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.client, this.deadlines.readMs, 'read', fn);
  }

  private write<T>(fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.client, this.deadlines.commandMs, 'command', fn);
  }

  /** Start a case; false when a case with this ID already exists (running or closed). */
  async start(input: CaseWorkflowInput): Promise<boolean> {
    try {
      await this.write(() =>
        this.client.workflow.start(CASE_WORKFLOW, {
          taskQueue: this.taskQueue,
          workflowId: caseWorkflowId(input.opening.caseId),
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // published at start so the person's open case is visible before the first workflow task
          typedSearchAttributes: [
            { key: SA.CasePersonKey, value: input.opening.personKey },
            { key: SA.CaseStatus, value: 'open' },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /** The opening request's fingerprint of an existing case, or undefined when there is no such case. */
  async opening(caseId: string): Promise<{ fingerprint: string | null; priorDays: number } | undefined> {
    try {
      return await this.read(() => this.client.workflow.getHandle(caseWorkflowId(caseId)).query(openingQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /** The case as `actor` sees it: with the commands they may send now. */
  view(caseId: string, actor: Actor): Promise<CaseView> {
    return this.read(() => this.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseQuery, actor));
  }

  timeline(caseId: string): Promise<TimelineEvent[]> {
    return this.read(() => this.client.workflow.getHandle(caseWorkflowId(caseId)).query(timelineQuery));
  }

  /** The case as `actor` sees it and its timeline, in one query (a worker of an earlier build, without it: two). */
  async viewAndTimeline(caseId: string, actor: Actor): Promise<{ view: CaseView; timeline: TimelineEvent[] }> {
    try {
      return await this.read(() => this.client.workflow.getHandle(caseWorkflowId(caseId)).query(casePageQuery, actor));
    } catch (err) {
      if (!(err instanceof QueryNotRegisteredError)) throw err;
      const [view, timeline] = await Promise.all([this.view(caseId, actor), this.timeline(caseId)]);
      return { view, timeline };
    }
  }

  /** Send a command as an update; `updateId` makes a retry apply once. Throws 'closed' for a finished case. */
  async command(caseId: string, command: CommandName, args: CommandArgs, updateId?: string): Promise<CaseView | 'closed'> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    try {
      return await this.write(() => handle.executeUpdate(commandUpdates[command], { args: [args], ...(updateId ? { updateId } : {}) }));
    } catch (err) {
      // an update to a finished workflow is answered "not found": tell a closed case from a missing one
      if (
        err instanceof WorkflowNotFoundError &&
        (await this.read(() => handle.describe()).then(
          (d) => d.status.name !== 'RUNNING',
          () => false,
        ))
      )
        return 'closed';
      throw err;
    }
  }

  history(caseId: string) {
    return this.read(() => this.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
  }

  /** Temporal answers, and a worker polls the case task queue (so a case can make progress). */
  async health(): Promise<{ temporal: 'up' | 'down'; worker: 'polling' | 'none' }> {
    try {
      const res = await this.read(() =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.client.options.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      return { temporal: 'up', worker: (res.pollers ?? []).length > 0 ? 'polling' : 'none' };
    } catch {
      return { temporal: 'down', worker: 'none' };
    }
  }
}

export const temporalCasesPlugin = fp<{ client: Client; taskQueue: string; deadlines: Deadlines }>(async (app, o) => {
  app.decorate('cases', new TemporalCases(o.client, o.taskQueue, o.deadlines));
});
