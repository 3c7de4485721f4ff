/**
 * All of the API's access to Temporal, decorated on the app as `app.cases`: starting a case, sending
 * a command (update), reading (queries), listing through visibility, the person's cases, the history,
 * health. Routes never build visibility queries or touch the SDK themselves. Search attributes are
 * named by the typed keys of workflows/searchAttributes.ts.
 *
 * Visibility is eventually consistent: a case started a moment ago may not be listed yet. The
 * "one open case per person" check therefore has a small race window between two openings for the
 * same person with different keys; the SQL read model (a unique open case per person key) closes it.
 */
import fp from 'fastify-plugin';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Period } from '../domain/calendar';
import type { CaseView } from '../domain/caseMachine';
import type { CommandName } from '../domain/commands';
import type { TimelineEvent } from '../domain/vocabulary';
import {
  CASE_WORKFLOW,
  caseQuery,
  caseWorkflowId,
  commandUpdates,
  timelineQuery,
  type CaseResult,
  type CaseWorkflowInput,
  type CommandArgs,
} from '../workflows/definitions';
import { openingQuery } from '../workflows/requestFingerprints';
import * as SA from '../workflows/searchAttributes';

declare module 'fastify' {
  interface FastifyInstance {
    cases: TemporalCases;
  }
}

/** a typed search-attribute key of workflows/searchAttributes.ts (the SDK does not export its type) */
type Key = (typeof SA.caseSearchAttributes)[number];

/** One clause of a visibility query. Values are quoted; callers pass only enum or pattern-checked values. */
const eq = (key: Key, value: string | number | boolean): string =>
  `${key.name} = ${typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value)}`;
const caseIdOf = (workflowId: string): string => workflowId.replace(/^case-/, '');

export interface ListFilter {
  criterion?: string;
  caseworker?: string;
  task?: string;
  overdue?: boolean;
  stuck?: boolean;
  status?: string;
}

