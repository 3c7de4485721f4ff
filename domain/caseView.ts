/**
 * What the API and the supervisor views show of a case (a read model; no rules here).
 */
import { dateOfChainDay, type IsoDate } from './calendar';
import type { Criterion, ExceptionKind, Track } from './rulebook';
import type { CaseState } from './caseState';
import type { CommandName } from './commands';
import type { TaskName } from './vocabulary';
import { pendingRequests, type PendingRequest } from './pending';

export type CaseView = {
  caseId: string;
  status: 'open' | 'closed';
  track: Track;
  /** the employer (an organisation, not a person), on the employed track */
  employer?: { orgNr: string; name?: string };
  criterion: Criterion;
  chainDay: number;
  date: IsoDate;
  openTasks: { task: TaskName; dueDay: number; overdue: boolean }[];
  caseworkerId?: string;
  team?: string;
  degree: number;
  exception?: ExceptionKind;
  pendingDecision?: { decision: string; proposedDay: number };
  /** an approved refusal on which the insured is being heard: respond by this day (round 3) */
  hearing?: { respondByDay: number; responded: boolean };
  benefitEndsOnDay?: number;
  closeReason?: string;
  nextDueDay?: number;
  priorDays: number;
  firstSickDay: IsoDate;
  /** the healthcare region (county code) FK asks for an AFU or a completion */
  region?: string;
  /** what the case waits for from other parties (domain/pending.ts) */
  pending: PendingRequest[];
  /** agency requests whose retries are spent and that are being tried again later (set by the workflow) */
  stuckRequests?: StuckRequest[];
  /** for the user who asked: the commands they may send now (domain/caseMachine.ts, availableCommands) */
  availableCommands?: CommandName[];
};

export interface StuckRequest {
  agency: string;
  request: string;
  sinceDay: number;
  failedRounds: number;
}

/** The view of a case on chain day `today`; `nextDueDay` is passed in (it depends on the rule switches). */
export function caseViewOf(s: CaseState, today: number, nextDueDay: number | undefined): CaseView {
  const day = s.status === 'closed' ? (s.closedDay ?? today) : today;
  return {
    caseId: s.caseId,
    status: s.status,
    track: s.track,
    ...(s.employer ? { employer: s.employer } : {}),
    criterion: s.criterion,
    chainDay: day,
    date: dateOfChainDay(s.clock, day),
    openTasks: s.tasks.filter((t) => t.status === 'open').map((t) => ({ task: t.task, dueDay: t.dueDay, overdue: t.overdue })),
    ...(s.caseworkerId ? { caseworkerId: s.caseworkerId } : {}),
    ...(s.team ? { team: s.team } : {}),
    ...(s.region ? { region: s.region } : {}),
    pending: pendingRequests(s, day),
    degree: s.degree,
    ...(s.exception ? { exception: s.exception.exception } : {}),
    ...(s.pendingDecision ? { pendingDecision: { decision: s.pendingDecision.decision, proposedDay: s.pendingDecision.proposedDay } } : {}),
    ...(s.hearing ? { hearing: { respondByDay: s.hearing.respondByDay, responded: s.hearing.respondedDay !== undefined } } : {}),
    ...(s.benefit ? { benefitEndsOnDay: s.benefit.endsOnDay } : {}),
    ...(s.closeReason ? { closeReason: s.closeReason } : {}),
    ...(nextDueDay !== undefined && s.status === 'open' ? { nextDueDay } : {}),
    priorDays: s.clock.priorDays,
    firstSickDay: s.clock.firstSickDay,
  };
}
