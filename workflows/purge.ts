/**
 * The daily purge (gallring, docs/records.md), started by the Temporal Schedule `records-purge`
 * (worker/purgeSchedule.ts): purges due closed cases in batches until none is left, then the
 * access-log entries past their own retention, and reports what it purged (its result and one log
 * line, counts only). Resumable: each batch is an activity retried until it lands, and each case in
 * it is purged whole or not at all, so a run that dies continues where it stopped; a second run
 * purges nothing more. A very long run continues as new to keep its history short.
 */
import { continueAsNew, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PurgeActivities } from '../activities/purge';

const BATCH = 100;
const BATCHES_PER_RUN = 200;

export interface PurgeInput {
  /** the purge's date (YYYY-MM-DD); default today in Sweden. Later than today only where the worker allows it (tests). */
  asOf?: string;
  /** carried over by continue-as-new */
  sofar?: { cases: number; people: number };
}

export interface PurgeResult {
  asOf: string;
  /** closed cases purged by this run */
  cases: number;
  /** people of whom nothing is kept any more (their row removed) */
  people: number;
  /** access-log entries past their own retention, removed */
  accessLogEntries: number;
}

const { purgeDueCases, purgeExpiredAccessLog } = proxyActivities<PurgeActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['BadPurgeDate'] },
});

export async function purgeRecords(input: PurgeInput = {}): Promise<PurgeResult> {
  const runId = workflowInfo().workflowId;
  let { cases, people } = input.sofar ?? { cases: 0, people: 0 };
  let asOf = input.asOf;
  for (let batch = 0; ; batch++) {
    if (batch >= BATCHES_PER_RUN) return continueAsNew<typeof purgeRecords>({ asOf, sofar: { cases, people } });
    const r = await purgeDueCases({ ...(asOf ? { asOf } : {}), limit: BATCH, runId });
    asOf = r.asOf;
    cases += r.cases;
    people += r.people;
    if (!r.more) break;
  }
  const accessLogEntries = await purgeExpiredAccessLog({ asOf: asOf! });
  const result: PurgeResult = { asOf: asOf!, cases, people, accessLogEntries };
  log.info('records purged', { ...result });
  return result;
}
