/**
 * One sick-leave case = one long-running workflow (months to years). All rules live in domain/
 * (domain/caseMachine.ts and domain/rules/, see docs/rules.md); this file only owns time and side effects:
 * - it sleeps on one durable timer until the next thing comes due (never a daily poll);
 * - commands arrive as updates whose validator dry-runs the rule, so a rejected command leaves
 *   no trace in history;
 * - agency requests from the outbox run as activities in the background; one that keeps failing
 *   marks the case "stuck" (visible in state and search attributes) and is retried later;
 * - continue-as-new carries the whole state when Temporal suggests it, and the commands applied
 *   recently (workflows/recentRequests.ts), so a command retried across it is not applied twice.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import {
  advance,
  applyAgencyResponse,
  applyCommand,
  drainOutbox,
  nextDueDay,
  openCase,
  periodOf,
  viewOf,
  type AgencyRequest,
  type CaseState,
  type CaseView,
  type CommandResult,
  type RuleSwitches,
  type StuckRequest,
} from '../domain/caseMachine';
import { chainDayAt, chainDayStart, dateOfChainDay } from '../domain/calendar';
import { COMMANDS, type CommandName } from '../domain/commands';
import type { Actor } from '../domain/vocabulary';
import { parseCommandInput } from './commandInput';
import { archiveAtClosePatch, domainRound3Patch, milestoneNoticesPatch, regionRequiredPatch } from './patches';
import { appliedBefore, carriedRequests, KEY_REUSED, keyReused, remember, type KeyedRequest } from './recentRequests';
import type { createAgencyActivities } from '../activities/agencies';
import type { ArchiveActivities } from '../activities/archive';
import {
  caseQuery,
  casePageQuery,
  commandUpdates,
  openingQuery,
  projectionQuery,
  timelineQuery,
  simulationOf,
  type CaseResult,
  type CaseWorkflowInput,
  type CommandArgs,
} from './definitions';
import * as SA from '../platform/searchAttributes';
import { rejectionFailure } from '../platform/rejections';
import { createProjector } from './projector';

// An attempt ends by its own HTTP timeout (10 s, activities/agencies.ts); the start-to-close timeout
// only ends an attempt whose worker died or hung, so a little more than that: its request is sent
// again 15 s after the attempt started (with the same idempotency key), not 30 s.
const { sendAgencyRequest } = proxyActivities<ReturnType<typeof createAgencyActivities>>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

// The archive write: retried until it lands (a closed case must not complete without its record);
// a worker that dies during it is noticed by the missing heartbeat within 10 s.
const { archiveCase } = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * A case's history is kept short: past this many events (or when Temporal suggests it) the case
 * continues as new with its whole state. A 400-day case that meets every milestone needs ~200.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 1000;

/**
 * After the activity's own retries are spent (about two minutes), the case is "stuck" and the request
 * is tried again after 30 minutes, doubling up to 6 hours: a long outage costs a handful of history
 * events a day, not hundreds.
 */
const stuckRetryMs = (round: number): number => Math.min(30 * 60_000 * 2 ** (round - 1), 6 * 3600_000);

/** Make `target` equal to `source` in place (fields the command removed are removed too). */
function replaceState(target: CaseState, source: CaseState): void {
  for (const k of Object.keys(target) as (keyof CaseState)[]) if (!(k in source)) delete target[k];
  Object.assign(target, source);
}