export class TemporalCases {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Start a case; false when a case with this ID already exists (running or closed). */
  async start(input: CaseWorkflowInput): Promise<boolean> {
    try {
      await this.client.workflow.start(CASE_WORKFLOW, {
        taskQueue: this.taskQueue,
        workflowId: caseWorkflowId(input.opening.caseId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // published at start so the person's open case is visible before the first workflow task
        typedSearchAttributes: [
          { key: SA.CasePersonKey, value: input.opening.personKey },
          { key: SA.CaseStatus, value: 'open' },
        ],
      });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /** The opening request's fingerprint of an existing case, or undefined when there is no such case. */
  async opening(caseId: string): Promise<{ fingerprint: string | null; priorDays: number } | undefined> {
    try {
      return await this.client.workflow.getHandle(caseWorkflowId(caseId)).query(openingQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /** The person's open case, if visibility knows one. */
  async openCaseOf(personKey: string): Promise<string | undefined> {
    const query = [`WorkflowType = '${CASE_WORKFLOW}'`, eq(SA.CasePersonKey, personKey), `ExecutionStatus = 'Running'`].join(' AND ');
    for await (const wf of this.client.workflow.list({ query, pageSize: 1 })) return caseIdOf(wf.workflowId);
    return undefined;
  }

  /** The periods of a person's closed cases (for the relapse rule). */
  async earlierPeriods(personKey: string, max = 50): Promise<Period[]> {
    const query = [`WorkflowType = '${CASE_WORKFLOW}'`, eq(SA.CasePersonKey, personKey), `ExecutionStatus = 'Completed'`].join(' AND ');
    const periods: Period[] = [];
    for await (const wf of this.client.workflow.list({ query })) {
      const result = (await this.client.workflow.getHandle(wf.workflowId, wf.runId).result()) as CaseResult;
      if (result.period) periods.push(result.period);
      if (periods.length >= max) break;
    }
    return periods;
  }

  /** Every case of a person (each once, however often it continued as new), as their workflows see them. */
  async casesOf(personKey: string, max = 100): Promise<CaseView[]> {
    const query = [`WorkflowType = '${CASE_WORKFLOW}'`, eq(SA.CasePersonKey, personKey), `ExecutionStatus != 'ContinuedAsNew'`].join(' AND ');
    const ids = new Set<string>();
    for await (const wf of this.client.workflow.list({ query })) {
      ids.add(wf.workflowId);
      if (ids.size >= max) break;
    }
    return Promise.all([...ids].map((id) => this.view(caseIdOf(id))));
  }

  view(caseId: string): Promise<CaseView> {
    return this.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseQuery);
  }

  timeline(caseId: string): Promise<TimelineEvent[]> {
    return this.client.workflow.getHandle(caseWorkflowId(caseId)).query(timelineQuery);
  }

  /** Send a command as an update; `updateId` makes a retry apply once. Throws 'closed' for a finished case. */
  async command(caseId: string, command: CommandName, args: CommandArgs, updateId?: string): Promise<CaseView | 'closed'> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    try {
      return await handle.executeUpdate(commandUpdates[command], { args: [args], ...(updateId ? { updateId } : {}) });
    } catch (err) {
      // an update to a finished workflow is answered "not found": tell a closed case from a missing one
      if (err instanceof WorkflowNotFoundError && (await handle.describe().then((d) => d.status.name !== 'RUNNING', () => false))) return 'closed';
      throw err;
    }
  }

  /** A page of case summaries from visibility (no personal data), soonest deadline first where known. */
  async list(f: ListFilter, pageSize: number, pageToken?: string): Promise<{ cases: Record<string, unknown>[]; nextPageToken?: string }> {
    const clauses = [`WorkflowType = '${CASE_WORKFLOW}'`];
    if (f.criterion) clauses.push(eq(SA.CaseCriterion, f.criterion));
    if (f.caseworker) clauses.push(eq(SA.CaseCaseworker, f.caseworker));
    if (f.task) clauses.push(eq(SA.CaseOpenTaskNames, f.task));
    if (f.overdue !== undefined) clauses.push(f.overdue ? `${SA.CaseOverdueTasks.name} > 0` : eq(SA.CaseOverdueTasks, 0));
    if (f.stuck !== undefined) clauses.push(eq(SA.CaseStuck, f.stuck));
    if (f.status) clauses.push(eq(SA.CaseStatus, f.status));
    const res = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.client.options.namespace,
      query: clauses.join(' AND '),
      pageSize,
      ...(pageToken ? { nextPageToken: Buffer.from(pageToken, 'base64url') } : {}),
    });
    const cases = (res.executions ?? []).map((e) => {
      const fields = e.searchAttributes?.indexedFields ?? {};
      const get = (k: Key): unknown => (fields[k.name] ? defaultPayloadConverter.fromPayload(fields[k.name] as Payload) : undefined);
      return {
        caseId: caseIdOf(e.execution?.workflowId ?? ''),
        status: get(SA.CaseStatus),
        criterion: get(SA.CaseCriterion),
        caseworker: get(SA.CaseCaseworker),
        employmentType: get(SA.CaseEmploymentType),
        openTasks: get(SA.CaseOpenTasks),
        overdueTasks: get(SA.CaseOverdueTasks),
        openTaskNames: get(SA.CaseOpenTaskNames) ?? [],
        nextDeadline: get(SA.CaseNextDeadline),
        stuck: get(SA.CaseStuck) ?? false,
      };
    });
    const token = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64url') : undefined;
    return { cases, ...(token ? { nextPageToken: token } : {}) };
  }

  /** Views and timelines of every case (optionally one caseworker's), for statistics; at most `max`. */
  async *timelines(caseworker: string | undefined): AsyncGenerator<{ view: CaseView; timeline: TimelineEvent[] }> {
    const query = [`WorkflowType = '${CASE_WORKFLOW}'`, ...(caseworker ? [eq(SA.CaseCaseworker, caseworker)] : [])].join(' AND ');
    for await (const wf of this.client.workflow.list({ query })) {
      const h = this.client.workflow.getHandle(wf.workflowId, wf.runId);
      const [view, timeline] = await Promise.all([h.query(caseQuery), h.query(timelineQuery)]);
      yield { view, timeline };
    }
  }

  history(caseId: string) {
    return this.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  }

  /** Decode stored payloads (encrypted by the codec) into values. */
  async decode(payloads: Payload[] | null | undefined): Promise<unknown[]> {
    const dc = this.client.options.loadedDataConverter;
    let ps = payloads ?? [];
    for (const codec of [...dc.payloadCodecs].reverse()) ps = await codec.decode(ps);
    return ps.map((p) => dc.payloadConverter.fromPayload(p));
  }

  /** Temporal answers, and a worker polls the case task queue (so a case can make progress). */
  async health(): Promise<{ temporal: 'up' | 'down'; worker: 'polling' | 'none' }> {
    try {
      const res = await this.client.workflowService.describeTaskQueue({
        namespace: this.client.options.namespace,
        taskQueue: { name: this.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      return { temporal: 'up', worker: (res.pollers ?? []).length > 0 ? 'polling' : 'none' };
    } catch {
      return { temporal: 'down', worker: 'none' };
    }
  }
}

export const temporalCasesPlugin = fp<{ client: Client; taskQueue: string }>(async (app, o) => {
  app.decorate('cases', new TemporalCases(o.client, o.taskQueue));
});
