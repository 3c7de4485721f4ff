/**
 * `npm run bench`: speed and memory, measured and printed (never asserted in tests: the machines
 * are shared and noisy). Three levels:
 *  1. the pure rules: a 400-day employed case through domain/caseMachine.ts, many times;
 *  2. the workflow on the real time-skipping server: N concurrent 400-day cases, wall time, history
 *     events per case (against the continue-as-new threshold), worker memory;
 *  3. the API on the real dev server: command round-trip latency (update = validator + handler);
 *  4. the read model at scale on PostgreSQL and PGlite (scripts/benchReadModel.ts): seeding rate,
 *     work list, task list, person search and statistics; BENCH_READ_MODEL_CASES cases (default
 *     20,000 here; 200,000 for the national-scale run).
 */
import { performance } from 'node:perf_hooks';
import { benchReadModel } from './benchReadModel';
import { advance, applyCommand, openCase, type CaseState } from '../domain/caseMachine';
import { parseCommandInput } from '../domain/commands';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { buildApp } from '../api/app';
import { signToken } from '../platform/tokens';
import { startCaseOnChainDay, startTestSystem } from '../harness';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../workflows/case';
import { caseWorkflowId, commandUpdates } from '../workflows/definitions';

/** a synthetic example identity (valid check digit, no real person) */
const EXAMPLE_PERSONNUMMER = '19640823-3234';
const caseworker = { sub: 'hk-1', role: 'caseworker' as const };
const specialist = { sub: 'spec-1', role: 'specialist' as const };
const EXAMPLE_ORG_NR = '556036-0793';
const employer = { sub: 'hr', role: 'employer' as const, org: EXAMPLE_ORG_NR };

/** The commands of a 400-day employed case that meets every milestone, by chain day. */
const SCRIPT: { day: number; command: Parameters<typeof applyCommand>[1]; input: unknown; actor: typeof caseworker | typeof specialist | typeof employer }[] = [
  { day: 16, command: 'register-certificate', input: { from: '2026-01-05', to: '2026-06-30', degree: 100, expectedDurationDays: 200 }, actor: caseworker },
  { day: 18, command: 'register-sick-report', input: {}, actor: employer },
  { day: 20, command: 'assess-work-capacity', input: { criterion: 'own-work', outcome: 'reduced' }, actor: caseworker },
  { day: 25, command: 'assess-rehab-need', input: { need: true }, actor: caseworker },
  { day: 29, command: 'register-plan', input: { via: 'form' }, actor: employer },
  { day: 95, command: 'assess-work-capacity', input: { criterion: 'employer-work', outcome: 'reduced' }, actor: caseworker },
  { day: 151, command: 'order-afu', input: {}, actor: caseworker },
  { day: 180, command: 'submit-afu-report', input: {}, actor: { sub: 'reg', role: 'region' } as never },
  { day: 185, command: 'assess-work-capacity', input: { criterion: 'normal-work', outcome: 'reduced' }, actor: caseworker },
  { day: 187, command: 'review-decision', input: { approve: true }, actor: specialist },
  { day: 370, command: 'assess-work-capacity', input: { criterion: 'normal-work-strict', outcome: 'reduced' }, actor: caseworker },
];

function pureCase(): CaseState {
  let s = openCase({ caseId: 'bench', personKey: 'pk', track: 'employed', employer: { orgNr: '556036-0793' }, firstSickDay: '2026-01-05', priorDays: 0, previousPeriods: [], openedOnDay: 16 });
  advance(s, 16);
  for (const e of SCRIPT) {
    advance(s, e.day);
    s.outbox = [];
    const input = parseCommandInput(e.command, e.input);
    if (!input.ok) throw new Error(`${e.command} on day ${e.day}: ${input.field}: ${input.message}`);
    const r = applyCommand(s, e.command, input.value, e.actor, e.day);
    if (!r.ok) throw new Error(`${e.command} on day ${e.day}: ${r.rejection.code}`);
    s = r.state;
  }
  advance(s, 400);
  return s;
}

function benchPure(): void {
  pureCase(); // warm up
  const n = 2000;
  const t0 = performance.now();
  let events = 0;
  for (let i = 0; i < n; i++) events += pureCase().timeline.length;
  const ms = performance.now() - t0;
  const state = JSON.stringify(pureCase());
  console.log(`1. rules: ${n} whole 400-day cases in ${ms.toFixed(0)} ms = ${((ms / n) * 1000).toFixed(0)} µs/case, ${(events / n).toFixed(0)} timeline events/case, state ${(state.length / 1024).toFixed(1)} KiB/case`);
}

