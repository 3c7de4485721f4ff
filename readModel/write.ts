/**
 * Writing a case's projection: idempotent by (case, event sequence) and by version, so a retry, a
 * worker crash or a replay never duplicates or loses a row, and a late retry of an older projection
 * never overwrites a newer one. A projection is one statement (no multi-statement transaction, see
 * embedded.ts), so it lands whole or not at all, the statistics' roll-ups with its events and its case
 * row (rollup.ts, teamRollup.ts, caseRollup.ts).
 */
import { sql } from 'kysely';
import type { TimelineEvent } from '../domain/vocabulary';
import type { ReadModelDb } from './connect';
import type { CaseProjection } from './types';
import { rolledUpSql, rollupKeySql } from './rollup';
import { teamRollupCtes } from './teamRollup';
import { caseRollupCtes, countedColumnsSql } from './caseRollup';

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
    case 'exception.ended':
      return pick('exception');
    case 'case.closed':
      return pick('reason');
    case 'decision.proposed':
    case 'decision.approved':
    case 'decision.returned':
    case 'decision.withdrawn':
      return pick('decision');
    case 'consent.recorded':
      return pick('scope');
    case 'command.recorded':
      return pick('command');
    default:
      return null;
  }
}

function attrsOf(e: TimelineEvent): Record<string, unknown> {
  const { day: _day, date: _date, type: _type, ...rest } = e;
  return rest;
}

/** The projection's events as timeline_events rows, attrs as an object. */
const eventRecords = (p: CaseProjection) =>
  p.events.map(({ seq, event }) => ({
    case_id: p.summary.caseId,
    seq,
    day: event.day,
    date: event.date,
    type: event.type,
    subject: eventSubject(event),
    attrs: attrsOf(event),
  }));

/** The projection's rows, as the tables take them (also the bench's bulk seeding). */
export const eventRows = (p: CaseProjection) => eventRecords(p).map((e) => ({ ...e, attrs: JSON.stringify(e.attrs) }));

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

