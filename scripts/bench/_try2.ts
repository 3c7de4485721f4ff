import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWorkflows } from '../../worker/createWorker';
import { claimOpenCase } from '../../readModel/claims';
import { closedPeriodsOf } from '../../readModel/queries';
import { percentile, runClients } from './stats';
import { openThroughApi, rawOpening, startBenchSystem } from './system';
async function main() {
  const bundle = await bundleWorkflows(path.join('/tmp/perfx', 'wb.js'));
  const b = await startBenchSystem({ workflowBundlePath: bundle });
  const t: Record<string, number[]> = { claim: [], closed: [], start: [], api: [] };
  const time = async <T>(k: string, f: () => Promise<T>) => {
    const s = performance.now();
    const r = await f();
    t[k]!.push(performance.now() - s);
    return r;
  };
  for (let round = 0; round < 2; round++) {
    await runClients('x', 200, 8, async () => {
      const input = rawOpening(b.nextPerson(), crypto.randomUUID());
      await time('claim', () => claimOpenCase(b.sys.readModel.db, input.opening.personKey, input.opening.caseId));
      await time('closed', () => closedPeriodsOf(b.sys.readModel.db, input.opening.personKey));
      await time('start', () => b.raw.start(input));
    });
    await runClients('y', 200, 8, () => time('api', () => openThroughApi(b)));
  }
  for (const [k, v] of Object.entries(t)) {
    v.sort((a, b) => a - b);
    console.log(
      k,
      'p50',
      percentile(v, 50).toFixed(1),
      'p90',
      percentile(v, 90).toFixed(1),
      'mean',
      (v.reduce((a, b) => a + b, 0) / v.length).toFixed(1),
    );
  }
  await b.stop();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
