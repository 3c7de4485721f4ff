/**
 * Start a case workflow whose clock reads 08:00 Stockholm time on chain day N right now: the
 * simulation clock offset bridges the server's clock (today, on the time-skipping server) and the
 * case's dates. Search attributes are published only where the server has them (dev server).
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { dateOfChainDay, stockholmInstant } from '../domain/calendar';
import type { sickLeaveCase } from '../workflows/case';
import { CASE_WORKFLOW, caseWorkflowId, type CaseWorkflowInput } from '../workflows/definitions';
import type { TestSystem } from './temporalTestSystem';

export interface StartedCase {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof sickLeaveCase>;
  /** case clock = server clock + this */
  clockOffsetMs: number;
}

export async function startCaseOnChainDay(
  sys: Pick<TestSystem, 'env' | 'taskQueue' | 'kind'>,
  opening: CaseWorkflowInput['opening'],
  openedOnDay: number,
  workflowId = caseWorkflowId(opening.caseId),
): Promise<StartedCase> {
  const clock = { firstSickDay: opening.firstSickDay, priorDays: opening.priorDays };
  const clockOffsetMs = stockholmInstant(dateOfChainDay(clock, openedOnDay), 8) - (await sys.env.currentTimeMs());
  const input: CaseWorkflowInput = { opening, simulation: { clockOffsetMs, publishSearchAttributes: sys.kind === 'local' } };
  const handle = await sys.env.client.workflow.start<typeof sickLeaveCase>(CASE_WORKFLOW, {
    taskQueue: sys.taskQueue,
    workflowId,
    args: [input],
  });
  return { handle, clockOffsetMs };
}
