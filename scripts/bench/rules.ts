/** The pure rules: a 400-day employed case through domain/caseMachine.ts, many times (no Temporal). */
import { performance } from 'node:perf_hooks';
import { advance, applyCommand, openCase, type CaseState } from '../../domain/caseMachine';
import { parseCommandInput } from '../../domain/commandSchemas';
import { CHAIN_SCRIPT, EXAMPLE_ORG_NR, EXAMPLE_REGION } from './chainScript';
import type { Report } from './report';

/** One 400-day case through the pure rules: every command of the script accepted, or it throws. */
export function pureCase(): CaseState {
  let s = openCase({
    caseId: 'bench',
    personKey: 'pk',
    track: 'employed',
    employer: { orgNr: EXAMPLE_ORG_NR },
    region: EXAMPLE_REGION, // the API takes it from the population register
    firstSickDay: '2026-01-05',
    priorDays: 0,
    previousPeriods: [],
    openedOnDay: 16,
  });
  for (const e of CHAIN_SCRIPT) {
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

export function benchRules(report: Report, n = 2000): void {
  pureCase(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) pureCase();
  const ms = performance.now() - t0;
  report.add({
    name: 'rulesMicrosPer400DayCase',
    value: (ms / n) * 1000,
    unit: 'µs',
    what: `a whole 400-day case through the pure rules (${n} cases)`,
  });
}