export const pendingRows = (p: CaseProjection) =>
  (p.pending ?? []).map((r, seq) => ({
    case_id: p.summary.caseId,
    seq,
    agency: r.agency,
    party: r.party ?? null,
    request: r.request,
    meeting: r.meeting ?? null,
    requested_on: r.requestedOn,
    due_on: r.dueOn ?? null,
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

/**
 * One statement, its parts data-modifying CTEs: a projection costs the database one round trip and
 * lands whole, and a close's period and claim release land with the case row (openCaseReservation.ts). The event
 * and task rows travel as one JSON parameter each, so no list is ever empty SQL.
 */
export async function writeProjection(db: ReadModelDb, p: CaseProjection): Promise<void> {
  const s = p.summary;
  const row = caseRow(p);
  const columns = Object.keys(row) as (keyof typeof row)[];
  const updated = columns.filter((c) => c !== 'case_id');
  const closed = s.status === 'closed';
  const period = closed && s.period ? { [s.caseId]: s.period } : {};
  const carried = closed && s.period ? JSON.stringify({ ...s.carriedOver, to: s.period.to }) : null;
  const key = rollupKeySql('ne');
  await sql`
    with prior as (
      select ${countedColumnsSql()} from cases where case_id = ${s.caseId}
    ), case_row as (
      insert into cases (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => row[c]))})
      on conflict (case_id) do update set ${sql.join(updated.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}, updated_at = now()
      where cases.version < ${p.version}
      returning ${countedColumnsSql()}
    ), new_events as (
      insert into timeline_events (case_id, seq, day, date, type, subject, attrs)
      select case_id, seq, day, date, type, subject, attrs
      from jsonb_to_recordset(${JSON.stringify(eventRecords(p))}::jsonb)
        as e(case_id text, seq int, day int, date date, type text, subject text, attrs jsonb)
      on conflict (case_id, seq) do nothing
      returning date, type, subject, day, attrs
    ), counted as (
      -- the statistics' roll-up (rollup.ts), from the events this statement really inserted; in key
      -- order, so two projections touching the same counters take their row locks in one order
      insert into event_counts (date, type, subject, value, variant, n)
      select date, type, coalesce(subject, ''), ${key.value}, ${key.variant}, count(*)
      from new_events as ne where ${rolledUpSql('ne')}
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (date, type, subject, value, variant) do update set n = event_counts.n + excluded.n
    ), ${teamRollupCtes(s.caseId)}, ${caseRollupCtes()}, open_tasks as (
      insert into tasks (case_id, task_id, task, due_day, due_date, overdue, criterion, caseworker_id, team, version)
      select case_id, task_id, task, due_day, due_date, overdue, criterion, caseworker_id, team, version
      from jsonb_to_recordset(${JSON.stringify(taskRows(p))}::jsonb)
        as t(case_id text, task_id int, task text, due_day int, due_date date, overdue boolean, criterion text, caseworker_id text, team text, version int)
      on conflict (case_id, task_id) do update set due_day = excluded.due_day, due_date = excluded.due_date,
        overdue = excluded.overdue, caseworker_id = excluded.caseworker_id, team = excluded.team, version = excluded.version
      where tasks.version <= ${p.version}
    ), gone_tasks as (
      -- tasks no longer open (done, cancelled): older rows of this case that this projection does not name
      delete from tasks where case_id = ${s.caseId} and version < ${p.version}
        and not (task_id = any(${p.openTasks.map((t) => t.taskId)}::int[]))
    ), pending as (
      -- what the case waits for, replaced whole (a projection made before the inboxes carries none: kept)
      insert into pending_requests (case_id, seq, agency, party, request, meeting, requested_on, due_on, version)
      select case_id, seq, agency, party, request, meeting, requested_on, due_on, version
      from jsonb_to_recordset(${JSON.stringify(pendingRows(p))}::jsonb)
        as r(case_id text, seq int, agency text, party text, request text, meeting text, requested_on date, due_on date, version int)
      -- a late retry of an older projection adds back nothing a newer one removed
      where not exists (select 1 from cases c where c.case_id = ${s.caseId} and c.version > ${p.version})
      on conflict (case_id, seq) do update set agency = excluded.agency, party = excluded.party, request = excluded.request,
        meeting = excluded.meeting, requested_on = excluded.requested_on, due_on = excluded.due_on, version = excluded.version
      where pending_requests.version <= ${p.version}
    ), gone_pending as (
      delete from pending_requests where case_id = ${s.caseId} and version < ${p.version} and ${p.pending !== undefined}::boolean
        and seq >= ${p.pending?.length ?? 0}
    ), person as (
      -- a closed case keeps its period on its person's row and no longer holds the person
      -- and what a relapse carries over, from the case whose period ended last
      insert into people (person_key, closed_periods, carried_over)
      select ${s.personKey}, ${JSON.stringify(period)}::jsonb, ${carried}::jsonb where ${closed}::boolean
      on conflict (person_key) do update set closed_periods = people.closed_periods || excluded.closed_periods,
        carried_over = case when excluded.carried_over is not null
          and (people.carried_over is null or people.carried_over->>'to' <= excluded.carried_over->>'to')
          then excluded.carried_over else people.carried_over end,
        open_case_id = case when people.open_case_id = ${s.caseId} then null else people.open_case_id end
    )
    select 1`.execute(db);
}

/** Remove everything (for a rebuild from the workflows). */
export async function clearReadModel(db: ReadModelDb): Promise<void> {
  await db.deleteFrom('people').execute();
  await db.deleteFrom('pending_requests').execute();
  await db.deleteFrom('timeline_events').execute();
  await db.deleteFrom('event_counts').execute();
  await db.deleteFrom('team_event_counts').execute();
  await db.deleteFrom('case_counts').execute();
  await db.deleteFrom('tasks').execute();
  await db.deleteFrom('cases').execute();
}
