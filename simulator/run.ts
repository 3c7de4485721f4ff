/**
 * Runs scenarios against the real case workflow, the real agency activities and the agency stubs
 * (over real HTTP) on ONE time-skipping Temporal test server.
 *
 * Timing (docs/api.md): the case opens on `openedOnDay` at 08:00 Stockholm time (the workflow is
 * started with a clock offset so its clock reads that instant), each event on day N runs at 12:00
 * Stockholm time on day N (after that day's milestones, whose timers fire at 00:00), and the run
 * stops at the end of `untilDay` (23:59 Stockholm time) or when the case closes.
 *
 * The test server holds time still while an activity or workflow task is outstanding, so agency
 * answers land on the day they were asked; after every command and every time jump the runner also
 * waits (in real time) until no activity is pending, so that what follows sees their effects.
 *
 * Scenarios run one after another (the server's clock is shared and only moves forward); each one
 * gets its own clock offset, workflow and case ID. No personnummer is ever logged or returned: the
 * workflow gets only its keyed hash (per-run random secret).
 */
import crypto from 'node:crypto';
import { randomCaseId } from '../platform/caseIds';
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { dateOfChainDay, relapsePriorDays, stockholmInstant, type ChainClock, type Period } from '../domain/calendar';
import type { CarriedOver } from '../domain/rules/relapse';
import { reserveOpenCase, releaseReservation } from '../readModel/openCaseReservation';
import { parseOrgNr, parsePersonnummer } from '../domain/identity';
import type { CaseView } from '../domain/caseMachine';
import type { TimelineEvent } from '../domain/vocabulary';
import type { PayloadKey } from '../platform/codec';
import { personKey } from '../platform/secrets';
import { httpPopulationRegister } from '../platform/populationRegister';
import { startCaseOnChainDay, startTestSystem, type TestSystem } from '../harness';
import { caseQuery, casePageQuery, commandUpdates } from '../workflows/definitions';
import { rejectionOf } from '../platform/rejections';
import type { Scenario } from './scenario';

export interface RejectedCommand {
  day: number;
  command: string;
  code: string;
  message: string;
  /** the HTTP status the API would answer */
  status: number;
}

export type FinalState = CaseView & {
  /**
   * The chain day the workflow's own case query reported, when it differs from `chainDay`. The query
   * computes the day from the workflow's clock, which only moves when the workflow wakes up, so
   * between wake-ups it lags behind (see the simulator's report).
   */
  workflowChainDay?: number;
};

/** The result file of docs/api.md, plus the number of Temporal history events. */
export interface ScenarioResult {
  name: string;
  caseId: string;
  timeline: TimelineEvent[];
  rejected: RejectedCommand[];
  final: FinalState;
  historyEvents: number;
  /** set only when the run itself failed (not for rejected commands) */
  error?: string;
}

export interface RunOptions {
  /** progress and diagnostics (never personal data); default: nothing */
  log?: (line: string) => void;
  /** called as soon as each scenario has finished */
  onResult?: (result: ScenarioResult, index: number) => void | Promise<void>;
  /** gets each scenario's Temporal history (e.g. to count event types); default: nothing */
  onHistory?: (name: string, history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>) => void;
  /** payload encryption keys; default: one random key for this run (recording replay fixtures needs a fixed one) */
  payloadKeys?: PayloadKey[];
  /** HTTP latency of the agency stubs in ms, [min, max]; default [0, 2] */
  stubLatencyMs?: [number, number];
  /** called right after each scenario, before the clock moves on (e.g. to read the system's read model) */
  inspect?: (sys: TestSystem, result: ScenarioResult) => Promise<void>;
  /** the workflow code already bundled (the tests' global setup builds it); default: bundle it now */
  workflowBundlePath?: string;
}

/** The run stops this long before 00:00 after untilDay (see runOne). */
const END_MARGIN_MS = 60_000;

interface Ctx {
  sys: TestSystem;
  onHistory?: RunOptions['onHistory'];
  personKeySecret: string;
}

/** Real-time wait until the workflow has no pending activity (their answers are then applied). */
async function untilNoPendingActivity(handle: WorkflowHandle, maxMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const d = await handle.describe();
    if ((d.raw.pendingActivities?.length ?? 0) === 0) return;
    if (Date.now() - started > maxMs) throw new Error(`activities still pending after ${maxMs} ms`);
    await delay(5);
  }
}