async function benchWorkflows(): Promise<void> {
  const sys = await startTestSystem({ kind: 'time-skipping' });
  const n = Number(process.env.BENCH_CASES ?? 20);
  try {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const handles = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const opening = { caseId: `bench-${i}`, personKey: `pk-${i}`, track: 'employed' as const, employer: { orgNr: '556036-0793' }, firstSickDay: '2026-01-05', priorDays: 0, previousPeriods: [], expectedDurationDays: 200 };
        return (await startCaseOnChainDay(sys, opening, 16, caseWorkflowId(`bench-${i}-${Date.now()}`))).handle;
      }),
    );
    let day = 16;
    for (const e of SCRIPT) {
      await sys.env.sleep((e.day - day) * 86_400_000);
      day = e.day;
      await Promise.all(handles.map((h) => h.executeUpdate(commandUpdates[e.command], { args: [{ input: e.input, actor: e.actor }] })));
    }
    await sys.env.sleep((400 - day) * 86_400_000);
    const ms = performance.now() - t0;
    const counts = await Promise.all(handles.map(async (h) => (await h.fetchHistory()).events?.length ?? 0));
    const max = Math.max(...counts);
    const rss = process.memoryUsage().rss;
    console.log(
      `2. workflows: ${n} concurrent 400-day cases on the time-skipping server in ${(ms / 1000).toFixed(1)} s = ${(ms / n).toFixed(0)} ms/case; ` +
        `history events/case max ${max} (continue-as-new at ${CONTINUE_AS_NEW_AFTER_EVENTS}: ratio ${(max / CONTINUE_AS_NEW_AFTER_EVENTS).toFixed(2)}); process RSS +${((rss - rss0) / 2 ** 20).toFixed(0)} MiB (${(rss / 2 ** 20).toFixed(0)} MiB)`,
    );
  } finally {
    await sys.stop();
  }
}

async function benchApi(): Promise<void> {
  const sys = await startTestSystem({ kind: 'local' });
  const secret = 'bench-secret-bench-secret-bench-secret-00';
  const app = await buildApp({ temporal: sys.env.client, readModel: sys.readModel.db, taskQueue: sys.taskQueue, jwtSecret: secret, personKeySecret: secret, payloadKeys: sys.keys, logger: false, rateLimitPerMinute: 1_000_000 });
  try {
    const auth = { authorization: `Bearer ${signToken(secret, caseworker)}` };
    const today = stockholmDateOf(Date.now());
    const open = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: { personnummer: EXAMPLE_PERSONNUMMER, employment: { type: 'unemployed' }, firstSickDay: addDays(today, -10) },
    });
    const { caseId } = open.json() as { caseId: string };
    const lat = async (n: number, f: (i: number) => Promise<unknown>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await f(i);
        out.push(performance.now() - t);
      }
      return out.sort((a, b) => a - b);
    };
    const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1);
    const before = (await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).historyLength;
    const cmd = await lat(150, (i) =>
      app.inject({ method: 'POST', url: `/cases/${caseId}/commands/record-consent`, headers: auth, payload: { scope: 'joint-mapping', given: i % 2 === 0 } }),
    );
    const read = await lat(200, () => app.inject({ url: `/cases/${caseId}`, headers: auth }));
    const rejected = await lat(200, () =>
      app.inject({ method: 'POST', url: `/cases/${caseId}/commands/assess-work-capacity`, headers: auth, payload: { criterion: 'own-work', outcome: 'reduced' } }),
    );
    console.log(`3. API on the dev server: command p50 ${pct(cmd, 0.5)} ms p95 ${pct(cmd, 0.95)} ms; read p50 ${pct(read, 0.5)} ms p95 ${pct(read, 0.95)} ms; rejected command p50 ${pct(rejected, 0.5)} ms (ratio accepted/rejected ${(Number(pct(cmd, 0.5)) / Number(pct(rejected, 0.5))).toFixed(2)})`);
    const d = await sys.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    // 150 accepted commands stay below the continue-as-new threshold (1000 events), so one run holds them all
    console.log(
      `   history: ${((d.historyLength - before) / 150).toFixed(1)} events per accepted command, 0 per rejected one ` +
        `(${d.historyLength - before} events for 150 accepted + 200 rejected commands)`,
    );
  } finally {
    await app.close();
    await sys.stop();
  }
}

async function main(): Promise<void> {
  console.log(`bench on ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  benchPure();
  await benchWorkflows();
  await benchApi();
  console.log('4. read model:');
  await benchReadModel();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
