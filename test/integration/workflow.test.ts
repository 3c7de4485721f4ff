/**
 * The case workflow on the real time-skipping test server: continue-as-new keeps state and pending
 * work, and a flaky agency is retried until the request is performed exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseQuery, caseWorkflowId, commandUpdates, timelineQuery } from '../../workflows/definitions';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/case';
import { startCaseOnChainDay, startTestSystem, PREBUILT_WORKFLOW_BUNDLE, type TestSystem } from '../../harness';

let sys: TestSystem;
const DAY = 86_400_000;
const caseworker = { sub: 'hk-1', role: 'caseworker' as const };

beforeAll(async () => {
  sys = await startTestSystem({ workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE, kind: 'time-skipping' });
});
afterAll(async () => {
  await sys?.stop();
});

/** Start an employed case opened on chain day 16 of a case that fell sick on 2026-01-05. */
async function startCase(id: string) {
  const opening = {
    caseId: id,
    personKey: `pk-${id}`,
    track: 'employed' as const,
    employer: { orgNr: '556036-0793' },
    firstSickDay: '2026-01-05',
    priorDays: 0,
    previousPeriods: [],
    expectedDurationDays: 30,
  };
  return (await startCaseOnChainDay(sys, opening, 16, caseWorkflowId(`${id}-${Date.now()}`))).handle;
}

describe('continue-as-new', () => {
  it('a case whose history grows long continues as new with its state, timeline and timers intact', async () => {
    const h = await startCase('can');
    await h.executeUpdate(commandUpdates['register-sick-report'], { args: [{ input: {}, actor: caseworker }] });
    const firstRun = (await h.describe()).runId;
    // every accepted command adds ~5 events; push the history past the threshold
    const n = Math.ceil(CONTINUE_AS_NEW_AFTER_EVENTS / 5) + 20;
    for (let i = 0; i < n; i++) {
      await h.executeUpdate(commandUpdates['record-consent'], {
        args: [{ input: { scope: 'employer-contact', given: i % 2 === 0 }, actor: caseworker }],
      });
    }
    await sys.env.sleep(60_000); // let the main loop notice and continue as new
    const after = await h.describe();
    expect(after.runId).not.toBe(firstRun);
    expect(after.status.name).toBe('RUNNING');
    const timeline = await h.query(timelineQuery);
    expect(timeline.filter((e) => e.type === 'consent.recorded')).toHaveLength(n);
    expect(timeline.filter((e) => e.type === 'command.recorded' && e.command === 'register-sick-report')).toHaveLength(1);
    const state = await h.query(caseQuery);
    expect(state.openTasks.map((t) => t.task).sort()).toEqual(['assess-rehab-need', 'assess-work-capacity']);
    // pending work goes on in the new run: day 91 still changes the criterion
    await sys.env.sleep(80 * DAY);
    const later = await h.query(timelineQuery);
    expect(later.some((e) => e.type === 'phase.changed' && e.criterion === 'employer-work' && e.day === 91)).toBe(true);
    expect((await h.fetchHistory()).events!.length).toBeLessThan(CONTINUE_AS_NEW_AFTER_EVENTS);
  }, 120_000);
});

describe('an agency that fails, then recovers', () => {
  it('requests are retried until performed, exactly once per request at the agency, retries visible in history', async () => {
    // deterministic: the agency is down when the requests go out, and back an hour later
    sys.stubs.stubs.setBehaviour({ down: true });
    try {
      const h = await startCase('flaky');
      await sys.env.sleep(6 * DAY); // day 22 08:00: the employer was asked for the sick report at 00:00
      await h.executeUpdate(commandUpdates['schedule-meeting'], {
        args: [{ input: { meeting: 'reconciliation', date: '2026-02-10' }, actor: caseworker }],
      });
      await sys.env.sleep(60_000);
      sys.stubs.stubs.setBehaviour({ down: false });
      await sys.env.sleep(2 * DAY); // past the stuck retry (30 min)
      const requested = (await h.query(timelineQuery)).filter((e) => e.type === 'agency.requested');
      expect(requested.length).toBeGreaterThanOrEqual(3);
      const caseId = (await h.query(caseQuery)).caseId;
      const performed = sys.stubs.stubs.records.filter((r) => r.caseId === caseId);
      expect(performed).toHaveLength(requested.length);
      expect(new Set(performed.map((r) => r.key)).size).toBe(performed.length);
      expect((await h.query(caseQuery)).stuckRequests).toBeUndefined();
      const history = await h.fetchHistory();
      expect((await h.describe()).runId).toBe(h.firstExecutionRunId); // all of it in one run
      // retries show as attempts > 1, or, once an activity's own retries were spent, as a failed
      // activity followed by the workflow's next try
      const retried = history.events!.filter(
        (e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1 || e.activityTaskFailedEventAttributes,
      );
      expect(performed.reduce((n, r) => n + r.failedAttempts, 0)).toBeGreaterThan(0);
      expect(retried.length).toBeGreaterThan(0);
    } finally {
      sys.stubs.stubs.setBehaviour({ down: false, failureRate: 0 });
    }
  }, 120_000);
});
