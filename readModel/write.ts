/**
 * Writing a case's projection: idempotent by (case, event sequence) and by version, so a retry, a
 * worker crash or a replay never duplicates or loses a row, and a late retry of an older projection
 * never overwrites a newer one. Each statement stands alone (no multi-statement transaction, see
 * embedded.ts): a projection interrupted half-way is completed by its retry.
 */
import { sql } from 'kysely';
import type { TimelineEvent } from '../domain/vocabulary';
import type { ReadModelDb } from './connect';
import type { CaseProjection } from './types';

const FAR_FUTURE = '9999-12-31';

/** What an event is about: the statistics group by it. */
export function eventSubject(e: TimelineEvent): string | null {
  const pick = (k: string): string | null => (typeof e[k] === 'string' ? (e[k] as string) : null);
  switch (e.type) {
    case 'task.opened':
    case 'task.completed':
    case 'task.overdue':
      return pick('task');
    case 'meeting.scheduled':
    case 'meeting.held':
      return pick('meeting');
    case 'agency.requested':
    case 'agency.responded':
      return pick('request');
    case 'phase.changed':
      return pick('criterion');
    case 'exception.decided':
      return pick('exception');
    case 'case.closed':
      return pick('reason');
    case 'decision.proposed':
    case 'decision.approved':
    case 'decision.returned':
      return pick('decision');
    case 'consent.recorded':
      return pick('scope');
    case 'command.recorded':
      return pick('command');
    default:
      return null;
  }
}

function attrsOf(e: TimelineEvent): string {
  const { day: _day, date: _date, type: _type, ...rest } = e;
  return JSON.stringify(rest);
}

/** The projection's rows, as the tables hold them (also the bench's bulk seeding). */
export const eventRows = (p: CaseProjection) =>
  p.events.map(({ seq, event }) => ({
    case_id: p.summary.caseId,
    seq,
    day: event.day,
    date: event.date,
    type: event.type,
    subject: eventSubject(event),
    attrs: attrsOf(event),
  }));

export const taskRows = (p: CaseProjection) =>
  p.openTasks.map((t) => ({
    case_id: p.summary.caseId,
    task_id: t.taskId,
    task: t.task,
    due_day: t.dueDay,
    due_date: t.dueDate,
    overdue: t.overdue,
    criterion: t.criterion ?? null,
    caseworker_id: p.summary.caseworkerId ?? null,
    team: p.summary.team ?? null,
    version: p.version,
  }));

export function caseRow(p: CaseProjection) {
  const s = p.summary;
  return {
    case_id: s.caseId,
    person_key: s.personKey,
    status: s.status,
    track: s.track,
    criterion: s.criterion,
    caseworker_id: s.caseworkerId ?? null,
    team: s.team ?? null,
    first_sick_day: s.firstSickDay,
    prior_days: s.priorDays,
    opened_on: s.openedOn,
    closed_on: s.closedOn ?? null,
    close_reason: s.closeReason ?? null,
    period_from: s.period?.from ?? null,
    period_to: s.period?.to ?? null,
    exception: s.exception ?? null,
    exception_on: s.exceptionOn ?? null,
    day181_on: s.day181On ?? null,
    next_deadline: s.nextDeadline ?? null,
    deadline_sort: s.nextDeadline ?? FAR_FUTURE,
    overdue_tasks: s.overdueTasks,
    stuck: s.stuck,
    version: p.version,
  };
}

export async function writeProjection(db: ReadModelDb, p: CaseProjection): Promise<void> {
  const s = p.summary;
  if (p.events.length) {
    await db
      .insertInto('timeline_events')
      .values(eventRows(p))
      .onConflict((oc) => oc.columns(['case_id', 'seq']).doNothing())
      .execute();
  }
  const row = caseRow(p);
  const { case_id: _id, ...updates } = row;
  await db
    .insertInto('cases')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('case_id')
        .doUpdateSet({ ...updates, updated_at: sql`now()` })
        .where('cases.version', '<', p.version),
    )
    .execute();
  if (p.openTasks.length) {
    await db
      .insertInto('tasks')
      .values(taskRows(p))
      .onConflict((oc) =>
        oc
          .columns(['case_id', 'task_id'])
          .doUpdateSet((eb) => ({
            due_day: eb.ref('excluded.due_day'),
            due_date: eb.ref('excluded.due_date'),
            overdue: eb.ref('excluded.overdue'),
            caseworker_id: eb.ref('excluded.caseworker_id'),
            team: eb.ref('excluded.team'),
            version: eb.ref('excluded.version'),
          }))
          .where('tasks.version', '<=', p.version),
      )
      .execute();
  }
  // tasks no longer open (done, cancelled) are the ones this projection did not touch
  await db.deleteFrom('tasks').where('case_id', '=', s.caseId).where('version', '<', p.version).execute();
  // a closed case no longer holds its person's claim (readModel/claims.ts)
  if (s.status === 'closed') await db.deleteFrom('open_case_claims').where('case_id', '=', s.caseId).execute();
}

/** Remove everything (for a rebuild from the workflows). */
export async function clearReadModel(db: ReadModelDb): Promise<void> {
  await db.deleteFrom('open_case_claims').execute();
  await db.deleteFrom('timeline_events').execute();
  await db.deleteFrom('tasks').execute();
  await db.deleteFrom('cases').execute();
}
