/**
 * What the lists and searches read: the work list of cases (soonest deadline first), open tasks
 * across cases, a person's cases by person key, and the closed periods the relapse rule needs.
 * Every filter is a bound parameter (Kysely); nothing is concatenated into SQL.
 */
import { z } from 'zod';
import type { CaseListItem, TaskListItem } from '../contract/schemas';
import type { ReadModelDb } from './connect';

export type { CaseListItem, TaskListItem };
import { decodeCursor, encodeCursor } from './cursor';

export class BadCursorError extends Error {
  constructor() {
    super('the page cursor is not valid (take it unchanged from the previous page)');
  }
}

export interface CaseFilter {
  criterion?: string;
  caseworker?: string;
  team?: string;
  task?: string;
  overdue?: boolean;
  stuck?: boolean;
  status?: 'open' | 'closed';
  /** only cases with something due on or before this date */
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

const caseCursor = z.tuple([z.string(), z.string()]);

export async function listCases(db: ReadModelDb, f: CaseFilter): Promise<{ cases: CaseListItem[]; nextCursor?: string }> {
  let q = db.selectFrom('cases').selectAll();
  if (f.criterion) q = q.where('criterion', '=', f.criterion);
  if (f.caseworker) q = q.where('caseworker_id', '=', f.caseworker);
  if (f.team) q = q.where('team', '=', f.team);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.stuck !== undefined) q = q.where('stuck', '=', f.stuck);
  if (f.overdue !== undefined) q = q.where('overdue_tasks', f.overdue ? '>' : '=', 0);
  if (f.dueBefore) q = q.where('next_deadline', '<=', f.dueBefore);
  if (f.task) {
    const task = f.task;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('tasks').select('tasks.task_id').whereRef('tasks.case_id', '=', 'cases.case_id').where('tasks.task', '=', task)),
    );
  }
  if (f.cursor) {
    const after = decodeCursor(f.cursor, caseCursor);
    if (!after) throw new BadCursorError();
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('deadline_sort', 'case_id'), '>', tuple(after[0], after[1])));
  }
  const rows = await q
    .orderBy('deadline_sort')
    .orderBy('case_id')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const tasks = page.length
    ? await db
        .selectFrom('tasks')
        .select(['case_id', 'task'])
        .where(
          'case_id',
          'in',
          page.map((r) => r.case_id),
        )
        .orderBy('due_date')
        .execute()
    : [];
  const last = page.at(-1);
  return {
    cases: page.map((r) => ({
      caseId: r.case_id,
      status: r.status,
      track: r.track,
      criterion: r.criterion,
      caseworkerId: r.caseworker_id,
      team: r.team,
      firstSickDay: r.first_sick_day,
      nextDeadline: r.next_deadline,
      overdueTasks: r.overdue_tasks,
      stuck: r.stuck,
      openTasks: [...new Set(tasks.filter((t) => t.case_id === r.case_id).map((t) => t.task))],
    })),
    ...(rows.length > f.limit && last ? { nextCursor: encodeCursor([last.deadline_sort, last.case_id]) } : {}),
  };
}

export interface TaskFilter {
  assignee?: string;
  team?: string;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

const taskCursor = z.tuple([z.string(), z.string(), z.number().int()]);

export async function listTasks(db: ReadModelDb, f: TaskFilter): Promise<{ tasks: TaskListItem[]; nextCursor?: string }> {
  let q = db.selectFrom('tasks').selectAll();
  if (f.assignee) q = q.where('caseworker_id', '=', f.assignee);
  if (f.team) q = q.where('team', '=', f.team);
  if (f.overdue !== undefined) q = q.where('overdue', '=', f.overdue);
  if (f.cursor) {
    const after = decodeCursor(f.cursor, taskCursor);
    if (!after) throw new BadCursorError();
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('due_date', 'case_id', 'task_id'), '>', tuple(after[0], after[1], after[2])));
  }
  const rows = await q
    .orderBy('due_date')
    .orderBy('case_id')
    .orderBy('task_id')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    tasks: page.map((r) => ({
      caseId: r.case_id,
      taskId: r.task_id,
      task: r.task,
      dueDay: r.due_day,
      dueDate: r.due_date,
      overdue: r.overdue,
      criterion: r.criterion,
      caseworkerId: r.caseworker_id,
      team: r.team,
    })),
    ...(rows.length > f.limit && last ? { nextCursor: encodeCursor([last.due_date, last.case_id, last.task_id]) } : {}),
  };
}

export interface PersonCase {
  caseId: string;
  status: 'open' | 'closed';
  firstSickDay: string;
  criterion: string;
  priorDays: number;
  closedOn: string | null;
}

/** A person's cases, newest first, by person key (the keyed hash; never the personnummer). */
export async function casesOfPerson(db: ReadModelDb, personKey: string): Promise<PersonCase[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['case_id', 'status', 'first_sick_day', 'criterion', 'prior_days', 'closed_on'])
    .where('person_key', '=', personKey)
    .orderBy('first_sick_day', 'desc')
    .orderBy('case_id')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    status: r.status,
    firstSickDay: r.first_sick_day,
    criterion: r.criterion,
    priorDays: r.prior_days,
    closedOn: r.closed_on,
  }));
}
