/**
 * The few ways a rule changes a case, shared by every rule module: write a timeline event, ask an
 * agency (outbox), open / complete a task, close the case, reject a command.
 *
 * One rule lives here because it applies to every task (docs/rules.md "Late opening"):
 * a task that opens after its usual due day is due `lateTaskDueAfterDays` after it opens (our policy).
 */
import { dateOfChainDay, type IsoDate } from './calendar';
import { policyOn, type Criterion, type Policy } from './rulebook';
import type { AgencyRequest, CaseState, Rejection, RejectionCode, Task } from './caseState';
import type { Actor, Agency, AgencyRequestName, CloseReason, EventType, TaskName, TimelineEvent } from './vocabulary';

/** The one way to build a rejection. */
export const rejection = (status: Rejection['status'], code: RejectionCode, message: string): Rejection => ({ status, code, message });

/** The rules in force on the date of a chain day. */
export const policyForDay = (s: CaseState, day: number): Policy => policyOn(dateOfChainDay(s.clock, day));

/** A deep copy by JSON round trip (states are plain JSON data; works inside the workflow sandbox). */
export const jsonCopy = (s: CaseState): CaseState => JSON.parse(JSON.stringify(s)) as CaseState;

export function emit(s: CaseState, day: number, type: EventType, fields: Record<string, unknown> = {}, actor?: Actor): void {
  const e: TimelineEvent = { day, date: dateOfChainDay(s.clock, day), type, ...fields };
  if (actor) e.actor = { sub: actor.sub, role: actor.role };
  s.timeline.push(e);
}

export function requestAgency(
  s: CaseState,
  day: number,
  agency: Agency,
  request: AgencyRequestName,
  extra: { latestDate?: IsoDate; meetingDate?: IsoDate; fields?: Record<string, unknown>; actor?: Actor } = {},
): void {
  s.seq += 1;
  const req: AgencyRequest = {
    key: `${s.caseId}:${s.seq}`,
    caseId: s.caseId,
    agency,
    request,
    day,
    requestedOn: dateOfChainDay(s.clock, day),
  };
  if (agency === 'employer' && s.employer) req.orgNr = s.employer.orgNr;
  if (agency === 'region' && s.region) req.region = s.region;
  if (extra.latestDate) req.latestDate = extra.latestDate;
  if (extra.meetingDate) req.meetingDate = extra.meetingDate;
  s.outbox.push(req);
  emit(s, day, 'agency.requested', { agency, request, ...extra.fields }, extra.actor);
}

/**
 * Open a task on `day` with its usual due day. Late opening: when the usual due day has already
 * passed, the task is due `lateTaskDueAfterDays` after it opens instead.
 */
export function openTask(
  s: CaseState,
  day: number,
  task: TaskName,
  usualDueDay: number,
  extra: { criterion?: Criterion; orderId?: number; actor?: Actor } = {},
): Task {
  const dueDay = usualDueDay >= day ? usualDueDay : day + policyForDay(s, day).lateTaskDueAfterDays;
  s.seq += 1;
  const t: Task = { id: s.seq, task, openedDay: day, dueDay, status: 'open', overdue: false };
  if (extra.criterion) t.criterion = extra.criterion;
  if (extra.orderId !== undefined) t.orderId = extra.orderId;
  s.tasks.push(t);
  emit(s, day, 'task.opened', { task, dueDay, ...(extra.criterion ? { criterion: extra.criterion } : {}) }, extra.actor);
  return t;
}

/** Open a task due the policy's number of days after it opens (`taskDueAfterDays`). */
export function openTaskDueAfterPolicy(
  s: CaseState,
  day: number,
  task: keyof Policy['taskDueAfterDays'],
  extra: { criterion?: Criterion; orderId?: number; actor?: Actor } = {},
): Task {
  return openTask(s, day, task, day + policyForDay(s, day).taskDueAfterDays[task], extra);
}

export const findOpen = (s: CaseState, task: TaskName): Task | undefined => s.tasks.find((t) => t.task === task && t.status === 'open');

export function completeTask(s: CaseState, day: number, t: Task, actor?: Actor, fields: Record<string, unknown> = {}): void {
  t.status = 'completed';
  emit(s, day, 'task.completed', { task: t.task, ...fields }, actor);
}

export function completeIfOpen(s: CaseState, day: number, task: TaskName, actor?: Actor, fields: Record<string, unknown> = {}): boolean {
  const t = findOpen(s, task);
  if (t) completeTask(s, day, t, actor, fields);
  return t !== undefined;
}

/**
 * Close the case. Our policy: tasks still open are cancelled (nobody has to do them any more, and
 * they must not count as open or overdue work); the closing event names them.
 */
export function closeCase(s: CaseState, day: number, reason: CloseReason, actor?: Actor): void {
  s.status = 'closed';
  s.closeReason = reason;
  s.closedDay = day;
  const cancelled = s.tasks.filter((t) => t.status === 'open');
  for (const t of cancelled) t.status = 'cancelled';
  emit(s, day, 'case.closed', { reason, ...(cancelled.length ? { cancelledTasks: cancelled.map((t) => t.task) } : {}) }, actor);
}

/** Add a note (free text stays out of the timeline and every log). */
export function addNote(s: CaseState, day: number, kind: string, text: string | undefined): void {
  if (text) s.notes.push({ day, kind, text });
}
