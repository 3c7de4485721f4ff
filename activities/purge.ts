/**
 * The daily purge's activities (gallring, docs/records.md): a batch of due cases, each purged in its
 * own transaction with its purge-log entry (readModel/purge.ts), and the access-log entries past
 * their own retention. The purge's date is today in Sweden; an explicit later `asOf` (the tests'
 * clock offset) only where the worker allows it (PURGE_ALLOW_FUTURE_AS_OF, never in production).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { stockholmDateOf } from '../domain/calendar';
import { caseWorkflowId } from '../platform/temporalNames';
import { dueCases, purgeCase } from '../readModel/purge';
import { purgeExpiredAccess } from '../readModel/accessLog';
import type { ReadModelDb } from '../readModel/connect';

export interface PurgeDeps {
  db: ReadModelDb;
  /** RECORD_RETENTION_YEARS (RECORDS_POLICY.recordRetentionYears unless overridden) */
  retentionYears: number;
  /** TESTS ONLY: an `asOf` later than today is accepted (a clock offset) */
  allowFutureAsOf?: boolean;
  /** TESTS ONLY: called inside each case's transaction, before it commits (a crash mid-batch) */
  beforeCommit?: () => void;
}

export interface PurgeBatchInput {
  /** the purge's date (YYYY-MM-DD); default today in Sweden */
  asOf?: string;
  limit: number;
  /** written into each purge-log entry: which run purged it */
  runId: string;
}

export interface PurgeBatchResult {
  asOf: string;
  cases: number;
  people: number;
  /** true when the batch was full: there may be more due */
  more: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The purge's date: `asOf` if given, else today; never after today unless the worker allows it (tests). */
export function purgeDate(asOf: string | undefined, today: string, allowFuture: boolean): string {
  if (asOf === undefined) return today;
  if (!ISO_DATE.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw ApplicationFailure.nonRetryable(`asOf ${asOf} is not a date`, 'BadPurgeDate');
  if (asOf > today && !allowFuture)
    throw ApplicationFailure.nonRetryable(`asOf ${asOf} is after today (${today}): a purge never runs ahead of the clock`, 'BadPurgeDate');
  return asOf;
}

export function createPurgeActivities(deps: PurgeDeps) {
  const dateOf = (asOf: string | undefined): string => purgeDate(asOf, stockholmDateOf(Date.now()), deps.allowFutureAsOf === true);
  return {
    async purgeDueCases(input: PurgeBatchInput): Promise<PurgeBatchResult> {
      const asOf = dateOf(input.asOf);
      const ctx = Context.current();
      const due = await dueCases(deps.db, asOf, deps.retentionYears, input.limit);
      let cases = 0;
      let people = 0;
      for (const c of due) {
        ctx.heartbeat();
        // Temporal normally forgot the workflow years ago (namespace retention); if not, it goes first
        await ctx.client.workflowService
          .deleteWorkflowExecution({ namespace: ctx.info.workflowNamespace, workflowExecution: { workflowId: caseWorkflowId(c.caseId) } })
          .catch((err: { code?: number }) => {
            if (err?.code !== 5) throw err; // NOT_FOUND: already gone
          });
        const purged = await purgeCase(deps.db, c, input.runId, deps.beforeCommit);
        if (purged) {
          cases++;
          if (purged.personRemoved) people++;
        }
      }
      return { asOf, cases, people, more: due.length === input.limit };
    },

    async purgeExpiredAccessLog(input: { asOf: string }): Promise<number> {
      return purgeExpiredAccess(deps.db, dateOf(input.asOf));
    },
  };
}

export type PurgeActivities = ReturnType<typeof createPurgeActivities>;
