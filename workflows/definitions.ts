/**
 * The case workflow's interface, defined once and imported by the workflow, the API and the simulator:
 * one Temporal update per command of docs/api.md (name = command name), and the read queries.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { COMMANDS, type CommandName } from '../domain/commands';
import type { CaseOpening, CaseState, CaseView } from '../domain/caseMachine';
import type { Period } from '../domain/calendar';
import type { Actor, TimelineEvent } from '../domain/vocabulary';
import type { KeyedRequest, RecentRequestsCarry } from './recentRequests';
import type { ProjectionMark } from './projector';
import type { CaseProjection } from '../readModel/types';

export { CASE_WORKFLOW, caseWorkflowId } from '../platform/temporalNames';

export interface CommandArgs {
  input: unknown;
  actor: Actor;
  /** with an Idempotency-Key: its hashes (workflows/recentRequests.ts) */
  request?: KeyedRequest;
}

export const commandUpdates = Object.fromEntries(COMMANDS.map((c) => [c, defineUpdate<CaseView, [CommandArgs]>(c)])) as Record<
  CommandName,
  ReturnType<typeof defineUpdate<CaseView, [CommandArgs]>>
>;

/** The case; with the asking user, also the commands they may send now (`availableCommands`). */
export const caseQuery = defineQuery<CaseView, [Actor?]>('case');
export const timelineQuery = defineQuery<TimelineEvent[]>('timeline');
/** The case as the asking user sees it and its timeline, in one query (the web app's case page). */
export const casePageQuery = defineQuery<{ view: CaseView; timeline: TimelineEvent[] }, [Actor?]>('casePage');
/** The case's whole projection for the read model, as of its last projection (the rebuild reads it). */
export const projectionQuery = defineQuery<CaseProjection>('projection');
/** The fingerprint of the keyed POST /cases that opened the case (null without a key): a retry of it finds the case. */
export const openingQuery = defineQuery<{ fingerprint: string | null; priorDays: number }>('opening');

export interface CaseWorkflowInput extends RecentRequestsCarry {
  opening: Omit<CaseOpening, 'openedOnDay'>;
  /** SIMULATION AND TESTS ONLY: never set in production (the API does not set it). */
  simulation?: CaseSimulation;
  /** carried over by continue-as-new */
  state?: CaseState;
  /** carried over by continue-as-new: how far the read model has the case (workflows/projector.ts) */
  readModel?: ProjectionMark;
}

/** The test seams of the case workflow, grouped so production input plainly has none. */
export interface CaseSimulation {
  /**
   * The case's clock runs this many ms ahead of (or behind) Temporal's clock, so a scenario dated
   * in the past can run on the time-skipping test server, which starts at today's date and only
   * moves forward. Default 0.
   */
  clockOffsetMs?: number;
  /**
   * false on Temporal's time-skipping test server, which has no custom search attributes
   * (upserting one fails the workflow task there). Default true.
   */
  publishSearchAttributes?: boolean;
}

/**
 * The simulation settings of a case's input. Histories recorded before the settings were grouped
 * (test/integration/histories/v3-round-2, v4-milestone-notices) carry them as top-level fields; they still replay.
 */
export function simulationOf(input: CaseWorkflowInput): Required<CaseSimulation> {
  const legacy = input as CaseSimulation;
  const sim = input.simulation ?? legacy;
  return { clockOffsetMs: sim.clockOffsetMs ?? 0, publishSearchAttributes: sim.publishSearchAttributes ?? true };
}

export interface CaseResult {
  caseId: string;
  closeReason?: string;
  /** the period this case covered, for the relapse rule of the person's next case */
  period?: Period;
  priorDays: number;
}