export async function sickLeaveCase(input: CaseWorkflowInput): Promise<CaseResult> {
  const simulation = simulationOf(input);
  const now = (): number => Date.now() + simulation.clockOffsetMs;
  const clock = { firstSickDay: input.opening.firstSickDay, priorDays: input.opening.priorDays };
  const today = (): number => chainDayAt(clock, now());

  const state: CaseState = input.state ?? openCase({ ...input.opening, openedOnDay: today() });
  // Patched rule changes, asked once per run (never in a validator or query: they must not record markers).
  const rules: RuleSwitches = {
    milestoneNotices: milestoneNoticesPatch(),
    round3: domainRound3Patch(),
    regionRequired: regionRequiredPatch(),
  };
  /** the commands applied recently, in this run and the runs before it (bounded; workflows/recentRequests.ts) */
  let recent = carriedRequests(input);
  const inFlight = new Map<string, AgencyRequest>();
  const stuck = new Map<string, StuckRequest>();
  let lastAttributes = ''; // the search attributes last published

  /** The case as of now; for a user, with the commands they may send. */
  const view = (actor?: Actor): CaseView => ({
    ...viewOf(state, today(), rules, actor),
    ...(stuck.size ? { stuckRequests: [...stuck.values()] } : {}),
  });

  const projector = createProjector(state, () => stuck.size > 0, input.readModel);
  setHandler(caseQuery, view);
  setHandler(timelineQuery, () => state.timeline);
  setHandler(casePageQuery, (actor) => ({ view: view(actor), timeline: state.timeline }));
  setHandler(projectionQuery, () => projector.whole());
  setHandler(openingQuery, () => ({ fingerprint: input.openingFingerprint ?? null, priorDays: input.opening.priorDays }));

  /** Dry-run the command on a copy of the case advanced to today. */
  function tryCommand(command: CommandName, args: CommandArgs): CommandResult {
    const parsed = parseCommandInput(command, args.input, !rules.round3);
    if (!parsed.ok) return { ok: false, rejection: { status: 400, code: 'INVALID_INPUT', message: `${parsed.field}: ${parsed.message}` } };
    return applyCommand(state, command, parsed.value, args.actor, today(), rules);
  }

  /** An update ID seen in an earlier run: Temporal deduplicates only within a run. */
  const seenBefore = (): boolean => appliedBefore(recent, currentUpdateInfo()?.id);
  /** A known Idempotency-Key with another request is rejected (422). */
  const checkKey = (request: KeyedRequest | undefined): void => {
    if (keyReused(recent, request)) throw rejectionFailure(KEY_REUSED);
  };

  for (const command of COMMANDS) {
    setHandler(
      commandUpdates[command],
      (args: CommandArgs): CaseView => {
        if (seenBefore()) return view(args.actor);
        checkKey(args.request);
        const result = tryCommand(command, args);
        if (!result.ok) {
          throw rejectionFailure(result.rejection);
        }
        replaceState(state, result.state);
        recent = remember(recent, currentUpdateInfo()?.id, args.request);
        settle();
        return view(args.actor);
      },
      {
        validator: (args: CommandArgs) => {
          if (seenBefore()) return;
          checkKey(args.request);
          const result = tryCommand(command, args);
          if (!result.ok) {
            throw rejectionFailure(result.rejection);
          }
        },
      },
    );
  }

  function perform(req: AgencyRequest): void {
    inFlight.set(req.key, req);
    void (async () => {
      for (let round = 1; ; round++) {
        try {
          const res = await sendAgencyRequest(req);
          applyAgencyResponse(state, req, res, today());
          stuck.delete(req.key);
          break;
        } catch {
          log.warn('agency request failing; case marked stuck and retried later', {
            agency: req.agency,
            request: req.request,
            round,
          });
          stuck.set(req.key, {
            agency: req.agency,
            request: req.request,
            sinceDay: stuck.get(req.key)?.sinceDay ?? today(),
            failedRounds: round,
          });
          publishSearchAttributes();
          projector.changed();
          await sleep(stuckRetryMs(round));
        }
      }
      inFlight.delete(req.key);
      settle();
    })();
  }

  function publishSearchAttributes(): void {
    if (!simulation.publishSearchAttributes) return;
    const v = viewOf(state, today(), rules);
    const open = state.tasks.filter((t) => t.status === 'open');
    const nextDeadline = open.length ? Math.min(...open.map((t) => t.dueDay)) : undefined;
    const pairs: SearchAttributePair[] = [
      { key: SA.CaseCriterion, value: v.criterion },
      { key: SA.CaseStatus, value: v.status },
      { key: SA.CaseEmploymentType, value: v.track },
      { key: SA.CasePersonKey, value: state.personKey },
      { key: SA.CaseOpenTasks, value: open.length },
      { key: SA.CaseOverdueTasks, value: open.filter((t) => t.overdue).length },
      { key: SA.CaseStuck, value: stuck.size > 0 },
      { key: SA.CaseOpenTaskNames, value: [...new Set(open.map((t) => t.task))] },
      ...(state.caseworkerId ? [{ key: SA.CaseCaseworker, value: state.caseworkerId }] : []),
      ...(nextDeadline !== undefined ? [{ key: SA.CaseNextDeadline, value: new Date(chainDayStart(clock, nextDeadline + 1)) }] : []),
    ] as SearchAttributePair[];
    const fingerprint = JSON.stringify(pairs.map((p) => [p.key.name, p.value]));
    if (fingerprint === lastAttributes) return;
    lastAttributes = fingerprint;
    upsertSearchAttributes(pairs);
  }

  /** After any change: perform what the rules decided to ask of agencies, publish the summary, project the case. */
  function settle(): void {
    for (const req of drainOutbox(state)) perform(req);
    publishSearchAttributes();
    projector.changed();
  }

  // The main loop sleeps on one timer until the next due day. Commands and agency answers are
  // applied by their handlers; they wake the loop only when they move the next due day or close
  // the case, so a command costs no timer churn in history.
  const canContinueAsNew = (): boolean =>
    (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= CONTINUE_AS_NEW_AFTER_EVENTS) && inFlight.size === 0;
  for (;;) {
    advance(state, today(), rules);
    settle();
    if (state.status === 'closed') {
      await condition(() => inFlight.size === 0 && state.outbox.length === 0);
      break;
    }
    if (canContinueAsNew()) {
      await condition(allHandlersFinished);
      await projector.drained();
      // the two lists of runs before the one memory were read into it; they are not carried on
      const { recentUpdateIds: _ids, requestFingerprints: _prints, ...carried } = input;
      await continueAsNew<typeof sickLeaveCase>({
        ...carried,
        state,
        recentRequests: recent,
        readModel: projector.mark(),
      });
    }
    const next = nextDueDay(state, rules);
    const moved = (): boolean => state.status === 'closed' || nextDueDay(state, rules) !== next || canContinueAsNew();
    if (next === undefined) {
      await condition(moved);
    } else {
      const wait = chainDayStart(clock, next) - now();
      if (wait > 0) await condition(moved, wait);
    }
  }
  await condition(allHandlersFinished);
  await projector.drained();
  // the whole record, sealed beside the read model, before the workflow completes (docs/records.md)
  if (archiveAtClosePatch()) {
    await archiveCase({
      caseId: state.caseId,
      personKey: state.personKey,
      closedOn: dateOfChainDay(clock, state.closedDay ?? today()),
      view: view(),
      timeline: state.timeline,
    });
  }
  return {
    caseId: state.caseId,
    ...(state.closeReason ? { closeReason: state.closeReason } : {}),
    ...(periodOf(state) ? { period: periodOf(state)! } : {}),
    priorDays: clock.priorDays,
  };
}
