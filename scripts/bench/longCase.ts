/**
 * Whole 400-day cases on the time-skipping server: N concurrent cases through the chain script;
 * history events per case (against the continue-as-new threshold) and simulated days per second.
 */
import { performance } from 'node:perf_hooks';
import { startCaseOnChainDay, startTestSystem } from '../../harness';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/case';
import { caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import { CHAIN_SCRIPT, EXAMPLE_ORG_NR, EXAMPLE_REGION } from './chainScript';
import type { Report } from './report';

export async function benchLongCases(report: Report, n: number): Promise<void> {
  const sys = await startTestSystem({ kind: 'time-skipping' });
  try {
    const t0 = performance.now();
    const run = `${Date.now()}`;
    const handles = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const opening = {
          caseId: `bench-${i}`,
          personKey: `pk-${i}`,
          track: 'employed' as const,
          employer: { orgNr: EXAMPLE_ORG_NR },
          region: EXAMPLE_REGION, // the API takes it from the population register
          firstSickDay: '2026-01-05',
          priorDays: 0,
          previousPeriods: [],
          expectedDurationDays: 200,
        };
        return (await startCaseOnChainDay(sys, opening, 16, caseWorkflowId(`bench-${i}-${run}`))).handle;
      }),
    );
    let day = 16;
    for (const e of CHAIN_SCRIPT) {
      await sys.env.sleep((e.day - day) * 86_400_000);
      day = e.day;
      await Promise.all(handles.map((h) => h.executeUpdate(commandUpdates[e.command], { args: [{ input: e.input, actor: e.actor }] })));
    }
    await sys.env.sleep((400 - day) * 86_400_000);
    const seconds = (performance.now() - t0) / 1000;
    const counts = await Promise.all(handles.map(async (h) => (await h.fetchHistory()).events?.length ?? 0));
    report.add({
      name: 'historyEventsPer400DayCase',
      value: Math.max(...counts),
      unit: 'events',
      what: `history events of a 400-day case, max of ${n} (continue-as-new at ${CONTINUE_AS_NEW_AFTER_EVENTS})`,
    });
    report.add({
      name: 'simulatedDaysPerSecond',
      value: (n * (400 - 16)) / seconds,
      unit: 'case-days/s',
      what: `${n} concurrent 400-day cases on the time-skipping server in ${seconds.toFixed(1)} s`,
    });
  } finally {
    await sys.stop();
  }
}
