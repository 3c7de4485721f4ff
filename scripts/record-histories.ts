/**
 * `npm run record-histories -- [--out test/integration/histories/vN]`: runs every example scenario through the
 * simulator and saves each case's Temporal history (binary protobuf). CI replays all saved histories against
 * the current workflow code (test/integration/replay.test.ts), so a change that would break running cases fails
 * the build. Record a new folder (v2, v3, …) whenever the workflow changes behaviour; keep the old ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { temporal } from '@temporalio/proto';
import { parseScenario, runScenarios, type Scenario } from '../simulator';
import { REPLAY_FIXTURE_KEY } from '../harness';

const root = path.resolve(__dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'test/integration/histories/current' } } });
const outDir = path.resolve(root, values.out!);

async function main(): Promise<void> {
  const dir = path.join(root, 'scenarios');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const scenarios: Scenario[] = [];
  const fileOf = new Map<string, string>();
  for (const f of files) {
    const parsed = parseScenario(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (!parsed.ok) throw new Error(`${f}: ${parsed.reason}`);
    scenarios.push(parsed.scenario);
    fileOf.set(parsed.scenario.name, f.replace(/\.json$/, ''));
  }
  fs.mkdirSync(outDir, { recursive: true });
  const results = await runScenarios(scenarios, {
    payloadKeys: [REPLAY_FIXTURE_KEY],
    onHistory: (name, history) => {
      // Binary protobuf: compact, exact, and independent of the proto-JSON helpers (which trip over
      // the two protobufjs copies npm installs under @temporalio/*).
      const file = path.join(outDir, `${fileOf.get(name) ?? name}.history.pb`);
      fs.writeFileSync(file, temporal.api.history.v1.History.encode(history as never).finish());
    },
  });
  const failed = results.filter((r) => r.error);
  if (failed.length) throw new Error(failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
  process.stdout.write(`recorded ${scenarios.length} histories into ${path.relative(root, outDir)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
