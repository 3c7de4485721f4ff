/**
 * The case workflow's interface, defined once and imported by the workflow, the API and the simulator:
 * one Temporal update per command of CONTRACT.md (name = command name), and the read queries.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { COMMANDS, type CommandName } from '../domain/commands';
import type { CaseOpening, CaseState, CaseView } from '../domain/caseMachine';
import type { Period } from '../domain/calendar';
import type { Actor, TimelineEvent } from '../domain/vocabulary';
import type { FingerprintCarry, KeyedRequest } from './requestFingerprints';

export const CASE_WORKFLOW = 'sickLeaveCase';

/** Prefix of every case's workflow ID; the rest is the opaque case ID (never personal data). */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

export interface CommandArgs {
  input: unknown;
  actor: Actor;
  /** with an Idempotency-Key: its hashes (workflows/requestFingerprints.ts) */
  request?: KeyedRequest;
}

export const commandUpdates = Object.fromEntries(
  COMMANDS.map((c) => [c, defineUpdate<CaseView, [CommandArgs]>(c)]),
) as Record<CommandName, ReturnType<typeof defineUpdate<CaseView, [CommandArgs]>>>;

export const caseQuery = defineQuery<CaseView>('case');
export const timelineQuery = defineQuery<TimelineEvent[]>('timeline');

export interface CaseWorkflowInput extends FingerprintCarry {
  opening: Omit<CaseOpening, 'openedOnDay'>;
  /**
   * Simulation only: the case's clock runs this many ms ahead of (or behind) Temporal's clock, so a
   * scenario dated in the past can run on the time-skipping test server, which starts at today's
   * date and only moves forward. Always 0 in production.
   */
  clockOffsetMs?: number;
  /**
   * false on Temporal's time-skipping test server, which has no custom search attributes
   * (upserting one fails the workflow task there). Default true.
   */
  publishSearchAttributes?: boolean;
  /** carried over by continue-as-new */
  state?: CaseState;
}

export interface CaseResult {
  caseId: string;
  closeReason?: string;
  /** the period this case covered, for the relapse rule of the person's next case */
  period?: Period;
  priorDays: number;
}

/** Error codes travel as the ApplicationFailure type; the HTTP status as its first detail. */
export const REJECTION_FAILURE_PREFIX = 'CaseRejection:';
