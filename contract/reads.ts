/**
 * The API's reads the web app's busiest pages make (the work list, a case page, the dashboard), as
 * one typed interface: the API answers its HTTP routes with its implementation (api/reads.ts), and
 * the web app calls the same implementation in-process (web/apiClient.ts), given to it by the
 * server (server/app.ts). Same queries, same authorization and access log, the contract's types;
 * without an HTTP request simulated per call.
 */
import type { z } from 'zod';
import type { MeetingsByMonthBody, StatsBody, TimelineEventBody } from './caseRecord';
import type { PersonView } from './people';
import type { CaseListItem, CaseViewBody, CaseworkersBody, listQuery, TaskListItem, tasksQuery } from './schemas';

export type CasesQuery = z.input<typeof listQuery>;
export type TasksQuery = z.input<typeof tasksQuery>;
export interface PeriodQuery {
  from: string;
  to: string;
  team?: string;
  caseworker?: string;
}

/** `Who` is the reader as the server knows them (api/reads.ts: the verified token's claims and a logger). */
export interface CaseReads<Who> {
  /** GET /tasks */
  tasks(who: Who, q: TasksQuery): Promise<{ tasks: TaskListItem[]; nextCursor?: string }>;
  /** GET /cases */
  cases(who: Who, q: CasesQuery): Promise<{ cases: CaseListItem[]; nextCursor?: string }>;
  /** POST /cases/people (access-logged) */
  people(who: Who, caseIds: string[]): Promise<{ people: { caseId: string; person: PersonView }[] }>;
  /** GET /cases/{id} (access-logged) */
  view(who: Who, caseId: string): Promise<CaseViewBody>;
  /** GET /cases/{id}/timeline (access-logged) */
  timeline(who: Who, caseId: string): Promise<{ caseId: string; timeline: TimelineEventBody[] }>;
  /** the case and its timeline read together (one query of the workflow; both access-logged as GET /cases/{id} and its timeline are) */
  casePage(who: Who, caseId: string): Promise<{ view: CaseViewBody; timeline: TimelineEventBody[] }>;
  /** GET /caseworkers?team= (in-process also without a team: the whole caseload's) */
  caseworkers(who: Who, team: string | undefined): Promise<CaseworkersBody>;
  /** GET /stats */
  stats(who: Who, q: PeriodQuery): Promise<StatsBody>;
  /** GET /stats/meetings */
  meetings(who: Who, q: PeriodQuery): Promise<MeetingsByMonthBody>;
}