/** Real-time wait until the read model has the case closed (its closing projection holds its period). */
async function untilClosedInReadModel(ctx: Ctx, caseId: string, maxMs = 30_000): Promise<void> {
  const started = Date.now();
  const db = ctx.sys.readModel.db;
  while ((await db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status !== 'closed') {
    if (Date.now() - started > maxMs) throw new Error(`the earlier case never reached the read model as closed`);
    await delay(20);
  }
}

/** One case of a scenario: its own or an earlier one, as opened (for an earlier one, on the clock of its own days). */
interface CaseRun {
  case: Scenario['case'];
  events: Scenario['events'];
  untilDay: number;
  priorDays: number;
  openedOnDay: number;
  previousPeriods: Period[];
  carriedOver?: CarriedOver;
}

/**
 * The scenario's earlier cases (`before`) run first, each until it closes; then its own case opens
 * as the API would open it: the person's closed periods and what a relapse carries over come from
 * the read model, under the person key (readModel/openCaseReservation.ts).
 */
async function runOne(ctx: Ctx, sc: Scenario, personKeySecret: string): Promise<ScenarioResult> {
  if (!sc.before.length) return runCase(ctx, sc, { ...sc, previousPeriods: sc.case.previousPeriods ?? [] }, personKeySecret);
  for (const [i, b] of sc.before.entries()) {
    const last = b.events.at(-1)?.day ?? b.openedOnDay;
    const r = await runCase(
      ctx,
      sc,
      { ...b, untilDay: b.untilDay ?? last, previousPeriods: b.case.previousPeriods ?? [] },
      personKeySecret,
    );
    if (r.final.status !== 'closed') throw new Error(`before[${i}]: the earlier case has not closed by day ${b.untilDay ?? last}`);
    await untilClosedInReadModel(ctx, r.caseId);
  }
  const pnr = parsePersonnummer(sc.case.personnummer, sc.case.firstSickDay);
  if (!pnr.ok) throw new Error(`case.personnummer: ${pnr.reason}`);
  const key = personKey(personKeySecret, pnr.value.normalised);
  const reservationId = `reservation-${crypto.randomUUID()}`;
  const claim = await reserveOpenCase(ctx.sys.readModel.db, key, reservationId);
  if (!claim.won) throw new Error('an earlier case is still open');
  await releaseReservation(ctx.sys.readModel.db, key, reservationId); // the simulator only reads what the API's claim would
  const previousPeriods = [...(sc.case.previousPeriods ?? []), ...claim.closedPeriods];
  const priorDays = relapsePriorDays(sc.case.firstSickDay, previousPeriods);
  const openedOnDay = sc.case.openedOnDay ?? priorDays + 1;
  const early = sc.events.find((e) => e.day < openedOnDay);
  if (openedOnDay < priorDays + 1 || early || sc.untilDay < openedOnDay) {
    throw new Error(`the case opens on chain day ${openedOnDay} (priorDays ${priorDays}): its days must not be before that`);
  }
  const carried = priorDays > 0 && claim.carriedOver ? { carriedOver: claim.carriedOver } : {};
  return runCase(ctx, sc, { ...sc, priorDays, openedOnDay, previousPeriods, ...carried }, personKeySecret);
}

async function runCase(ctx: Ctx, sc: Scenario, run: CaseRun, personKeySecret: string): Promise<ScenarioResult> {
  const { env } = ctx.sys;
  const c = run.case;
  const clock: ChainClock = { firstSickDay: c.firstSickDay, priorDays: run.priorDays };
  const openedOn = dateOfChainDay(clock, run.openedOnDay);
  const pnr = parsePersonnummer(c.personnummer, openedOn);
  if (!pnr.ok) throw new Error(`case.personnummer: ${pnr.reason}`); // parseScenario has checked it
  const employer = c.employment.employer;
  const orgNr = employer ? parseOrgNr(employer.orgNr) : undefined;
  if (orgNr && !orgNr.ok) throw new Error(`case.employment.employer.orgNr: ${orgNr.reason}`);

  const caseId = randomCaseId();
  // as the API does: the region FK asks is the county of the person's address in the population register
  const { county: region } = await httpPopulationRegister(ctx.sys.stubsUrl).lookup(pnr.value.normalised);
  const opening = {
    caseId,
    personKey: personKey(personKeySecret, pnr.value.normalised),
    track: c.employment.type,
    ...(employer && orgNr?.ok ? { employer: { orgNr: orgNr.value.normalised, ...(employer.name ? { name: employer.name } : {}) } } : {}),
    firstSickDay: c.firstSickDay,
    priorDays: run.priorDays,
    previousPeriods: run.previousPeriods,
    ...(run.carriedOver ? { carriedOver: run.carriedOver } : {}),
    ...(c.expectedDurationDays !== undefined ? { expectedDurationDays: c.expectedDurationDays } : {}),
    ...(c.caseworkerId ? { caseworkerId: c.caseworkerId } : {}),
    ...(c.team ? { team: c.team } : {}),
    region,
  };
  const { handle, clockOffsetMs } = await startCaseOnChainDay(ctx.sys, opening, run.openedOnDay);
  // server time of hour h on chain day N (the case's clock = server clock + offset)
  const serverAt = (day: number, hour: number): number => stockholmInstant(dateOfChainDay(clock, day), hour) - clockOffsetMs;
  const sleepUntil = async (serverTime: number): Promise<void> => {
    const now = await env.currentTimeMs();
    if (serverTime > now) await env.sleep(serverTime - now);
  };
  await untilNoPendingActivity(handle);

  // A query costs a workflow task (a whole replay once the closed case's workflow has completed):
  // asked once per event, after the day's timers, since a command's answer says itself if it closed the case.
  const isClosed = async (): Promise<boolean> => (await handle.query(caseQuery)).status === 'closed';
  const rejected: RejectedCommand[] = [];
  let closed = false;
  for (const ev of run.events) {
    if (closed) break;
    await sleepUntil(serverAt(ev.day, 12));
    await untilNoPendingActivity(handle);
    if ((closed = await isClosed())) break;
    try {
      // a scenario's region speaks for the case's region, as the region's token would name it
      const actor = ev.actor.role === 'region' ? { ...ev.actor, region } : ev.actor;
      const answer = await handle.executeUpdate(commandUpdates[ev.command], { args: [{ input: ev.input, actor }] });
      closed = answer.status === 'closed';
    } catch (err) {
      const r = rejectionOf(err);
      if (!r) throw err;
      rejected.push({ day: ev.day, command: ev.command, ...r });
    }
    await untilNoPendingActivity(handle);
  }
  if (!closed && !(await isClosed())) {
    // The end of untilDay. Not 00:00 minus 1 ms: outside env.sleep the test server's clock runs on
    // in real time, so the next day's 00:00 timers would fire while the results are being read.
    // Nothing is scheduled between 12:00 and 00:00, so a minute's margin changes nothing else.
    await sleepUntil(serverAt(run.untilDay + 1, 0) - END_MARGIN_MS);
    await untilNoPendingActivity(handle);
  }

  const { view, timeline } = await handle.query(casePageQuery);
  const history = await handle.fetchHistory();
  ctx.onHistory?.(sc.name, history);
  // Rule: an open case was last seen at the end of untilDay (the workflow's query lags, see FinalState)
  const chainDay = view.status === 'closed' ? view.chainDay : run.untilDay;
  const final: FinalState = {
    ...view,
    chainDay,
    date: dateOfChainDay(clock, chainDay),
    ...(view.chainDay !== chainDay ? { workflowChainDay: view.chainDay } : {}),
  };
  return { name: sc.name, caseId, timeline, rejected, final, historyEvents: history.events?.length ?? 0 };
}

/**
 * Run scenarios one after another on one time-skipping test server with one worker and one stubs
 * server; results come back in the order of `scenarios`. A scenario whose run fails (not a rejected
 * command: those are results) gets `error` set and the others still run.
 */
export async function runScenarios(scenarios: readonly Scenario[], opts: RunOptions = {}): Promise<ScenarioResult[]> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const sys = await startTestSystem({
    kind: 'time-skipping',
    ...(opts.payloadKeys ? { keys: opts.payloadKeys } : {}),
    stubBehaviour: { latencyMs: opts.stubLatencyMs ?? [0, 2], callbacks: false },
    ...(opts.workflowBundlePath ? { workflowBundlePath: opts.workflowBundlePath } : {}),
  });
  try {
    log(`simulator ready in ${Date.now() - t0} ms (stubs ${sys.stubsUrl})`);
    const ctx: Ctx = { sys, onHistory: opts.onHistory, personKeySecret: crypto.randomBytes(32).toString('hex') };
    const results: ScenarioResult[] = [];
    for (const [i, sc] of scenarios.entries()) {
      const started = Date.now();
      let result: ScenarioResult;
      try {
        // each scenario is its own person (its earlier cases are the same person): keys per scenario
        result = await runOne(ctx, sc, `${ctx.personKeySecret}:${i}`);
      } catch (err) {
        result = {
          name: sc.name,
          caseId: '',
          timeline: [],
          rejected: [],
          final: {} as FinalState,
          historyEvents: 0,
          error: err instanceof Error ? err.message : String(err),
        };
      }
      log(`ran "${sc.name}" in ${Date.now() - started} ms`);
      results.push(result);
      await opts.inspect?.(sys, result);
      await opts.onResult?.(result, i);
    }
    return results;
  } finally {
    await sys.stop();
  }
}
