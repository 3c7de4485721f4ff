/**
 * A command retried with the same update ID after the case continued as new is not applied twice
 * (docs/rules.md, "Commands applied once"). On the local dev server (the real Temporal server),
 * which deduplicates an update ID only within one run: the case itself carries the IDs across.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import {
  CASE_WORKFLOW,
  caseWorkflowId,
  commandUpdates,
  timelineQuery,
  type CaseWorkflowInput,
  type CommandArgs,
} from '../../workflows/definitions';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/case';
import { PREBUILT_WORKFLOW_BUNDLE, startTestSystem, type TestSystem } from '../../harness';

let sys: TestSystem;
const caseworker = { sub: 'hk-1', role: 'caseworker' as const };

beforeAll(async () => {
  sys = await startTestSystem({ kind: 'local', workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

describe('update idempotency across continue-as-new', () => {
  it('the same update ID sent again in the next run returns the case and changes nothing', async () => {
    const firstSickDay = addDays(stockholmDateOf(Date.now()), -20);
    const id = `idem-${Date.now()}`;
    const input: CaseWorkflowInput = {
      opening: { caseId: id, personKey: `pk-${id}`, track: 'unemployed', firstSickDay, priorDays: 0, previousPeriods: [] },
      simulation: { publishSearchAttributes: false },
    };
    const h = await sys.env.client.workflow.start(CASE_WORKFLOW, {
      taskQueue: sys.taskQueue,
      workflowId: caseWorkflowId(id),
      args: [input],
    });
    const consent = (given: boolean) => ({ args: [{ input: { scope: 'employer-contact', given }, actor: caseworker }] as [CommandArgs] });
    const firstRun = h.firstExecutionRunId;
    // every accepted command adds ~5 events: send commands until the case has continued as new
    let sent = 0;
    while ((await h.describe()).runId === firstRun && sent < 2 * CONTINUE_AS_NEW_AFTER_EVENTS) {
      await h.executeUpdate(commandUpdates['record-consent'], { ...consent(sent % 2 === 0), updateId: `command-${sent}` });
      sent++;
    }
    expect((await h.describe()).runId).not.toBe(firstRun);
    // the last command the first run applied, sent again by a client that did not see its answer
    const firstRunHistory = await sys.env.client.workflow.getHandle(h.workflowId, firstRun).fetchHistory();
    const lastInFirstRun = firstRunHistory
      .events!.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId)
      .filter(Boolean)
      .at(-1)!;
    expect(lastInFirstRun).toMatch(/^command-\d+$/);
    const view = await h.executeUpdate(commandUpdates['record-consent'], { ...consent(true), updateId: lastInFirstRun });
    expect(view.caseId).toBe(id);
    expect((await h.query(timelineQuery)).filter((e) => e.type === 'consent.recorded')).toHaveLength(sent);
    // a new ID is applied as usual
    await h.executeUpdate(commandUpdates['record-consent'], { ...consent(false), updateId: 'a-new-command' });
    expect((await h.query(timelineQuery)).filter((e) => e.type === 'consent.recorded')).toHaveLength(sent + 1);
    await h.terminate('test done');
  }, 180_000);
});
