/**
 * What the case workflow hands to the read model after a change (a projection), and the table
 * types. Pure types: the workflow bundle imports this file, so nothing here may import a database
 * driver or a Node built-in.
 */
import type { IsoDate } from '../domain/calendar';
import type { TimelineEvent } from '../domain/vocabulary';
import type { CarriedOver } from '../domain/rules/relapse';

/** One case as the lists, searches and statistics see it. No personnummer: only its keyed hash. */
export interface CaseSummary {
  caseId: string;
  personKey: string;
  status: 'open' | 'closed';
  track: string;
  criterion: string;
  caseworkerId?: string;
  team?: string;
  firstSickDay: IsoDate;
  priorDays: number;
  openedOn: IsoDate;
  closedOn?: IsoDate;
  closeReason?: string;
  /** the sick period this case covered, once closed (for the relapse rule of the person's next case) */
  period?: { from: IsoDate; to: IsoDate };
  /** once closed: what a relapse of the chain carries over (no personal data, no free text) */
  carriedOver?: CarriedOver;
  exception?: string;
  exceptionOn?: IsoDate;
  /** the date of chain day 181 (the first day of the normal-work test), on a track that has that test */
  day181On?: IsoDate;
  /** the date by which the soonest open task is due */
  nextDeadline?: IsoDate;
  overdueTasks: number;
  stuck: boolean;
}

export interface OpenTaskRow {
  /** the task's number within its case (stable) */
  taskId: number;
  task: string;
  dueDay: number;
  dueDate: IsoDate;
  overdue: boolean;
  criterion?: string;
}

/** A request to an outside party not yet answered (domain/pending.ts), with whom it is addressed to. */
export interface PendingRow {
  agency: string;
  /** the employer's organisation number, the region's code; absent for AF */
  party?: string;
  request: string;
  meeting?: string;
  requestedOn: IsoDate;
  dueOn?: IsoDate;
}

export interface CaseProjection {
  /** when the case changed (workflow time, ms): the worker measures the projection lag from it */
  changedAt?: number;
  /**
   * Grows with every projection of the case (across continue-as-new): a write carrying an older
   * version than the stored one is a late retry and changes nothing.
   */
  version: number;
  summary: CaseSummary;
  openTasks: OpenTaskRow[];
  /** what the case waits for from outside parties (absent in projections made before the inboxes) */
  pending?: PendingRow[];
  /** timeline events not yet projected, with their position in the case's timeline (0-based) */
  events: { seq: number; event: TimelineEvent }[];
}
