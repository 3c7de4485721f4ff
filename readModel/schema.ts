/** The read model's tables as Kysely sees them (the migrations in migrations/ create them). */
import type { ColumnType, Generated } from 'kysely';

/** A DATE column: written as 'YYYY-MM-DD', read back as the same string (see connect.ts). */
type DateColumn = string;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface CasesTable {
  case_id: string;
  person_key: string;
  status: 'open' | 'closed';
  track: string;
  criterion: string;
  caseworker_id: string | null;
  team: string | null;
  first_sick_day: DateColumn;
  prior_days: number;
  opened_on: DateColumn;
  closed_on: DateColumn | null;
  close_reason: string | null;
  period_from: DateColumn | null;
  period_to: DateColumn | null;
  exception: string | null;
  /** when the (latest) exception was decided */
  exception_on: DateColumn | null;
  /** the date of chain day 181, on a track with a day-181 test (not the unemployed) */
  day181_on: DateColumn | null;
  next_deadline: DateColumn | null;
  /** next_deadline, or 9999-12-31 when nothing is due: the work list's sort key (never null, so it pages by cursor) */
  deadline_sort: DateColumn;
  overdue_tasks: number;
  stuck: boolean;
  version: ColumnType<number, number, number>;
  updated_at: Generated<Date>;
}

export interface TasksTable {
  case_id: string;
  task_id: number;
  task: string;
  due_day: number;
  due_date: DateColumn;
  overdue: boolean;
  criterion: string | null;
  caseworker_id: string | null;
  team: string | null;
  version: number;
}

export interface TimelineEventsTable {
  case_id: string;
  seq: number;
  day: number;
  date: DateColumn;
  type: string;
  /** what the event is about (task, meeting, request, criterion, exception, reason): the statistics group by it */
  subject: string | null;
  /** the event's other fields */
  attrs: Json;
}

/** The statistics' roll-up (rollup.ts): events per day × type × subject × measure. */
export interface EventCountsTable {
  date: DateColumn;
  type: string;
  /** the event's subject, '' when it has none */
  subject: string;
  /** the measure (chain day, turnaround days), or NO_VALUE */
  value: number;
  /** how a plan came ('oral', 'form'), '' otherwise */
  variant: string;
  n: number;
}

/** The roll-up per team (teamRollup.ts): the same counters, per the team the case has now. */
export interface TeamEventCountsTable extends EventCountsTable {
  team: string;
}

/** The case roll-up (caseRollup.ts): cases, overdue tasks and stuck cases per team × kind × key. */
export interface CaseCountsTable {
  team: string;
  kind: string;
  caseworker: string;
  date: DateColumn;
  label: string;
  label_on: DateColumn;
  n: number;
  overdue: number;
  stuck: number;
}

import type { CarriedOver } from '../domain/rules/relapse';

/** A closed case's sick period, as a person's row keeps it. */
export interface ClosedPeriod {
  from: DateColumn;
  to: DateColumn;
}

/**
 * One row per person key: the open case that holds the person (the API claims it before it starts a
 * case; closing releases it), the person's closed sick periods by case ID (the relapse rule) and the
 * sealed personnummer (who the person is, for FK staff).
 */
export interface PeopleTable {
  person_key: string;
  open_case_id: string | null;
  closed_periods: ColumnType<Record<string, ClosedPeriod>, string | undefined, string>;
  /** the personnummer sealed with the payload keys (platform/sealing.ts); null for people recorded before it was kept */
  sealed_personnummer: ColumnType<string | null, string | null | undefined, string | null>;
  /** what the person's latest closed case established, for a relapse (domain/rules/relapse.ts), with its period's end */
  carried_over: ColumnType<(CarriedOver & { to: string }) | null, string | null | undefined, string | null>;
}

/** What an open case waits for from an outside party (domain/pending.ts): the parties' inboxes. */
export interface PendingRequestsTable {
  case_id: string;
  /** the request's place in the case's list (stable between projections only as the list is) */
  seq: number;
  agency: string;
  /** whom it is addressed to: the employer's organisation number, the region's code; null for AF */
  party: string | null;
  request: string;
  meeting: string | null;
  requested_on: DateColumn;
  due_on: DateColumn | null;
  version: number;
}

/** A closed case's whole record, sealed (encrypted) when it closed (readModel/archive.ts). */
export interface CaseArchiveTable {
  case_id: string;
  person_key: string;
  closed_on: DateColumn;
  /** how many Temporal history events the record holds */
  history_events: number;
  /** the sealed record (platform/sealing.ts) */
  sealed: string;
  written_at: Generated<Date>;
}

/** One read by FK staff (readModel/accessLog.ts): append-only, deleted only after keep_until. */
export interface AccessLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  sub: string;
  role: string;
  team: string | null;
  what: string;
  case_id: string | null;
  keep_until: DateColumn;
}

/** A purged case: all that remains of it (readModel/purge.ts). */
export interface PurgeLogTable {
  case_id: string;
  closed_on: DateColumn;
  purged_at: Generated<Date>;
  run_id: string;
  /** rows removed, per table */
  removed: ColumnType<Record<string, number>, string, string>;
}

export interface ReadModelDatabase {
  cases: CasesTable;
  tasks: TasksTable;
  timeline_events: TimelineEventsTable;
  event_counts: EventCountsTable;
  team_event_counts: TeamEventCountsTable;
  case_counts: CaseCountsTable;
  people: PeopleTable;
  case_archive: CaseArchiveTable;
  access_log: AccessLogTable;
  purge_log: PurgeLogTable;
  pending_requests: PendingRequestsTable;
}
