/**
 * npm run simulate -- --out-dir DIR [--workflow-bundle FILE] FILE.json [FILE.json …]
 *
 * Runs each scenario (docs/api.md, "Scenario files") against the real workflow, activities and
 * agency stubs on one time-skipping Temporal test server, writes DIR/<name>.result.json and prints
 * one line per scenario. Each result is checked against what its scenario expects
 * (scenarios/expected/<name>.timeline.json and the file's `expected`; simulator/expected.ts) and a
 * differing scenario is named on stderr. Exit code 0 when every scenario ran and matched its
 * expectations (rejected commands are results), 1 when a scenario file is malformed, a run failed
 * or a result differs from what is expected, 2 on bad usage. `--workflow-bundle` runs workflow code
 * bundled before (as the tests' global setup does) instead of bundling it now.
 * The work is done by scripts/simulateCommand.ts.
 */
import { simulateCommand } from './simulateCommand';

simulateCommand(process.argv.slice(2), process).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
