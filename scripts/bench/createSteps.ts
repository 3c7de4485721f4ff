/**
 * Where a creation's time goes: the steps of POST /cases done one by one under the same load
 * (8 clients): the claim on the person (which reads the person's closed periods with it), the
 * start; mean ms of each, next to the whole API call.
 */
import { performance } from 'node:perf_hooks';
import { reserveOpenCase } from '../../readModel/openCaseReservation';
import { runClients } from './stats';
import { openThroughApi, rawOpening, type BenchSystem } from './system';
import type { Report } from './report';

export async function benchCreateSteps(b: BenchSystem, report: Report, total = 200, clients = 8): Promise<void> {
  const ms: Record<'claim' | 'start' | 'api', number[]> = { claim: [], start: [], api: [] };
  const time = async <T>(step: keyof typeof ms, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    ms[step].push(performance.now() - t);
    return r;
  };
  await runClients('create steps', total, clients, async () => {
    const input = rawOpening(b, b.nextPerson());
    await time('claim', () => reserveOpenCase(b.readModel, input.opening.personKey, input.opening.caseId));
    await time('start', () => b.raw.start(input));
  });
  await runClients('create steps (API)', total, clients, () => time('api', () => openThroughApi(b)));
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  for (const step of Object.keys(ms) as (keyof typeof ms)[]) {
    const name = `createStepMs${step[0]!.toUpperCase()}${step.slice(1)}`;
    report.add({
      name,
      value: mean(ms[step]),
      unit: 'ms',
      what: `mean of ${step === 'api' ? 'the whole POST /cases' : `the ${step} step`}, ${clients} clients`,
    });
  }
}
